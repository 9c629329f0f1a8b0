/**
 * Control Center's two date dialects: responses carry "2016-06-29 00:21:33.339+0000" (space, milliseconds,
 * offset without colon, always UTC here), while query parameters and effectiveDate take ISO-8601
 * "yyyy-MM-ddTHH:mm:ssZ", e.g. "2016-04-18T17:31:34+00:00".
 */

export const DAY_MS = 86_400_000;

/** Formats epoch milliseconds the way Control Center answers dates. */
export function formatCiscoDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2016-06-29T00:21:33.339Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
}

/** Same, but null stays null (dates a SIM has not reached yet). */
export function formatOptionalDate(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : formatCiscoDate(ms);
}

/**
 * ISO-8601 date-time with seconds and an explicit zone ("Z", "+00:00", "+0000"). A space before the offset is
 * accepted as a "+": clients that forget to encode "+" in a query string send exactly that.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+\- ]\d{2}:?\d{2})$/;

/** Epoch milliseconds of an ISO-8601 date-time, or undefined when it is not one. */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return undefined;
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const utc = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
    Number((frac ?? '0').padEnd(3, '0')),
  );
  // Date.UTC rolls 31 February over to March: refuse dates that do not exist.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - offsetMin * 60_000;
}

/** Start of the billing cycle containing `ms`: the sandbox bills every account by calendar month, UTC. */
export function cycleStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
