/**
 * Telecom identifiers for generated fleets: ICCIDs with a valid Luhn check digit whose body encodes the product's
 * index (so a lookup by ICCID needs no index), IMSIs with the carrier's MCC/MNC, MSISDNs with its country code.
 */
import type { Random } from './random.js';

/** The Luhn check digit for a string of digits. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/**
 * ICCID layout used by every simulator: `89` + country code + issuer (from `prefix`) + account number (2 digits) +
 * product index (zero-padded to fill 18 digits) + Luhn digit = 19 digits.
 */
export interface IccidPlan {
  /** "89" + country calling code + issuer id, e.g. "894902" for Telekom Deutschland. */
  prefix: string;
  /** Account number within the simulator, 0..99. */
  account: number;
}

export function iccidFor(plan: IccidPlan, index: number): string {
  const head = plan.prefix + String(plan.account).padStart(2, '0');
  const body = head + String(index).padStart(18 - head.length, '0');
  if (body.length !== 18) throw new Error(`ICCID body too long for index ${index}`);
  return body + luhnDigit(body);
}

/** The inverse of iccidFor: the index of an ICCID in that account, or undefined when it is not one of ours. */
export function indexOfIccid(plan: IccidPlan, iccid: string): number | undefined {
  const head = plan.prefix + String(plan.account).padStart(2, '0');
  if (iccid.length !== 19 || !iccid.startsWith(head) || !isLuhnValid(iccid)) return undefined;
  const index = Number(iccid.slice(head.length, 18));
  return Number.isSafeInteger(index) ? index : undefined;
}

/** IMSI: MCC (3) + MNC (2–3) + MSIN, 15 digits; the MSIN carries account and index so IMSIs are unique too. */
export function imsiFor(mccMnc: string, account: number, index: number): string {
  const msinLength = 15 - mccMnc.length;
  return mccMnc + (String(account).padStart(2, '0') + String(index).padStart(msinLength - 2, '0')).slice(-msinLength);
}

/** MSISDN in E.164 digits without '+': country code + a national number derived from account and index. */
export function msisdnFor(countryCode: string, account: number, index: number): string {
  return countryCode + '7' + String(account).padStart(2, '0') + String(index).padStart(8, '0');
}

/** An IMEI (15 digits, Luhn) from a TAC chosen by the generator. */
export function imeiFor(random: Random): string {
  const body = random.pick(['35332811', '86920304', '35899609', '01563200']) + random.digits(6);
  return body + luhnDigit(body);
}

/** An EID (32 digits) for eUICCs. */
export function eidFor(random: Random): string {
  return '89049032' + random.digits(24);
}
