/**
 * Paging Cisco Search Devices so that a walk neither skips nor repeats a device while devices change under it.
 *
 * Control Center lists devices by modification date (dateUpdated) ascending, filtered by `modifiedSince` (whole
 * seconds). A device that changes moves to the end of that order, so a `pageNumber` walk shifts: a device not yet
 * seen slides onto a page already read (skipped) and a device already returned shows again at the end (repeated).
 *
 * This walk is a keyset on the modification date plus a record of what it returned:
 * - each page is asked from the last seen date (`modifiedSince` = that date's second, pageNumber 1): every device
 *   not yet returned has that date or a later one (a change only moves a device later), so none is skipped. The
 *   date of a page's last device comes from its details (the list items carry none): one extra call per page.
 * - the ICCIDs returned so far are kept in the position, as ranges of consecutive ICCIDs (fleets are issued in
 *   runs, so a whole account is a few ranges), and left out when they come again — a device with the same second
 *   as the keyset, or one that changed after it was returned: each device once per walk, in the state it had when
 *   first listed (a later change is the next change pass's to report).
 * - when the last device's date cannot be trusted as a keyset (it is within CLOCK_MARGIN_MS of when the page was
 *   asked, so it may have changed between the list and its details), the walk keeps the date and asks the next
 *   pageNumber instead; likewise while one second holds more than a page of devices.
 * - a position read again (the gateway does when a client page used part of a native page) answers the page it
 *   answered before, from a memo kept for 15 minutes in this process (PageMemo); past that, or on another replica,
 *   it is read again from Control Center.
 * The position is an opaque base64url string of at most 250 characters (the gateway's limit for a platform's token):
 * when the ranges do not fit (a fleet of scattered ICCIDs), the shortest are dropped first, which can only let a
 * device that changed during the walk show twice, never skip one. Hand-written because no library pages an API
 * this way.
 */

import { randomInt } from 'node:crypto';

/** One Search Devices answer, as the adapter's wire schema checked it. */
export interface SearchAnswer<T extends { iccid: string }> {
  devices: T[];
  lastPage: boolean;
}

export interface KeysetSource<T extends { iccid: string }> {
  /** Search Devices with `modifiedSince` (as Cisco's `yyyy-MM-ddTHH:mm:ssZ`) and a page number. */
  search(modifiedSince: string, pageNumber: number): Promise<SearchAnswer<T>>;
  /** A device's current dateUpdated (epoch ms), or null when it is gone or has none. */
  dateUpdated(iccid: string): Promise<number | null>;
  now(): number;
}

/** Before any device was added: a walk from it lists the whole account. */
export const EPOCH = Date.UTC(2000, 0, 1);
/** How close to "now" a date must be to be suspected of having changed between the list and the details call. */
export const CLOCK_MARGIN_MS = 120_000;
/** Pages read within one call at most while every device of a page was already returned. */
const MAX_SKIPPED_PAGES = 20;

interface Position {
  /** This walk's random id: positions of two walks never collide in the page memo. */
  w: number;
  /** Keyset: modifiedSince, epoch ms of a whole second. */
  s: number;
  /** Page number within that modifiedSince. */
  p: number;
  /** ICCIDs returned, as [first, last] ranges of consecutive ICCID bodies (without the check digit), sorted. */
  r: Array<[bigint, bigint]>;
}

/** Cisco's modifiedSince format: whole seconds, UTC. */
export const ciscoSince = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Control Center dates look like "2016-06-29 00:21:33.339+0000"; ISO strings are accepted too. */
export function parseCiscoDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(
    value
      .trim()
      .replace(' ', 'T')
      .replace(/([+-]\d\d)(\d\d)$/, '$1:$2'),
  );
  return Number.isNaN(ms) ? null : ms;
}

const body = (iccid: string) => (/^\d{2,20}$/.test(iccid) ? BigInt(iccid.slice(0, -1)) : null);

class Returned {
  /** Sorted, disjoint [first, last] ranges of ICCID bodies. */
  constructor(readonly ranges: Array<[bigint, bigint]> = []) {}

  has(iccid: string): boolean {
    const b = body(iccid);
    if (b === null) return false;
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, last] = this.ranges[mid]!;
      if (b < first) hi = mid - 1;
      else if (b > last) lo = mid + 1;
      else return true;
    }
    return false;
  }

  add(iccid: string): void {
    const b = body(iccid);
    if (b === null || this.has(iccid)) return;
    const i = this.ranges.findIndex(([first]) => first > b);
    const at = i === -1 ? this.ranges.length : i;
    const before = this.ranges[at - 1];
    const after = this.ranges[at];
    if (before && before[1] + 1n === b && after && b + 1n === after[0])
      this.ranges.splice(at - 1, 2, [before[0], after[1]]);
    else if (before && before[1] + 1n === b) before[1] = b;
    else if (after && b + 1n === after[0]) after[0] = b;
    else this.ranges.splice(at, 0, [b, b]);
  }
}

// The position: varints — keyset second, page number, then the ranges as (gap from the previous range's end,
// length) with the first range's start absolute — base64url, at most MAX_POSITION characters (the gateway's limit
// for a platform's position token). Past it the shortest ranges are dropped first.
const MAX_POSITION = 250;

function putVarint(out: number[], value: bigint): void {
  let v = value;
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
}

