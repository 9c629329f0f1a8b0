/**
 * Status translation, one table per platform (seed 001, reconstructed in platforms.md). Native words no row maps
 * become UNKNOWN; the native word is always kept and exposed as `platformStatus`.
 */
import type { PlatformCode } from './catalog.js';

export const PRODUCT_STATUSES = [
  'CREATED', 'PENDING_ACTIVE', 'INVENTORY', 'ACTIVE', 'SUSPENDED', 'BLOCKED', 'PENDING_TERMINATE', 'TERMINATED', 'DELETED', 'UNKNOWN',
] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

type StatusTable = Readonly<Partial<Record<ProductStatus, readonly string[]>>>;

/** Native word → normalized status, for the platforms with a single status word. */
const NATIVE_WORDS: Readonly<Partial<Record<PlatformCode, StatusTable>>> = {
  TMSP: {
    CREATED: ['Ordered', 'Ordered for Stock'],
    INVENTORY: ['On Stock'],
    PENDING_ACTIVE: ['Delivered'],
    ACTIVE: ['Test', 'Productive'],
    SUSPENDED: ['Suspended'],
    BLOCKED: ['Blocked (automatically)', 'Blocked (manually)', 'Blocked (by operator)'],
    TERMINATED: ['Terminated'],
    DELETED: ['Deleted'],
    UNKNOWN: ['Undefined'],
  },
  TMUS: {
    INVENTORY: ['INVENTORY'],
    PENDING_ACTIVE: ['ACTIVATION_READY'],
    ACTIVE: ['ACTIVATED', 'TEST_READY'],
    SUSPENDED: ['DEACTIVATED'],
    PENDING_TERMINATE: ['RETIRED'],
    TERMINATED: ['PURGED'],
  },
  IOTA: {
    PENDING_ACTIVE: ['ACTIVE_NO_BILLING'],
    ACTIVE: ['ACTIVE'],
    SUSPENDED: ['DEACTIVATED'],
    PENDING_TERMINATE: ['DEACTIVATED_NO_BILLING'],
    TERMINATED: ['TERMINATED'],
  },
  AIRLINQ: {
    CREATED: ['TEST'],
    PENDING_ACTIVE: ['READY'],
    ACTIVE: ['ACTIVE'],
    SUSPENDED: ['SUSPEND'],
    BLOCKED: ['BLOCKED'],
    PENDING_TERMINATE: ['CEASE'],
    TERMINATED: ['TERMINATED'],
  },
  '1NCE': {
    ACTIVE: ['Enabled'],
    SUSPENDED: ['Disabled'],
  },
  STC: {
    PENDING_ACTIVE: ['INACTIVE'],
    ACTIVE: ['ACTIVE'],
    SUSPENDED: ['SUSPENDED'],
  },
  // GALAXY1 has no public vocabulary: the sandbox's design (docs/sandbox/galaxy1.md), in the spirit of INTELSAT.
  GALAXY1: {
    CREATED: ['PROVISIONED'],
    PENDING_ACTIVE: ['COMMISSIONED'],
    ACTIVE: ['IN_SERVICE'],
    SUSPENDED: ['SUSPENDED'],
    BLOCKED: ['BARRED'],
    PENDING_TERMINATE: ['DECOMMISSIONING'],
    TERMINATED: ['DECOMMISSIONED'],
  },
};
// TMUS and JASPER run the same software with the same words.
const WORDS: Readonly<Partial<Record<PlatformCode, StatusTable>>> = { ...NATIVE_WORDS, JASPER: NATIVE_WORDS.TMUS };

const LOOKUP = new Map<string, ProductStatus>();
for (const [platform, table] of Object.entries(WORDS)) {
  for (const [status, words] of Object.entries(table!)) {
    for (const word of words!) LOOKUP.set(`${platform}|${word}`, status as ProductStatus);
  }
}

