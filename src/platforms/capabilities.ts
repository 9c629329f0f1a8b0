/**
 * The capability matrix (seed 001): what the gateway offers per platform. An operation a platform lacks is refused
 * with NOT_SUPPORTED before any backend call (see `requireFeature`).
 */
import type { PlatformCode } from './catalog.js';

export const FEATURES = [
  'LIST_PRODUCTS', 'PRODUCT_DETAILS', 'FIND_BY_BUSINESS_ID', 'SIM_CARD_DETAILS', 'TERMINAL_DETAILS', 'DATA_CONNECTIVITY',
  'USAGE', 'SIM_STATUS_CHANGE', 'TERMINAL_STATUS_CHANGE', 'CHARACTERISTICS_UPDATE', 'CUSTOM_PROPERTIES', 'BATCH_UPDATE',
  'MONITOR', 'CANCEL_MONITOR',
] as const;
export type Feature = (typeof FEATURES)[number];

/** Column order of the matrix below. */
const COLUMNS: readonly PlatformCode[] = ['TMSP', 'TMUS', 'INTELSAT', 'IOTA', 'JASPER', 'AIRLINQ', '1NCE', 'STC', 'TURKCELL', 'GALAXY1'];

/** ✔ = 1, ✖ = 0, in COLUMNS order — the seed's table, as written there. */
const MATRIX: Readonly<Record<Feature, string>> = {
  //                       TMSP TMUS INTL IOTA JASP AIRL 1NCE STC  TURK GAL1
  LIST_PRODUCTS:          '1    1    1    1    1    1    1    1    1    1',
  PRODUCT_DETAILS:        '1    1    1    1    1    1    1    1    1    1',
  FIND_BY_BUSINESS_ID:    '1    1    1    1    1    1    1    1    1    1',
  SIM_CARD_DETAILS:       '1    1    0    1    1    1    1    1    1    1',
  TERMINAL_DETAILS:       '0    0    1    0    0    0    0    0    0    1',
  DATA_CONNECTIVITY:      '1    1    0    1    1    1    1    1    1    0',
  USAGE:                  '1    1    1    1    1    1    1    1    1    1',
  SIM_STATUS_CHANGE:      '1    1    0    1    1    1    1    1    0    0',
  TERMINAL_STATUS_CHANGE: '0    0    1    0    0    0    0    0    0    0',
  CHARACTERISTICS_UPDATE: '1    0    0    0    0    0    0    0    0    0',
  CUSTOM_PROPERTIES:      '1    1    1    1    1    1    1    1    1    1',
  BATCH_UPDATE:           '1    1    1    1    1    1    1    1    1    1',
  MONITOR:                '1    0    1    0    0    1    0    1    0    1',
  CANCEL_MONITOR:         '1    0    0    0    0    0    0    0    0    0',
};

const SUPPORTED: ReadonlyMap<PlatformCode, ReadonlySet<Feature>> = new Map(
  COLUMNS.map((code, column) => [
    code,
    new Set(FEATURES.filter((feature) => MATRIX[feature].split(/\s+/)[column] === '1')),
  ]),
);

export function supports(platform: PlatformCode, feature: Feature): boolean {
  return SUPPORTED.get(platform)!.has(feature);
}

export function featuresOf(platform: PlatformCode): Feature[] {
  return FEATURES.filter((f) => supports(platform, f));
}
