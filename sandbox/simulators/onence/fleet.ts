/**
 * The SIMs of one 1NCE organization, generated from (seed, account, index) and never materialised: every
 * identifier encodes the SIM's index, so a look-up by ICCID, IP address or IMEI parses the index back instead of
 * searching. Only changes (status, label, IMEI lock, activity) are held, by the core Fleet.
 */
import { Fleet } from '../../core/fleet.js';
import { imsiFor, luhnDigit } from '../../core/identifiers.js';
import { rng } from '../../core/random.js';
import {
  CONNECTIVITY_WEIGHTS,
  EXPIRED_SHARE_OF_DISABLED,
  LIFETIME_YEARS,
  NETWORKS,
  RAT_TYPES,
  STATUS_WEIGHTS,
  type ConnectivityV1,
  type Network,
  type RatType,
  type SimStatus,
} from './statuses.js';

/** 1NCE ICCIDs: 89 (telecom) + 882 (international networks) + issuer 28 → "8988228". */
export const ICCID_PREFIX = '8988228';
/** 1NCE's IMSI ranges (MCC 901 international): the primary and the second IMSI of multi-IMSI SIMs. */
export const IMSI_PLMN = '901405';
export const IMSI_2_PLMN = '901439';
/** MSISDNs under the international code 882 (the spec's example: 882285100000018). */
export const MSISDN_PREFIX = '882285';

const DAY_MS = 86_400_000;
/** The largest index the layouts below can carry (ICCID 10 digits, IMEI serial 6 digits). */
export const MAX_FLEET = 1_000_000;

/** A usage period of a SIM: [from, to) in ms, `to` null while it still runs. */
export type Interval = readonly [number, number | null];

export interface OneNceSim {
  index: number;
  /** 19 digits, no check digit: the key the API is called with. */
  iccid: string;
  /** The same plus its Luhn digit (20 digits), as printed on the card. */
  iccidWithLuhn: string;
  imsi: string;
  imsi2: string;
  currentImsi: string;
  msisdn: string;
  imei: string;
  imeiLock: boolean;
  status: SimStatus;
  label: string;
  activatedAt: number;
  /** End of the SIM's 10-year lifetime; past it the SIM is expired and refuses changes. */
  expiresAt: number;
  ipAddress: string;
  /** MB per day while enabled. */
  dataRateMB: number;
  /** SMS per day while enabled. */
  smsPerDay: number;
  /** Volume consumed before the current month, MB / SMS. */
  priorDataMB: number;
  priorSms: number;
  /** Connectivity while enabled. */
  presence: ConnectivityV1;
  rat: RatType;
  network: Network;
  /** Seconds: shifts this SIM's session and location-update times. */
  phase: number;
  /** When set (after a status change), the enabled periods of the current month; otherwise derived from status. */
  activity?: Interval[];
  /** Last change of status through the API. */
  statusChangedAt?: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The 19-digit ICCID of SIM `index` of `account`: prefix + account (2) + index (10). */
export const iccidOf = (account: number, index: number) => `${ICCID_PREFIX}${pad(account, 2)}${pad(index, 10)}`;

/** The index of a 19-digit ICCID, or its 20-digit form with a valid Luhn digit; undefined when not this account's. */
export function indexOfIccid(account: number, iccid: string, size: number): number | undefined {
  if (!/^\d{19,20}$/.test(iccid)) return undefined;
  const body = iccid.slice(0, 19);
  if (iccid.length === 20 && luhnDigit(body) !== iccid[19]) return undefined;
  if (!body.startsWith(`${ICCID_PREFIX}${pad(account, 2)}`)) return undefined;
  const index = Number(body.slice(9));
  return index < size ? index : undefined;
}

/** Carrier-grade NAT addresses (the spec's example is 100.100.100.18): 100.64.0.0/10 holds index + 1. */
export function ipOf(index: number): string {
  const n = index + 1;
  return `100.${64 + ((n >>> 16) & 63)}.${(n >>> 8) & 255}.${n & 255}`;
}

export function indexOfIp(ip: string): number | undefined {
  const m = /^100\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a < 64 || a > 127 || b > 255 || c > 255) return undefined;
  return (a - 64) * 65_536 + b * 256 + c - 1;
}

/** One device model per organization (an IoT fleet is usually one product): TAC + serial (= index) + Luhn. */
export function imeiOf(seed: string, account: number, index: number): string {
  const tac = rng(seed, '1NCE-tac', account).pick(['35332811', '86920304', '35899609', '35271311']);
  const body = tac + pad(index, 6);
  return body + luhnDigit(body);
}

export const indexOfImei = (imei: string) => (/^\d{15}$/.test(imei) ? Number(imei.slice(8, 14)) : undefined);

/** SIM `index` of `account`, generated from the seed alone. */
export function generateSim(seed: string, account: number, index: number): OneNceSim {
  const r = rng(seed, '1NCE', account, index);
  const status = r.weighted(STATUS_WEIGHTS);
  const expired = status === 'Disabled' && r.float() < EXPIRED_SHARE_OF_DISABLED;
  // Expired SIMs were activated 2012–2014 (lifetime over by 2024); the others 2017–2025.
  const activatedAt =
    Date.UTC(expired ? 2012 : 2017, 0, 1) +
    r.int(0, expired ? 3 * 365 - 1 : 9 * 365 - 1) * DAY_MS +
    r.int(0, DAY_MS / 1000 - 1) * 1000;
  const expiry = new Date(activatedAt);
  expiry.setUTCFullYear(expiry.getUTCFullYear() + LIFETIME_YEARS);
  const imsi = imsiFor(IMSI_PLMN, account, index);
  const imsi2 = imsiFor(IMSI_2_PLMN, account, index);
  const share = r.float();
  return {
    index,
    iccid: iccidOf(account, index),
    iccidWithLuhn: iccidOf(account, index) + luhnDigit(iccidOf(account, index)),
    imsi,
    imsi2,
    currentImsi: r.float() < 0.8 ? imsi : imsi2,
    msisdn: `${MSISDN_PREFIX}${pad(account, 2)}${pad(index, 7)}`,
    imei: imeiOf(seed, account, index),
    imeiLock: r.float() < 0.1,
    status,
    label: r.float() < 0.6 ? `DX-${r.int(100, 999)}-B${r.int(10, 99)}` : '',
    activatedAt,
    expiresAt: expiry.getTime(),
    ipAddress: ipOf(index),
    dataRateMB: r.int(5, 500) / 100,
    smsPerDay: r.int(0, 4),
    // Squared: most SIMs used little so far, a few are close to (or past) their 500 MB.
    priorDataMB: expired ? 500 : Math.round(share * share * 520 * 1000) / 1000,
    priorSms: r.int(0, 120),
    presence: r.weighted(CONNECTIVITY_WEIGHTS),
    rat: r.weighted(RAT_TYPES.map((t) => [t, t.weight] as const)),
    network: r.pick(NETWORKS),
    phase: r.int(0, 21_599),
  };
}

export const createFleet = (seed: string, account: number, size: number) => {
  if (size > MAX_FLEET) throw new RangeError(`1NCE fleets hold at most ${MAX_FLEET} SIMs per organization`);
  return new Fleet<OneNceSim>(size, (index) => generateSim(seed, account, index));
};
