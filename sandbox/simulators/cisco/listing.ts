/**
 * Search Devices (`GET /devices`): query validation and page-number paging, in Control Center's documented order —
 * by modification date (dateUpdated) ascending, then ICCID — with `modifiedSince` (required; devices modified at or
 * after it) and `modifiedTill` (at or before it) filtering on that date.
 *
 * Nothing is sorted or materialised beyond one page. A fleet is two sorted streams merged:
 * - the generated devices still in their generated state, whose dates grow with their index (fleet.ts), so their
 *   date order is index order and a date window is an index range found by binary search;
 * - the devices that changed (edited, scheduled, added), few, kept sorted by (dateUpdated, index) by the account.
 * Without a status or custom-field filter, page N is found by arithmetic on the two streams (O(changes + log n)). With
 * one, the merge is walked from the start of the page, which is remembered per query (PageStarts), so a client
 * walking pages 1, 2, 3… never rescans. A device that changes between two page calls moves to the end of the order —
 * as on Control Center, a pageNumber walk may then repeat or skip devices; clients re-read with modifiedSince.
 */
import { DAY_MS, parseIsoDateTime } from './dates.js';
import { currentDevice, type Failure } from './edits.js';
import type { CiscoAccount, Modified } from './account.js';
import { CUSTOM_FIELD_NAMES, type Device } from './fleet.js';
import { isDeviceStatus, type DeviceStatus } from './statuses.js';

export const MAX_PAGE_SIZE = 50;
/** modifiedTill may be at most this far after modifiedSince (public clients split longer windows). */
export const MAX_WINDOW_MS = 365 * DAY_MS;

const SEARCH_PARAMS: ReadonlySet<string> = new Set([
  'accountId',
  'modifiedSince',
  'modifiedTill',
  'status',
  'pageSize',
  'pageNumber',
  ...CUSTOM_FIELD_NAMES,
]);

export interface DeviceSearch {
  modifiedSince: number;
  modifiedTill: number | null;
  status: DeviceStatus | null;
  /** Exact-match filters on custom fields. */
  custom: ReadonlyArray<readonly [string, string]>;
  /** accountId named another account: nothing of it is visible to this user. */
  otherAccount: boolean;
  pageSize: number;
  pageNumber: number;
}

export interface SearchPage {
  pageNumber: number;
  devices: Array<{ iccid: string; status: DeviceStatus; ratePlan: string; communicationPlan: string }>;
  lastPage: boolean;
}

/** Validates the query string of a search; every parameter must be a single value. */
export function parseSearch(query: Record<string, unknown>, account: CiscoAccount): DeviceSearch | Failure {
  const unknown = Object.keys(query).filter((k) => !SEARCH_PARAMS.has(k));
  if (unknown.length > 0)
    return { error: 'INVALID_REQUEST', message: `Invalid request. Unrecognized parameters: ${unknown.join(', ')}.` };
  const one = (name: string): string | undefined | null => {
    const v = query[name];
    return v === undefined ? undefined : typeof v === 'string' ? v : null;
  };

  const since = one('modifiedSince');
  if (since === undefined || since === '') return { error: 'MODIFIED_SINCE_REQUIRED' };
  const modifiedSince = since === null ? undefined : parseIsoDateTime(since);
  if (modifiedSince === undefined) return { error: 'INVALID_MODIFIED_SINCE' };

  const till = one('modifiedTill');
  let modifiedTill: number | null = null;
  if (till !== undefined) {
    const parsed = till === null ? undefined : parseIsoDateTime(till);
    if (parsed === undefined || parsed < modifiedSince || parsed - modifiedSince > MAX_WINDOW_MS)
      return { error: 'INVALID_MODIFIED_TILL' };
    modifiedTill = parsed;
  }

  const status = one('status');
  if (status !== undefined && !isDeviceStatus(status))
    return { error: 'INVALID_STATUS', message: `Invalid status: ${String(status)}.` };

  const size = one('pageSize');
  const pageSize = size === undefined ? MAX_PAGE_SIZE : /^\d{1,6}$/.test(size ?? '') ? Number(size) : NaN;
  if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) return { error: 'INVALID_PAGE_SIZE' };

  const number = one('pageNumber');
  const pageNumber = number === undefined ? 1 : /^\d{1,9}$/.test(number ?? '') ? Number(number) : NaN;
  if (!(pageNumber >= 1)) return { error: 'INVALID_PAGE_NUMBER' };

  const accountId = one('accountId');
  if (accountId !== undefined && !/^\d{1,18}$/.test(accountId ?? '')) return { error: 'INVALID_ACCOUNT_ID' };

  const custom: Array<readonly [string, string]> = [];
  for (const name of CUSTOM_FIELD_NAMES) {
    const value = one(name);
    if (value === null) return { error: 'INVALID_REQUEST', message: `Invalid request. ${name} given more than once.` };
    if (value !== undefined) custom.push([name, value]);
  }

  return {
    modifiedSince,
    modifiedTill,
    status: status ?? null,
    custom,
    otherAccount: accountId !== undefined && accountId !== account.accountId,
    pageSize,
    pageNumber,
  };
}

