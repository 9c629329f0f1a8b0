/**
 * Request bodies of the SIM updates: v1 `Values_for_a_SIM_update` (iccid and status required, label and imei_lock
 * optional) and v2 `SimsSimUpdateReq` (every field optional), and the usage period of `GET …/usage`.
 */
import type { Request } from 'express';
import type { SimChange } from './accounts.js';
import { isSimStatus, SIM_STATUSES } from './statuses.js';
import { DAY_MS } from './usage.js';

export interface SimUpdate extends SimChange {
  iccid?: string;
}

/** Checks one update object; `strict` is v1 (iccid and status required). Returns the update or why it is refused. */
export function parseUpdate(body: unknown, strict: boolean): SimUpdate | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (b.iccid !== undefined && typeof b.iccid !== 'string') return "Attribute 'iccid' must be a string";
  if (strict && b.iccid === undefined) return "Missing attribute 'iccid'";
  if (strict && b.status === undefined) return "Missing attribute 'status'";
  if (b.status !== undefined && !isSimStatus(b.status))
    return `Attribute 'status' must be one of ${SIM_STATUSES.join(', ')}`;
  if (b.label !== undefined && typeof b.label !== 'string') return "Attribute 'label' must be a string";
  if (b.imei_lock !== undefined && typeof b.imei_lock !== 'boolean') return "Attribute 'imei_lock' must be a boolean";
  return {
    ...(b.iccid !== undefined ? { iccid: b.iccid as string } : {}),
    ...(b.status !== undefined ? { status: b.status as SimChange['status'] } : {}),
    ...(b.label !== undefined ? { label: b.label as string } : {}),
    ...(b.imei_lock !== undefined ? { imeiLock: b.imei_lock as boolean } : {}),
  };
}

/** The 19-digit form both ICCID spellings share, to compare a body's iccid with the path's. */
export const sameIccid = (a: string, b: string) => a.slice(0, 19) === b.slice(0, 19);

/** "The output is limited to the last 6 months." */
export const USAGE_HISTORY_DAYS = 183;

/** `start_dt` / `end_dt` (YYYY-MM-DD, both required) → UTC midnights, start clipped to six months back. */
export function parseUsagePeriod(req: Request, now: number): { from: number; to: number } | string {
  const day = (name: string) => {
    const v = req.query[name];
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
    const ms = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v ? undefined : ms;
  };
  const from = day('start_dt');
  const to = day('end_dt');
  if (from === undefined || to === undefined) return 'start_dt and end_dt are required, format YYYY-MM-DD';
  if (to < from) return 'end_dt must not be before start_dt';
  const earliest = Math.floor(now / DAY_MS) * DAY_MS - USAGE_HISTORY_DAYS * DAY_MS;
  return { from: Math.max(from, earliest), to };
}
