/**
 * Aeris IoT Accelerator simulator (IOTA), following the Aeris-published OpenAPI extract in shared/specs and
 * research/backends.md §4: password-grant token, subscription search with cursor paging, the multi-id details call,
 * bulk state-change requests tracked through the DCP request API, RFC 7807 errors and per-endpoint rate limits with
 * X-RateLimit headers (no Retry-After). docs/sandbox/aeris.md says what is faithful and what is simplified.
 */
import express, { type Request, type Response } from 'express';
import { BearerTokens } from '../../core/bearer.js';
import { Fleet } from '../../core/fleet.js';
import { iccidFor, imeiFor, imsiFor, indexOfIccid, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { OperationQueue } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

export const STATES = ['ACTIVE', 'ACTIVE_NO_BILLING', 'DEACTIVATED', 'DEACTIVATED_NO_BILLING', 'OPERATOR_BLOCKED', 'PAUSE', 'TERMINATED', 'TERMINATED_PENDING'] as const;
type State = (typeof STATES)[number];
/** State changes a customer may request (TERMINATED is final; OPERATOR_BLOCKED only the operator lifts). */
const CHANGES: Readonly<Record<State, readonly State[]>> = {
  ACTIVE: ['DEACTIVATED', 'PAUSE', 'DEACTIVATED_NO_BILLING'], ACTIVE_NO_BILLING: ['ACTIVE', 'DEACTIVATED'], DEACTIVATED: ['ACTIVE', 'TERMINATED'],
  DEACTIVATED_NO_BILLING: ['ACTIVE', 'TERMINATED'], PAUSE: ['ACTIVE'], OPERATOR_BLOCKED: [], TERMINATED: [], TERMINATED_PENDING: [],
};

interface Subscription {
  iccid: string; imsi: string; msisdn: string; state: State; organizationId: string; enterprise: string; label: string;
  subscriptionPackageName: string; firstActivatedAt: string | null; detectedImei: string; apns: Array<{ ordinal: number; apn: string; apnId: number; qosId: number; type: string }>;
  dailyBytes: number; dailySms: number;
}
interface Account { number: number; organizationId: string; clientId: string; username: string; password: string; plan: IccidPlan; fleet: Fleet<Subscription> }

function problem(res: Response, status: number, detail: string, code?: string): void {
  const title = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests' }[status] ?? (status >= 500 ? 'Service Unavailable' : 'Error');
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: `https://iot-api.aeris.com/problems/${status}`, title, status, detail, instance: res.req.originalUrl, code: code ?? `IOTA-${status}` }));
}

/** Per-endpoint limits, per organization, answered with X-RateLimit-* headers on every response. */
function rateLimited(name: string, perSecond: number) {
  const bucket = new TokenBucket(perSecond, perSecond);
  return (req: Request, res: Response, next: () => void) => {
    const key = `${name}:${(res.locals.account as Account | undefined)?.organizationId ?? req.ip}`;
    const taken = bucket.take(key);
    res.setHeader('X-RateLimit-Limit-Second', String(perSecond));
    if (!taken.ok) {
      res.setHeader('X-RateLimit-Remaining-Second', '0');
      return problem(res, 429, `Rate limit of ${perSecond} requests per second for ${name} exceeded`, 'IOTA-RATE');
    }
    next();
  };
}

