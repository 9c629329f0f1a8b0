/**
 * Subscription change history 1.0.2 (shared/specs/aeris-subscription-change-history.openapi.yaml), under
 * `/iot/api/subscriptions/changes`:
 *
 *   POST /requests  ChangeHistoryRequest → 201, `Location: …/requests/{request-id}` (no body)
 *   GET  /requests/{request-id}?page=…   → ChangeHistoryResponse `{ changes: [SubscriptionChange], next? }`
 *
 * Every change the simulator makes is appended to one log, in time order: state changes done by a request of the
 * Subscription Management API (`subscription_request_id` set), out-of-band changes through the sandbox admin API
 * (initiated by the operator portal), subscriptions created (CREATE_SUBSCRIPTION) and removed (state REMOVED). A
 * history request keeps its criteria; its pages are read from the log when fetched, and a page token is a position
 * in the log, so pages stay stable while changes keep coming. The last page is the one that reached the end of
 * the log (no `next`): changes made later are found by a new request. The log is bounded (oldest dropped past
 * LOG_CAPACITY), as Aeris keeps three months.
 */
import type { Request, Response, Router } from 'express';
import type { AerisAccount, Subscription } from './fleet.js';

export const OPERATIONS = [
  'CESS',
  'CHANGE_ALTROAMINGPROVIDER',
  'CHANGE_SP_EUICC',
  'CHANGE_SUBSCRIPTIONIP',
  'CHANGE_SUBSCRIPTIONLABEL',
  'CHANGE_SUBSCRIPTION_NOTE',
  'CHANGE_SUBSCRIPTIONOWNER',
  'CHANGE_SUBSCRIPTIONOWNER_EUICC',
  'CHANGE_SUBSCRIPTIONPACKAGE',
  'CHANGE_SUBSCRIPTIONREGION',
  'CHANGE_SUBSCRIPTIONSTATE',
  'CHANGE_SUBSCRIPTIONSTATE_EUICC',
  'CREATE_SUBSCRIPTION',
  'CREATE_SUBSCRIPTION_EUICC',
  'INDIVIDUAL_APN_UPDATE',
  'LOCK_SUBSCRIPTIONSTATE',
  'PBR_EXIT',
  'PCL_LIMIT_100_EXCEEDED',
  'REASSIGN_MSISDN',
  'THROTTLE_IMSI',
  'TRIGGER_ACTION',
  'UNLOCK_SUBSCRIPTIONSTATE',
  'UPDATE_IMEI',
  'UPDATE_ASSIGNED_IMEI',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** How far back `since` may go (the spec: "Earliest 3 months before current date"). */
export const HISTORY_DAYS = 92;
export const MAX_PAGE_LIMIT = 10_000;
export const MAX_IDENTIFIERS = 1000;
/** Largest IMSI range per request (the spec: 100k for imsi). */
export const MAX_IMSI_RANGE = 100_000;
const LOG_CAPACITY = 200_000;
const REQUEST_CAPACITY = 10_000;
const DAY_MS = 86_400_000;

export interface LoggedChange {
  at: number;
  organizationId: string;
  imsi: string;
  subscriptionPackage: string;
  change: Operation;
  initiatedBy: string;
  requestId?: string;
  newValues: Record<string, string>;
}

interface HistoryRequest {
  id: string;
  organizationId: string;
  matches: (c: LoggedChange) => boolean;
  pageLimit: number;
}

/** The change history's spelling of a state: "ACTIVE_NO_BILLING" → "ACTIVE-NO-BILLING" (the spec's Values enum). */
export const historyState = (state: string) => state.replace(/_/g, '-');

export class ChangeLog {
  private entries: LoggedChange[] = [];
  /** Log positions of dropped entries (page tokens stay absolute positions). */
  private dropped = 0;
  private readonly requests = new Map<string, HistoryRequest>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  record(
    account: AerisAccount,
    sub: Subscription,
    change: Operation,
    newValues: Record<string, string>,
    initiatedBy: string,
    requestId?: string,
  ): void {
    this.entries.push({
      at: this.now(),
      organizationId: account.organizationId,
      imsi: sub.imsi,
      subscriptionPackage: sub.subscriptionPackageName,
      change,
      initiatedBy,
      requestId,
      newValues,
    });
    if (this.entries.length > LOG_CAPACITY) {
      const drop = this.entries.length - LOG_CAPACITY;
      this.entries = this.entries.slice(drop);
      this.dropped += drop;
    }
  }

  /** Validates a ChangeHistoryRequest and stores it; its id, or why it is refused. */
  create(organizationId: string, body: unknown): { id: string } | { error: string } {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return { error: 'The request body must be a ChangeHistoryRequest object' };
    const b = body as Record<string, unknown>;
    // The spec's `required` list spells it identifier-type, its properties identifier_type: both are accepted.
    const type = b.identifier_type ?? b['identifier-type'];
    if (type !== 'imsi' && type !== 'subscription-package')
      return { error: `identifier_type must be imsi or subscription-package, got ${JSON.stringify(type)}` };
    const ids = b.identifiers;
    const ranges = b.identifier_ranges;
    if ((ids === undefined) === (ranges === undefined))
      return { error: 'Give either identifiers or identifier_ranges' };
    let byIdentifier: (c: LoggedChange) => boolean;
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string'))
        return { error: 'identifiers must be a non-empty list of strings' };
      if (type === 'subscription-package' && ids.length !== 1)
        return { error: 'Only one subscription-package identifier is allowed' };
      if (ids.length > MAX_IDENTIFIERS) return { error: `At most ${MAX_IDENTIFIERS} identifiers are allowed` };
      const set = new Set(ids as string[]);
      byIdentifier = type === 'imsi' ? (c) => set.has(c.imsi) : (c) => set.has(c.subscriptionPackage);
    } else {
      if (type !== 'imsi') return { error: 'identifier_ranges is only offered for imsi' };
      if (!Array.isArray(ranges) || ranges.length !== 1)
        return { error: 'Exactly one identifier range is allowed per request' };
      const { start, end } = (ranges[0] ?? {}) as { start?: unknown; end?: unknown };
      if (
        typeof start !== 'string' ||
        typeof end !== 'string' ||
        !/^\d{15}$/.test(start) ||
        !/^\d{15}$/.test(end) ||
        end < start
      ) {
        return { error: 'identifier_ranges[0] needs start and end IMSIs (15 digits), start <= end' };
      }
      if (Number(end) - Number(start) + 1 > MAX_IMSI_RANGE)
        return { error: `An imsi range holds at most ${MAX_IMSI_RANGE} IMSIs` };
      byIdentifier = (c) => c.imsi >= start && c.imsi <= end;
    }
    const since = typeof b.since === 'string' ? Date.parse(b.since) : NaN;
    if (typeof b.since !== 'string' || !/T/.test(b.since) || Number.isNaN(since))
      return { error: 'since is required, an ISO 8601 date-time' };
    const now = this.now();
    if (since < now - HISTORY_DAYS * DAY_MS) return { error: 'since is earliest 3 months before the current date' };
    const until =
      b.until === undefined
        ? since + DAY_MS
        : typeof b.until === 'string' && /T/.test(b.until)
          ? Date.parse(b.until)
          : NaN;
    if (Number.isNaN(until) || until <= since) return { error: 'until must be an ISO 8601 date-time after since' };
    const changes = b.changes;
    if (
      changes !== undefined &&
      (!Array.isArray(changes) || !changes.every((c) => (OPERATIONS as readonly unknown[]).includes(c)))
    ) {
      return { error: `changes must list operations among ${OPERATIONS.join(', ')}` };
    }
    const wanted = changes === undefined ? null : new Set(changes as string[]);
    const pageLimit = b.page_limit === undefined ? MAX_PAGE_LIMIT : Number(b.page_limit);
    if (!Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > MAX_PAGE_LIMIT)
      return { error: `page_limit must be 1..${MAX_PAGE_LIMIT}` };

    const id = `CH${String(++this.seq).padStart(9, '0')}`;
    this.requests.set(id, {
      id,
      organizationId,
      pageLimit,
      matches: (c) =>
        c.organizationId === organizationId &&
        c.at >= since &&
        c.at < until &&
        (wanted === null || wanted.has(c.change)) &&
        byIdentifier(c),
    });
    if (this.requests.size > REQUEST_CAPACITY) this.requests.delete(this.requests.keys().next().value!);
    return { id };
  }

  /** One page of a request's results from log position `from`; `next` is the position to go on from, if any. */
  page(id: string, organizationId: string, from: number): { changes: LoggedChange[]; next: number | null } | undefined {
    const request = this.requests.get(id);
    if (!request || request.organizationId !== organizationId) return undefined;
    const changes: LoggedChange[] = [];
    let position = Math.max(from, this.dropped);
    const end = this.dropped + this.entries.length;
    for (; position < end && changes.length < request.pageLimit; position++) {
      const entry = this.entries[position - this.dropped]!;
      if (request.matches(entry)) changes.push(entry);
    }
    return { changes, next: position < end ? position : null };
  }
}