/** Status and custom-field filters (the date window is applied by the streams). */
function predicate(
  search: DeviceSearch,
): ((account: CiscoAccount, index: number, device: () => Device) => boolean) | null {
  if (search.status === null && search.custom.length === 0) return null;
  return (account, index, device) => {
    // An unedited device's status is known without building it (about ten times cheaper).
    if (search.status !== null && !account.isEdited(index) && account.generatedStatus(index) !== search.status)
      return false;
    const d = device();
    if (search.status !== null && d.status !== search.status) return false;
    return search.custom.every(([name, value]) => d.custom[name] === value);
  };
}

/** Where a walk of the merged order stands: the next generated index to consider, the next position in `changed`. */
interface WalkState {
  a: number;
  b: number;
}

/** One query over one account version: the two streams and how to step through their merge. */
class Merge {
  /** Generated devices dated in the window: indexes [lo, hi), minus `excluded`. */
  readonly lo: number;
  readonly hi: number;
  /** Changed devices dated in the window, by (at, index). */
  readonly changed: readonly Modified[];
  private readonly excluded: readonly number[];
  private readonly excludedSet: ReadonlySet<number>;
  private readonly filter: ReturnType<typeof predicate>;

  constructor(
    private readonly account: CiscoAccount,
    search: DeviceSearch,
    private readonly now: number,
  ) {
    const n = account.spec.size;
    this.lo = this.firstIndex((i) => account.generatedDate(i) >= search.modifiedSince, n);
    this.hi =
      search.modifiedTill === null ? n : this.firstIndex((i) => account.generatedDate(i) > search.modifiedTill!, n);
    this.changed = account
      .modifiedList()
      .filter((m) => m.at >= search.modifiedSince && (search.modifiedTill === null || m.at <= search.modifiedTill));
    this.excluded = account.excludedIndexes();
    this.excludedSet = new Set(this.excluded);
    this.filter = predicate(search);
  }

  get filtered(): boolean {
    return this.filter !== null;
  }