export const aerisSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => {
    const plan = { prefix: '894303', account: spec.number };
    const organizationId = `1.23.${spec.number}`;
    return {
      number: spec.number, organizationId, clientId: 'iot-accelerator-api', username: `iota-api-${spec.number}@example.com`, password: rng(ctx.seed, 'IOTA-pw', spec.number).digits(16), plan,
      fleet: new Fleet<Subscription>(spec.size, (index) => {
        const r = rng(ctx.seed, 'IOTA', spec.number, index);
        const state = r.weighted([['ACTIVE', 60], ['ACTIVE_NO_BILLING', 8], ['DEACTIVATED', 10], ['DEACTIVATED_NO_BILLING', 5], ['PAUSE', 5], ['OPERATOR_BLOCKED', 3], ['TERMINATED', 7], ['TERMINATED_PENDING', 2]] as const);
        return {
          iccid: iccidFor(plan, index), imsi: imsiFor('23203', spec.number, index), msisdn: msisdnFor('43', spec.number, index), state, organizationId,
          enterprise: `7800000${spec.number}`, label: `fleet-${index % 7}`, subscriptionPackageName: r.pick(['200200202_SP_01', '200200202_SP_10', '200200202_SP_50']),
          firstActivatedAt: state === 'ACTIVE_NO_BILLING' ? null : new Date(Date.UTC(2021, r.int(0, 11), r.int(1, 28))).toISOString(), detectedImei: imeiFor(r),
          apns: [{ ordinal: 1, apn: r.pick(['iot.t-mobile.at', 'm2m.dtiot.com']), apnId: 10 + r.int(0, 5), qosId: 1, type: 'HSS' }],
          dailyBytes: r.int(10_000, 100_000_000), dailySms: r.int(0, 10),
        };
      }),
    };
  });
  const tokens = new BearerTokens<Account>(3600, ctx.now);
  const requests = new OperationQueue('REQ20', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();

  router.post('/iot/api/auth/token', rateLimited('auth', 5), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.grant_type !== 'password') return problem(res, 400, 'grant_type must be password');
    const account = accounts.find((a) => a.clientId === b.client_id && a.username === b.username && a.password === b.password);
    if (!account) return problem(res, 401, 'Bad credentials', 'IOTA-AUTH');
    const { token, expiresIn } = tokens.issue(account);
    res.json({ access_token: token, token_type: 'bearer', expires_in: expiresIn, organization_ids: [account.organizationId] });
  });
  const auth = (req: Request, res: Response, next: () => void) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string') return problem(res, 401, account === 'missing' ? 'Full authentication is required' : 'Token expired or invalid', 'IOTA-AUTH');
    res.locals.account = account;
    next();
  };
  const accountOf = (res: Response) => res.locals.account as Account;
  const monthStart = () => { const d = new Date(ctx.now()); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
  const view = (s: Subscription) => {
    const { dailyBytes, dailySms, ...rest } = s;
    const days = (ctx.now() - monthStart()) / 86_400_000;
    const on = s.state === 'ACTIVE' || s.state === 'ACTIVE_NO_BILLING';
    return { ...rest, monthlyData: on ? Math.round(dailyBytes * days) : 0, monthlySms: on ? Math.round(dailySms * days) : 0 };
  };

  router.get('/iot/api/subscriptions/details', auth, rateLimited('subscriptions/details', 10), (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return problem(res, 400, 'limit must be 1..10000');
    const start = req.query.cursor === undefined ? 0 : Number(req.query.cursor);
    if (!Number.isInteger(start) || start < 0) return problem(res, 400, 'cursor is not valid');
    const fleet = accountOf(res).fleet;
    const items = [...fleet.range(start, limit)].map(view);
    const nextStart = start + items.length;
    res.json({ subscriptions: items, size: items.length, ...(nextStart < fleet.size ? { next: `/details?order=ICC&limit=${limit}&cursor=${nextStart}` } : {}) });
  });
  router.post('/iot/api/subscriptions/details', auth, rateLimited('subscriptions/details', 10), (req, res) => {
    const { identifierType, identifierValues } = (req.body ?? {}) as { identifierType?: unknown; identifierValues?: unknown };
    if (identifierType !== 'ICC' || !Array.isArray(identifierValues) || identifierValues.length < 1 || identifierValues.length > 1000) {
      return problem(res, 400, 'identifierType ICC and 1..1000 identifierValues are required');
    }
    const account = accountOf(res);
    const found = identifierValues.map((v) => (typeof v === 'string' ? indexOfIccid(account.plan, v) : undefined)).filter((i): i is number => i !== undefined && i < account.fleet.size);
    res.json({ subscriptions: found.map((i) => view(account.fleet.get(i)!)) });
  });
  router.post('/iot/api/sica/subscriptions/requests/state-changes', auth, rateLimited('sica/subscriptions/requests', 10), (req, res) => {
    const b = (req.body ?? {}) as { subscriptions?: { identifier_type?: unknown; identifiers?: unknown }; change?: { state?: unknown } };
    const ids = b.subscriptions?.identifiers;
    const target = b.change?.state;
    if (b.subscriptions?.identifier_type !== 'ICC' || !Array.isArray(ids) || ids.length < 1 || ids.length > 1000 || typeof target !== 'string') {
      return problem(res, 400, 'subscriptions.identifier_type ICC, 1..1000 identifiers and change.state are required');
    }
    if (!(STATES as readonly string[]).includes(target)) return problem(res, 400, `Unknown state ${target}`);
    const account = accountOf(res);
    const op = requests.submit(account.organizationId, 'CHANGE_SUBSCRIPTIONSTATE', { identifiers: ids, state: target }, {
      run: () => ids.map((iccid: string) => {
        const index = indexOfIccid(account.plan, iccid);
        const sub = index === undefined ? undefined : account.fleet.get(index);
        if (!sub) return { iccid, resourceState: 'FAILED', failure: 'SUBSCRIPTION_NOT_FOUND' };
        if (!CHANGES[sub.state].includes(target as State)) return { iccid, resourceState: 'REJECTED', failure: `STATE_TRANSITION_NOT_ALLOWED: ${sub.state} -> ${target}` };
        account.fleet.update(index!, { state: target as State, firstActivatedAt: sub.firstActivatedAt ?? new Date(ctx.now()).toISOString() });
        return { iccid, resourceState: 'COMPLETED', failure: null };
      }),
    });
    res.status(201).json({ subscription_request_id: op.id });
  });
  router.get('/dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/:id', auth, (req, res) => {
    const op = requests.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).organizationId) return problem(res, 404, `Subscription request ${req.params.id} not found`);
    const { identifiers, state } = op.request as { identifiers: string[]; state: string };
    const results = (op.result as Array<{ iccid: string; resourceState: string; failure: string | null }> | undefined) ?? identifiers.map((iccid) => ({ iccid, resourceState: 'PENDING', failure: null }));
    const count = (s: string) => results.filter((r) => r.resourceState === s).length;
    const done = op.state === 'DONE';
    const instant = (ms: number) => ({ epochSecond: Math.floor(ms / 1000), nano: (ms % 1000) * 1_000_000 });
    res.json({
      subscriptionRequestId: op.id, subscriptionRequestType: 'CHANGE_SUBSCRIPTIONSTATE',
      subscriptionRequestState: !done ? 'PENDING' : count('COMPLETED') === results.length ? 'COMPLETED' : count('COMPLETED') === 0 ? 'REJECTED' : 'COMPLETED_WITH_FAILURES',
      timeCreated: instant(op.createdAt), lastUpdated: instant(op.finishedAt ?? op.createdAt), size: results.length,
      subscriptionRequestResourceCounters: { inProgress: 0, pending: count('PENDING'), canceled: 0, rejected: count('REJECTED'), completed: count('COMPLETED'), failed: count('FAILED') },
      subscriptionRequestResources: results.map((r, i) => ({
        resourceId: String(i + 1), resourceState: r.resourceState,
        resourceProperties: [{ type: 'ICCID', value: r.iccid, operation: 'SUBSCRIPTION_STATE_CHANGE' }, { type: 'TARGET_SUBSCRIPTION_STATE', value: state, operation: 'SUBSCRIPTION_STATE_CHANGE' }],
        resourceFailureInfos: r.failure ? [{ code: r.failure.split(':')[0], message: r.failure }] : [],
      })),
    });
  });

  return {
    system: 'Aeris IoT Accelerator',
    router,
    respondError: problem,
    accounts: () => accounts.map((a) => ({ id: a.organizationId, name: ctx.accounts.find((s) => s.number === a.number)!.name, size: a.fleet.size, credentials: { clientId: a.clientId, username: a.username, password: a.password, organizationId: a.organizationId } })),
    close: () => requests.close(),
  };
};