function encode(p: Position): string {
  const ranges = [...p.r];
  for (;;) {
    const out: number[] = [];
    putVarint(out, BigInt(p.w));
    putVarint(out, BigInt(Math.floor(p.s / 1000)));
    putVarint(out, BigInt(p.p));
    let previous = -1n;
    for (const [first, last] of ranges) {
      putVarint(out, first - previous - 1n);
      putVarint(out, last - first);
      previous = last;
    }
    const text = Buffer.from(out).toString('base64url');
    if (text.length <= MAX_POSITION || ranges.length === 0) return text;
    let shortest = 0;
    ranges.forEach(([a, b], i) => {
      const [sa, sb] = ranges[shortest]!;
      if (b - a < sb - sa) shortest = i;
    });
    ranges.splice(shortest, 1);
  }
}

/**
 * True when `position` is one this walk could have produced: it decodes, its keyset second is not in the future
 * and its page number is plausible. The gateway checks cursor positions with it before any call.
 */
export function isCiscoPosition(position: string): boolean {
  if (position.length > 250) return false;
  try {
    const p = decode(position);
    return p.s >= 0 && p.s <= Date.now() + 86_400_000 && p.p <= 1_000_000 && Number.isSafeInteger(p.w);
  } catch {
    return false;
  }
}

function decode(position: string): Position {
  const bytes = /^[A-Za-z0-9_-]+$/.test(position) ? Buffer.from(position, 'base64url') : Buffer.alloc(0);
  let at = 0;
  const next = (): bigint | null => {
    let value = 0n;
    for (let shift = 0n; at < bytes.length; shift += 7n) {
      const byte = bytes[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    return null;
  };
  const w = next();
  const s = next();
  const p = next();
  if (w === null || s === null || p === null || p < 1n)
    throw new Error(`not a Cisco listing position: ${position.slice(0, 40)}`);
  const r: Array<[bigint, bigint]> = [];
  let previous = -1n;
  while (at < bytes.length) {
    const gap = next();
    const length = next();
    if (gap === null || length === null) throw new Error(`not a Cisco listing position: ${position.slice(0, 40)}`);
    const first = previous + 1n + gap;
    r.push([first, first + length]);
    previous = first + length;
  }
  return { w: Number(w), s: Number(s) * 1000, p: Number(p), r };
}

/**
 * Pages already answered, by position, for a while: the gateway reads a native page again from its position when a
 * client page used only part of it, and a page read again must be the same page (a keyset re-read would have lost
 * the devices that changed since, shifting the rest under the gateway's offset). Per adapter instance (process).
 */
export class PageMemo<T> {
  private readonly pages = new Map<string, { at: number; page: { items: T[]; next: string | null } }>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 1_000,
  ) {}

  get(position: string, now: number): { items: T[]; next: string | null } | undefined {
    const hit = this.pages.get(position);
    if (hit && now - hit.at <= this.ttlMs) return hit.page;
    this.pages.delete(position);
    return undefined;
  }

  set(position: string, page: { items: T[]; next: string | null }, now: number): void {
    if (this.pages.size >= this.max) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(position, { at: now, page });
  }
}

/**
 * One page of the walk of devices modified at or after `from` (epoch ms), continuing at `position` (null: the
 * first page, a new walk). Answers the devices not returned before and the next position (null: the walk is
 * complete). A position read again within the memo's time answers the page it answered the first time.
 */
export async function keysetPage<T extends { iccid: string }>(
  source: KeysetSource<T>,
  from: number,
  position: string | null,
  memo?: PageMemo<T>,
): Promise<{ items: T[]; next: string | null }> {
  if (position && memo) {
    const again = memo.get(position, source.now());
    if (again) return again;
  }
  const page = await readPage(source, from, position);
  if (position && memo) memo.set(position, page, source.now());
  return page;
}

async function readPage<T extends { iccid: string }>(
  source: KeysetSource<T>,
  from: number,
  position: string | null,
): Promise<{ items: T[]; next: string | null }> {
  const at: Position = position
    ? decode(position)
    : { w: randomInt(2 ** 31), s: Math.floor(from / 1000) * 1000, p: 1, r: [] };
  const returned = new Returned([...at.r]);
  let page = at.p;
  for (let skipped = 0; ; skipped++) {
    const askedAt = source.now();
    const answer = await source.search(ciscoSince(at.s), page);
    const fresh = answer.devices.filter((d) => !returned.has(d.iccid));
    for (const d of fresh) returned.add(d.iccid);
    if (answer.lastPage || answer.devices.length === 0) return { items: fresh, next: null };
    if (fresh.length === 0 && skipped < MAX_SKIPPED_PAGES) {
      page++; // a whole page already returned: one second holds more than a page of devices
      continue;
    }
    const date = await source.dateUpdated(answer.devices[answer.devices.length - 1]!.iccid);
    const keyset = date === null ? null : Math.floor(date / 1000) * 1000;
    const next: Position =
      keyset !== null && keyset > at.s && date! < askedAt - CLOCK_MARGIN_MS
        ? { w: at.w, s: keyset, p: 1, r: returned.ranges }
        : { w: at.w, s: at.s, p: page + 1, r: returned.ranges };
    return { items: fresh, next: encode(next) };
  }
}
