/**
 * The closed vocabularies the gateway's model uses where a platform or the gateway picks one word of a known few:
 * the operations a monitor tracks, the mobility of a satellite terminal, and the units of a usage quantity. Each list
 * is the one source the GraphQL enums are built from (src/schema/vocabulary.ts) and the type the producers are
 * checked against, so a new word cannot reach a client without being listed (and documented) here first.
 */

/** What a monitor tracks (`Monitor.operation`): the mutation that created it. */
export const MONITOR_OPERATIONS = ['SIM_STATUS_CHANGE', 'TERMINAL_STATUS_CHANGE', 'CHARACTERISTICS_UPDATE', 'BATCH_UPDATE'] as const;
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
