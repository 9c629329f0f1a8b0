/**
 * Product and monitor ids. A bundle id is `{CODE}-{key}` (ICCID for cellular, terminal serial for satellite); its
 * sub-products append `-simCard`, `-terminal`, `-dataConnectivity` or `-usageVolume-data`. Parsing is strict: an
 * unknown code, a malformed key or an unknown suffix is a BAD_USER_INPUT naming the offending part, raised before
 * any backend is called.
 */
import { isPlatformCode, PLATFORMS, type PlatformCode } from '../datasources/registry.js';
import { badInput } from './errors.js';

export const SUB_PRODUCTS = ['simCard', 'terminal', 'dataConnectivity', 'usageVolume-data'] as const;
export type SubProduct = (typeof SUB_PRODUCTS)[number];

export interface ProductRef {
  platform: PlatformCode;
  /** ICCID or terminal serial number. */
  key: string;
}

export interface ParsedProductId extends ProductRef {
  /** undefined for the bundle itself. */
  sub?: SubProduct;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Checks an ICCID: 18–20 digits with a valid Luhn check digit. Returns an error message, or null when valid. */
export function iccidProblem(iccid: string): string | null {
  if (!/^\d+$/.test(iccid)) return `ICCID "${iccid}" must contain digits only`;
  if (iccid.length < 18 || iccid.length > 20) return `ICCID "${iccid}" must have 18 to 20 digits (has ${iccid.length})`;
  if (!luhnValid(iccid)) return `ICCID "${iccid}" fails its Luhn check digit`;
  return null;
}

const SERIAL = /^[A-Za-z0-9]{1,32}$/;

/** Checks a product key for a platform; returns an error message, or null when valid. */
export function keyProblem(platform: PlatformCode, key: string): string | null {
  if (PLATFORMS[platform].key === 'ICCID') return iccidProblem(key);
  return SERIAL.test(key) ? null : `terminal serial number "${key}" must be 1 to 32 letters or digits`;
}

export function formatProductId(ref: ProductRef, sub?: SubProduct): string {
  return `${ref.platform}-${ref.key}${sub ? `-${sub}` : ''}`;
}

/** Parses a product or sub-product id, throwing BAD_USER_INPUT that names the part that is wrong. */
export function parseProductId(id: string): ParsedProductId {
  if (typeof id !== 'string' || id.length === 0 || id.length > 128)
    throw badInput(`Product id must be 1 to 128 characters`, { field: 'id' });
  const dash = id.indexOf('-');
  const code = dash < 0 ? id : id.slice(0, dash);
  if (!isPlatformCode(code))
    throw badInput(`Product id "${id}": unknown platform code "${code}"`, { field: 'id', part: 'platform' });
  const rest = id.slice(dash + 1);
  if (dash < 0 || rest.length === 0)
    throw badInput(`Product id "${id}": the ICCID or serial number after "${code}-" is missing`, {
      field: 'id',
      part: 'key',
    });
  let key = rest;
  let sub: SubProduct | undefined;
  const firstDash = rest.indexOf('-');
  if (firstDash >= 0) {
    key = rest.slice(0, firstDash);
    const suffix = rest.slice(firstDash + 1);
    if (!(SUB_PRODUCTS as readonly string[]).includes(suffix)) {
      throw badInput(
        `Product id "${id}": unknown sub-product "${suffix}" (expected one of ${SUB_PRODUCTS.join(', ')})`,
        { field: 'id', part: 'suffix' },
      );
    }
    sub = suffix as SubProduct;
  }
  const problem = keyProblem(code, key);
  if (problem) throw badInput(`Product id "${id}": ${problem}`, { field: 'id', part: 'key' });
  return { platform: code, key, sub };
}

/** Parses an id that must name a bundle or one specific sub-product. */
export function parseIdOf(id: string, expected: SubProduct | undefined): ProductRef {
  const parsed = parseProductId(id);
  if (parsed.sub !== expected) {
    const want = expected ? `a "-${expected}" id` : 'a product bundle id (without suffix)';
    throw badInput(`Id "${id}" is not ${want}`, { field: 'id', part: 'suffix' });
  }
  return { platform: parsed.platform, key: parsed.key };
}

export const MONITOR_ID_PREFIX = 'monitor-';
const MONITOR_ID = /^monitor-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isMonitorId(id: string): boolean {
  return MONITOR_ID.test(id);
}

export function parseMonitorId(id: string): string {
  if (!isMonitorId(id)) throw badInput(`Monitor id "${id}" is malformed (expected monitor-<uuid>)`, { field: 'id' });
  return id;
}
