/**
 * The cross-platform vocabulary: the normalized product statuses, the features a platform may offer, a status
 * transition and the catalog's small enumerations — every platform module (src/datasources/<platform>/) states its
 * tables in these words — and the closed vocabularies the model uses where a platform or the gateway picks one word
 * of a known few: the operations a monitor tracks, the mobility of a satellite terminal, and the units of a usage
 * quantity. Each list is the one source the GraphQL enums are built from (src/schema/enums.ts,
 * src/schema/vocabulary.ts) and the type the producers are checked against, so a new word cannot reach a client
 * without being listed (and documented) here first.
 */

export const PRODUCT_STATUSES = [
  'CREATED',
  'PENDING_ACTIVE',
  'INVENTORY',
  'ACTIVE',
  'SUSPENDED',
  'BLOCKED',
  'PENDING_TERMINATE',
  'TERMINATED',
  'DELETED',
  'UNKNOWN',
] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** Operations the gateway may offer for a platform; an operation a platform lacks is refused with NOT_SUPPORTED. */
export const FEATURES = [
  'LIST_PRODUCTS',
  'PRODUCT_DETAILS',
  'FIND_BY_BUSINESS_ID',
  'SIM_CARD_DETAILS',
  'TERMINAL_DETAILS',
  'DATA_CONNECTIVITY',
  'USAGE',
  'SIM_STATUS_CHANGE',
  'TERMINAL_STATUS_CHANGE',
  'CHARACTERISTICS_UPDATE',
  'CUSTOM_PROPERTIES',
  'BATCH_UPDATE',
  'MONITOR',
  'CANCEL_MONITOR',
] as const;
export type Feature = (typeof FEATURES)[number];

/** A status change a client may request. */
export interface Transition {
  from: ProductStatus;
  to: ProductStatus;
}

export type ConnectivityKind = 'CELLULAR' | 'SATELLITE';
/** How status updates complete (seed 002): applied when the call returns, or tracked by a monitor. */
export type UpdateMode = 'SYNC' | 'ASYNC';

/** What a monitor tracks (`Monitor.operation`): the mutation that created it. */
export const MONITOR_OPERATIONS = [
  'SIM_STATUS_CHANGE',
  'TERMINAL_STATUS_CHANGE',
  'CHARACTERISTICS_UPDATE',
  'BATCH_UPDATE',
] as const;
export type MonitorOperation = (typeof MONITOR_OPERATIONS)[number];

/** How a satellite terminal is installed (`SatelliteTerminal.mobilityType`). */
export const MOBILITY_TYPES = ['MARITIME', 'LAND', 'AERONAUTICAL'] as const;
export type MobilityType = (typeof MOBILITY_TYPES)[number];

/**
 * The platforms' words for a terminal's mobility, as one of MOBILITY_TYPES: INTELSAT says MARITIME / LAND /
 * AERONAUTICAL, GALAXY1 says MARITIME / FIXED / AERO. A word neither uses gives null (unknown), never a guess.
 */
const MOBILITY_WORDS: Readonly<Record<string, MobilityType>> = {
  MARITIME: 'MARITIME',
  LAND: 'LAND',
  FIXED: 'LAND',
  AERONAUTICAL: 'AERONAUTICAL',
  AERO: 'AERONAUTICAL',
};

export function mobilityTypeOf(word: string | null | undefined): MobilityType | null {
  return (word && MOBILITY_WORDS[word.trim().toUpperCase()]) || null;
}

/**
 * Units of a usage quantity, spelled as the adapters write them. Data volumes keep the unit the platform counts in
 * (no conversion, so amounts match the carrier's own bills): bytes for most, KB for TURKCELL, MB for INTELSAT and
 * 1NCE. SMS are counted in messages, voice in seconds.
 */
export const USAGE_UNITS = ['bytes', 'KB', 'MB', 'messages', 'seconds'] as const;
export type UsageUnit = (typeof USAGE_UNITS)[number];