export const encodePage = (position: number) => Buffer.from(`log:${position}`).toString('base64url');
export function decodePage(token: string): number | undefined {
  const m = /^log:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export function changeView(c: LoggedChange) {
  return {
    occured_at: new Date(c.at).toISOString(),
    imsi: c.imsi,
    change: c.change,
    initiated_by: c.initiatedBy,
    ...(c.requestId !== undefined ? { subscription_request_id: c.requestId } : {}),
    new_values: c.newValues,
  };
}

/** Mounts the two routes; `guard` authenticates and rate-limits, `problem` answers RFC 7807 errors. */
export function mountChangeHistory(
  router: Router,
  log: ChangeLog,
  guards: Array<(req: Request, res: Response, next: () => void) => void>,
  problem: (res: Response, status: number, detail: string) => void,
): void {
  const base = '/iot/api/subscriptions/changes/requests';
  const org = (res: Response) => (res.locals.account as AerisAccount).organizationId;
  router.post(base, ...guards, (req, res) => {
    const created = log.create(org(res), req.body);
    if ('error' in created) return problem(res, 400, created.error);
    res.status(201).setHeader('Location', `${base}/${created.id}`);
    res.end();
  });
  router.get(`${base}/:id`, ...guards, (req, res) => {
    const token = req.query.page;
    const from = token === undefined ? 0 : typeof token === 'string' ? decodePage(token) : undefined;
    if (from === undefined) return problem(res, 400, 'page is not a valid page token');
    const page = log.page(String(req.params.id), org(res), from);
    if (!page) return problem(res, 404, `Change history request ${req.params.id} not found`);
    const next =
      page.next === null
        ? {}
        : { next: `${req.protocol}://${req.get('host')}${base}/${req.params.id}?page=${encodePage(page.next)}` };
    res.json({ changes: page.changes.map(changeView), ...next });
  });
}