/** The normalized status of a native word (UNKNOWN when no row maps it). */
export function normalizeStatus(platform: PlatformCode, nativeWord: string | null | undefined): ProductStatus {
  if (!nativeWord) return 'UNKNOWN';
  return LOOKUP.get(`${platform}|${nativeWord}`) ?? 'UNKNOWN';
}

/**
 * The native word the gateway sends to ask a platform for a normalized status, where the platform takes a single
 * word. Several native words can mean one status (TMSP Test/Productive); this is the one a client's request means.
 */
const TARGET_WORDS: Readonly<Partial<Record<PlatformCode, Partial<Record<ProductStatus, string>>>>> = {
  TMSP: { ACTIVE: 'Productive', SUSPENDED: 'Suspended' },
  TMUS: { ACTIVE: 'ACTIVATED', SUSPENDED: 'DEACTIVATED', PENDING_TERMINATE: 'RETIRED', TERMINATED: 'RETIRED' },
  JASPER: { ACTIVE: 'ACTIVATED', SUSPENDED: 'DEACTIVATED', PENDING_TERMINATE: 'RETIRED', TERMINATED: 'PURGED' },
  IOTA: { ACTIVE: 'ACTIVE', SUSPENDED: 'DEACTIVATED' },
  AIRLINQ: { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPEND', BLOCKED: 'BLOCKED' },
  '1NCE': { ACTIVE: 'Enabled', SUSPENDED: 'Disabled' },
  STC: { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' },
};

export function targetWord(platform: PlatformCode, status: ProductStatus): string | undefined {
  return TARGET_WORDS[platform]?.[status];
}

/**
 * TURKCELL: no single status; the line's contract status and its five barring flags decide (platforms.md).
 * Rows are tried in order; the first that matches wins.
 */
export const TURKCELL_RULES: ReadonlyArray<{ contract: string; barred: 'none' | 'some' | 'any'; status: ProductStatus }> = [
  { contract: 'a', barred: 'none', status: 'ACTIVE' },
  { contract: 'a', barred: 'some', status: 'SUSPENDED' },
  { contract: 'd', barred: 'any', status: 'TERMINATED' },
];

export function turkcellStatus(contractStatus: string, barredFlags: readonly boolean[]): ProductStatus {
  const anyBarred = barredFlags.some(Boolean);
  const row = TURKCELL_RULES.find(
    (r) => r.contract === contractStatus && (r.barred === 'any' || (r.barred === 'some') === anyBarred),
  );
  return row?.status ?? 'UNKNOWN';
}

/**
 * INTELSAT: the product's contract status and the terminal's aggregated status decide (platforms.md). `null`
 * matches any value; `changeAllowed` only matters for contract status "new".
 */
export const INTELSAT_RULES: ReadonlyArray<{ contract: string; changeAllowed?: boolean; terminal: string | null; status: ProductStatus }> = [
  { contract: 'new', changeAllowed: true, terminal: null, status: 'CREATED' },
  { contract: 'new', changeAllowed: false, terminal: null, status: 'PENDING_ACTIVE' },
  { contract: 'active', terminal: 'online', status: 'ACTIVE' },
  { contract: 'active', terminal: 'suspended', status: 'SUSPENDED' },
  { contract: 'suspended', terminal: null, status: 'SUSPENDED' },
  { contract: 'active', terminal: 'offline', status: 'BLOCKED' },
  { contract: 'cancelation', terminal: null, status: 'PENDING_TERMINATE' },
  { contract: 'ended', terminal: null, status: 'TERMINATED' },
];

export function intelsatStatus(contractStatus: string, terminalStatus: string, changeActionsAllowed: boolean): ProductStatus {
  const contract = contractStatus.toLowerCase();
  const terminal = terminalStatus.toLowerCase();
  const row = INTELSAT_RULES.find(
    (r) =>
      r.contract === contract &&
      (r.changeAllowed === undefined || r.changeAllowed === changeActionsAllowed) &&
      (r.terminal === null || r.terminal === terminal),
  );
  return row?.status ?? 'UNKNOWN';
}
