/**
 * Cisco IoT Control Center SIM status words and the transitions each operator allows, kept as data.
 *
 * The vocabulary is Control Center's own ("SIM Status Values"); REPLACED is rare and believed to exist there too.
 * Which changes an enterprise API user may request is configured per operator tenant: T-Mobile US (TMUS) is
 * strict, Etisalat (JASPER) allows the wide set (backends.md §2/3, platforms.md transition table).
 */

export const DEVICE_STATUSES = [
  'ACTIVATED',
  'ACTIVATION_READY',
  'DEACTIVATED',
  'INVENTORY',
  'PURGED',
  'REPLACED',
  'RETIRED',
  'TEST_READY',
] as const;

export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export function isDeviceStatus(value: unknown): value is DeviceStatus {
  return typeof value === 'string' && (DEVICE_STATUSES as readonly string[]).includes(value);
}

/** How generated fleets spread over the vocabulary: mostly live SIMs, a tail of every other state. */
export const STATUS_WEIGHTS: ReadonlyArray<readonly [DeviceStatus, number]> = [
  ['ACTIVATED', 55],
  ['DEACTIVATED', 12],
  ['ACTIVATION_READY', 8],
  ['INVENTORY', 8],
  ['TEST_READY', 7],
  ['RETIRED', 5],
  ['PURGED', 3],
  ['REPLACED', 2],
];

/** Statuses in which a SIM attaches and consumes data, SMS and voice (usage counters grow only in these). */
export const CONSUMING_STATUSES: ReadonlySet<DeviceStatus> = new Set(['ACTIVATED', 'TEST_READY']);

/** Statuses a SIM has reached only after having been activated once (so it has a dateActivated). */
export const EVER_ACTIVATED_STATUSES: ReadonlySet<DeviceStatus> = new Set([
  'ACTIVATED',
  'DEACTIVATED',
  'RETIRED',
  'PURGED',
  'REPLACED',
]);

/** from → the statuses an API user may set. A status missing as a key is final (PURGED, REPLACED). */
export type TransitionTable = Readonly<Partial<Record<DeviceStatus, readonly DeviceStatus[]>>>;

/**
 * T-Mobile US: activate from stock, suspend (DEACTIVATED) or retire a live SIM, bring a suspended or retired SIM
 * back. No purge, no way back to stock.
 */
export const TMUS_TRANSITIONS: TransitionTable = {
  INVENTORY: ['ACTIVATED'],
  ACTIVATION_READY: ['ACTIVATED'],
  TEST_READY: ['ACTIVATED', 'DEACTIVATED', 'RETIRED'],
  ACTIVATED: ['DEACTIVATED', 'RETIRED'],
  DEACTIVATED: ['ACTIVATED'],
  RETIRED: ['ACTIVATED'],
};

/**
 * Etisalat: the wide set — every pre-active state can move between each other and to live, a live SIM can be
 * suspended, retired or purged, suspended and retired SIMs can be purged or revived. PURGED stays final.
 */
export const JASPER_TRANSITIONS: TransitionTable = {
  INVENTORY: ['ACTIVATION_READY', 'TEST_READY', 'ACTIVATED', 'DEACTIVATED', 'RETIRED'],
  ACTIVATION_READY: ['INVENTORY', 'TEST_READY', 'ACTIVATED', 'DEACTIVATED', 'RETIRED'],
  TEST_READY: ['INVENTORY', 'ACTIVATION_READY', 'ACTIVATED', 'DEACTIVATED', 'RETIRED'],
  ACTIVATED: ['DEACTIVATED', 'RETIRED', 'PURGED'],
  DEACTIVATED: ['ACTIVATED', 'ACTIVATION_READY', 'TEST_READY', 'RETIRED', 'PURGED'],
  RETIRED: ['ACTIVATED', 'DEACTIVATED', 'PURGED'],
};

/** Setting the status a SIM already has is accepted as a no-op (so a retried PUT does not fail). */
export function transitionAllowed(table: TransitionTable, from: DeviceStatus, to: DeviceStatus): boolean {
  return from === to || (table[from]?.includes(to) ?? false);
}