  /** The first i in [0, n) for which `test` (false…false true…true over i) holds; n when none. */
  private firstIndex(test: (i: number) => boolean, n: number): number {
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (test(mid)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Number of excluded indexes in [from, to). */
  private excludedBetween(from: number, to: number): number {
    const lowerBound = (x: number) => {
      let low = 0;
      let high = this.excluded.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (this.excluded[mid]! < x) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    return to <= from ? 0 : lowerBound(to) - lowerBound(from);
  }

  /** Whether generated device i (in [lo, hi)) comes before changed device m in the order. */
  private generatedBefore(i: number, m: Modified): boolean {
    const d = this.account.generatedDate(i);
    return d < m.at || (d === m.at && i < m.index);
  }

  /** Unfiltered only: the walk state at merged offset `offset`, by arithmetic. */
  stateAt(offset: number): WalkState {
    let b = 0;
    for (; b < this.changed.length; b++) {
      const m = this.changed[b]!;
      const bound = this.lo + this.firstIndex((k) => !this.generatedBefore(this.lo + k, m), this.hi - this.lo);
      const generatedBeforeM = bound - this.lo - this.excludedBetween(this.lo, bound);
      if (b + generatedBeforeM >= offset) break;
    }
    // `offset - b` generated devices come first: the index of the next one skips the excluded indexes.
    let a = this.lo + (offset - b);
    for (const x of this.excluded) {
      if (x < this.lo) continue;
      if (x <= a) a++;
      else break;
    }
    return { a: Math.min(a, this.hi), b };
  }

  /** The next generated index at or after `a` in the stream (past the filter), or hi. */
  private nextGenerated(a: number): number {
    for (let i = a; i < this.hi; i++) {
      if (this.excludedSet.has(i)) continue;
      if (this.filter && !this.filter(this.account, i, () => currentDevice(this.account, i, this.now)!)) continue;
      return i;
    }
    return this.hi;
  }

  /** The next changed position at or after `b` (past the filter), or changed.length. */
  private nextChanged(b: number): number {
    for (let k = b; k < this.changed.length; k++) {
      const index = this.changed[k]!.index;
      if (this.filter && !this.filter(this.account, index, () => currentDevice(this.account, index, this.now)!))
        continue;
      return k;
    }
    return this.changed.length;
  }

  /** The next device of the merge from `state`: its index and the state after it; undefined at the end. */
  step(state: WalkState): { index: number; next: WalkState } | undefined {
    const a = this.nextGenerated(state.a);
    const b = this.nextChanged(state.b);
    const hasA = a < this.hi;
    const hasB = b < this.changed.length;
    if (!hasA && !hasB) return undefined;
    if (hasA && (!hasB || this.generatedBefore(a, this.changed[b]!))) return { index: a, next: { a: a + 1, b } };
    return { index: this.changed[b]!.index, next: { a, b: b + 1 } };
  }
}

/** Bounded memory of where page N of a filtered query starts, so sequential paging does not rescan. */
class PageStarts {
  private readonly starts = new Map<string, WalkState>();
  constructor(private readonly capacity = 500) {}

  key(account: CiscoAccount, search: DeviceSearch, pageNumber: number): string {
    const { modifiedSince, modifiedTill, status, custom, pageSize } = search;
    return JSON.stringify([
      account.accountId,
      account.version,
      modifiedSince,
      modifiedTill,
      status,
      custom,
      pageSize,
      pageNumber,
    ]);
  }

  /** The nearest known page at or before the search's page, with its start state. */
  nearest(account: CiscoAccount, search: DeviceSearch, first: WalkState): { page: number; state: WalkState } {
    for (let p = search.pageNumber; p > 1; p--) {
      const state = this.starts.get(this.key(account, search, p));
      if (state !== undefined) return { page: p, state };
      if (search.pageNumber - p > 50) break; // far jumps walk from the start instead of probing every page
    }
    return { page: 1, state: first };
  }

  remember(account: CiscoAccount, search: DeviceSearch, pageNumber: number, state: WalkState): void {
    const key = this.key(account, search, pageNumber);
    this.starts.delete(key);
    this.starts.set(key, state);
    if (this.starts.size > this.capacity) this.starts.delete(this.starts.keys().next().value!);
  }
}

export class DeviceSearcher {
  private readonly pageStarts = new PageStarts();

  search(account: CiscoAccount, search: DeviceSearch, now: number): SearchPage {
    const page = (devices: Device[], lastPage: boolean): SearchPage => ({
      pageNumber: search.pageNumber,
      devices: devices.map((d) => ({
        iccid: d.iccid,
        status: d.status,
        ratePlan: d.ratePlan,
        communicationPlan: d.communicationPlan,
      })),
      lastPage,
    });
    if (search.otherAccount) return page([], true);
    // Scheduled edits that came due change dates: apply them before ordering.
    for (const index of account.scheduledIndexes()) currentDevice(account, index, now);

    const merge = new Merge(account, search, now);
    const offset = (search.pageNumber - 1) * search.pageSize;
    let state: WalkState;
    if (!merge.filtered) {
      state = merge.stateAt(offset);
    } else {
      const from = this.pageStarts.nearest(account, search, { a: merge.lo, b: 0 });
      state = from.state;
      for (let skip = (search.pageNumber - from.page) * search.pageSize, n = 0; n < skip; n++) {
        if (n % search.pageSize === 0)
          this.pageStarts.remember(account, search, from.page + n / search.pageSize, state);
        const s = merge.step(state);
        if (!s) return page([], true);
        state = s.next;
      }
      this.pageStarts.remember(account, search, search.pageNumber, state);
    }
    const devices: Device[] = [];
    while (devices.length < search.pageSize) {
      const s = merge.step(state);
      if (!s) return page(devices, true);
      devices.push(currentDevice(account, s.index, now)!);
      state = s.next;
    }
    if (merge.filtered) this.pageStarts.remember(account, search, search.pageNumber + 1, state);
    return page(devices, merge.step(state) === undefined);
  }
}
