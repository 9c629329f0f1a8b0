/**
 * The status transitions a client may request (seed 001, reconstructed in platforms.md), one data table. A
 * transition not listed is refused with TRANSITION_NOT_ALLOWED before any backend call; a listed one can still be
 * refused by the platform's own rules (BACKEND_REJECTED).
 *
 * TURKCELL has a row here but no SIM_STATUS_CHANGE capability: the capability matrix wins (NOT_SUPPORTED) and the
 * row waits for the day the capability is switched on. The INTELSAT column is for terminals.
 */
import type { PlatformCode } from './catalog.js';
import type { ProductStatus } from './statuses.js';

const COLUMNS: readonly PlatformCode[] = ['TMSP', 'TMUS', 'IOTA', 'JASPER', 'AIRLINQ', '1NCE', 'STC', 'TURKCELL', 'INTELSAT'];

/** from → to: which platforms (1 in COLUMNS order) allow it. */
const TABLE: ReadonlyArray<readonly [ProductStatus, ProductStatus, string]> = [
  //                                   TMSP TMUS IOTA JASP AIRL 1NCE STC  TURK INTL
  ['CREATED', 'ACTIVE',               '0    1    0    1    0    0    0    0    0'],
  ['PENDING_ACTIVE', 'ACTIVE',        '0    0    0    1    0    0    0    0    0'],
  ['ACTIVE', 'SUSPENDED',             '1    1    1    1    1    1    1    1    1'],
  ['SUSPENDED', 'ACTIVE',             '1    1    1    1    1    1    1    1    1'],
  ['PENDING_TERMINATE', 'ACTIVE',     '0    1    0    1    0    0    0    0    0'],
  ['ACTIVE', 'BLOCKED',               '0    0    0    0    1    0    0    0    0'],
  ['BLOCKED', 'ACTIVE',               '0    0    0    0    1    0    0    0    0'],
  ['ACTIVE', 'TERMINATED',            '0    1    0    1    0    0    0    0    0'],
  ['TERMINATED', 'ACTIVE',            '0    0    0    1    0    0    0    0    0'],
];

export interface Transition {
  from: ProductStatus;
  to: ProductStatus;
}

const ALLOWED = new Map<PlatformCode, Transition[]>(COLUMNS.map((c) => [c, []]));
for (const [from, to, row] of TABLE) {
  row.split(/\s+/).forEach((flag, column) => {
    if (flag === '1') ALLOWED.get(COLUMNS[column]!)!.push({ from, to });
  });
}

export function transitionsOf(platform: PlatformCode): Transition[] {
  return ALLOWED.get(platform) ?? [];
}

export function isTransitionAllowed(platform: PlatformCode, from: ProductStatus, to: ProductStatus): boolean {
  return transitionsOf(platform).some((t) => t.from === from && t.to === to);
}
