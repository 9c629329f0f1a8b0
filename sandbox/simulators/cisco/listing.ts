/**
 * Search Devices (`GET /devices`): query validation and page-number paging over the generated fleet.
 *
 * Order: device index order (= ICCID order), not modification date; a device keeps its position when it changes.
 * A query that matches every device (modifiedSince before the generated history, no other filter) pages straight
 * through Fleet.range. Filtered queries scan from the start of the page, which is remembered per query so that a
 * client walking pages 1, 2, 3… never rescans; a modifiedSince past the generated history only visits devices that
 * were edited. Nothing is materialised beyond one page.
 */
import { DAY_MS, parseIsoDateTime } from './dates.js';
import { currentDevice, type Failure } from './edits.js';
import type { CiscoAccount } from './account.js';
import { CUSTOM_FIELD_NAMES, GENERATED_FROM, GENERATED_UNTIL, type Device } from './fleet.js';
import { isDeviceStatus, type DeviceStatus } from './statuses.js';

export const MAX_PAGE_SIZE = 50;
/** modifiedTill may be at most this far after modifiedSince (public clients split longer windows). */
export const MAX_WINDOW_MS = 365 * DAY_MS;

const SEARCH_PARAMS: ReadonlySet<string> = new Set(['accountId', 'modifiedSince', 'modifiedTill', 'status', 'pageSize', 'pageNumber', ...CUSTOM_FIELD_NAMES]);

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
  if (unknown.length > 0) return { error: 'INVALID_REQUEST', message: `Invalid request. Unrecognized parameters: ${unknown.join(', ')}.` };
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
    if (parsed === undefined || parsed < modifiedSince || parsed - modifiedSince > MAX_WINDOW_MS) return { error: 'INVALID_MODIFIED_TILL' };
    modifiedTill = parsed;
  }

  const status = one('status');
  if (status !== undefined && !isDeviceStatus(status)) return { error: 'INVALID_STATUS', message: `Invalid status: ${String(status)}.` };

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

function matches(device: Device, search: DeviceSearch): boolean {
  if (device.dateUpdated < search.modifiedSince) return false;
  if (search.modifiedTill !== null && device.dateUpdated > search.modifiedTill) return false;
  if (search.status !== null && device.status !== search.status) return false;
  return search.custom.every(([name, value]) => device.custom[name] === value);
}

/** Bounded memory of where page N of a query starts (device index), so sequential paging does not rescan. */
class PageStarts {
  private readonly starts = new Map<string, number>();
  constructor(private readonly capacity = 500) {}

  key(account: CiscoAccount, search: DeviceSearch, pageNumber: number): string {
    const { modifiedSince, modifiedTill, status, custom, pageSize } = search;
    return JSON.stringify([account.accountId, account.version, modifiedSince, modifiedTill, status, custom, pageSize, pageNumber]);
  }

  /** The nearest known page at or before `pageNumber`, with its start index. */
  nearest(account: CiscoAccount, search: DeviceSearch): { page: number; start: number } {
    for (let p = search.pageNumber; p > 1; p--) {
      const start = this.starts.get(this.key(account, search, p));
      if (start !== undefined) return { page: p, start };
      if (search.pageNumber - p > 50) break; // far jumps scan from the start instead of probing every page
    }
    return { page: 1, start: 0 };
  }

  remember(account: CiscoAccount, search: DeviceSearch, pageNumber: number, start: number): void {
    const key = this.key(account, search, pageNumber);
    this.starts.delete(key);
    this.starts.set(key, start);
    if (this.starts.size > this.capacity) this.starts.delete(this.starts.keys().next().value!);
  }
}

export class DeviceSearcher {
  private readonly pageStarts = new PageStarts();

  search(account: CiscoAccount, search: DeviceSearch, now: number): SearchPage {
    const page = (devices: Device[], lastPage: boolean): SearchPage => ({
      pageNumber: search.pageNumber,
      devices: devices.map((d) => ({ iccid: d.iccid, status: d.status, ratePlan: d.ratePlan, communicationPlan: d.communicationPlan })),
      lastPage,
    });
    if (search.otherAccount) return page([], true);
    const size = account.fleet.size;
    const everything = search.modifiedSince <= GENERATED_FROM && search.modifiedTill === null && search.status === null && search.custom.length === 0;
    if (everything) {
      const start = (search.pageNumber - 1) * search.pageSize;
      const devices: Device[] = [];
      for (let i = start; i < Math.min(size, start + search.pageSize); i++) devices.push(currentDevice(account, i, now)!);
      return page(devices, start + search.pageSize >= size);
    }

    // Past the generated history only edited devices can match: visit those instead of the whole fleet.
    const onlyEdited = search.modifiedSince >= GENERATED_UNTIL;
    const candidates = onlyEdited ? account.editedIndexes() : null;
    const from = this.pageStarts.nearest(account, search);
    let pageNo = from.page;
    let skipped = 0;
    const devices: Device[] = [];
    const visit = (index: number): boolean => {
      if (search.status !== null && !account.isEdited(index) && account.generatedStatus(index) !== search.status) return true;
      const device = currentDevice(account, index, now)!;
      if (!matches(device, search)) return true;
      if (pageNo < search.pageNumber) {
        if (skipped === 0) this.pageStarts.remember(account, search, pageNo, index);
        if (++skipped === search.pageSize) {
          pageNo++;
          skipped = 0;
        }
        return true;
      }
      if (devices.length === search.pageSize) {
        this.pageStarts.remember(account, search, search.pageNumber + 1, index);
        return false; // one more match exists: not the last page
      }
      if (devices.length === 0) this.pageStarts.remember(account, search, search.pageNumber, index);
      devices.push(device);
      return true;
    };
    let more = false;
    if (candidates) {
      for (const index of candidates) if (index >= from.start && !visit(index)) { more = true; break; }
    } else {
      for (let i = from.start; i < size; i++) if (!visit(i)) { more = true; break; }
    }
    return page(pageNo === search.pageNumber ? devices : [], !more);
  }
}
