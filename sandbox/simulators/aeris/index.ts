/**
 * Aeris IoT Accelerator simulator (IOTA), following the Aeris-published OpenAPI documents in shared/specs
 * (Subscription Search 1.0.5, Subscription change history 1.0.2, the subscription management request tracking) and
 * research/backends.md §4: password-grant token, subscription search with cursor paging and `additionalFields`
 * groups (views.ts), the multi-id details call by ICC, IMSI or MSISDN, bulk state-change requests tracked through
 * the DCP request API, the change history (history.ts), RFC 7807 errors and per-endpoint rate limits with
 * `X-RateLimit-*` headers on every answer (no Retry-After). docs/sandbox/aeris.md says what is faithful and what is
 * simplified.
 */
import express, { type Request, type Response } from 'express';
import { addTarget, checkWord, findProduct, type OutOfBand } from '../../core/admin.js';
import { BearerTokens } from '../../core/bearer.js';
import { OperationQueue } from '../../core/operations.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';
import {
  createAccount,
  indexOfIdentifier,
  parseIdentifier,
  STATES,
  type AerisAccount,
  type IdentifierType,
  type State,
  type Subscription,
} from './fleet.js';
import { ChangeLog, historyState, mountChangeHistory } from './history.js';
import { DEFAULT_GROUPS, FIELD_GROUPS, groupsQuery, parseGroups, subscriptionView, type FieldGroup } from './views.js';

export { STATES } from './fleet.js';

/** State changes a customer may request (TERMINATED is final; OPERATOR_BLOCKED only the operator lifts). */
const CHANGES: Readonly<Record<State, readonly State[]>> = {
  ACTIVE: ['DEACTIVATED', 'PAUSE', 'DEACTIVATED_NO_BILLING'],
  ACTIVE_NO_BILLING: ['ACTIVE', 'DEACTIVATED'],
  DEACTIVATED: ['ACTIVE', 'TERMINATED'],
  DEACTIVATED_NO_BILLING: ['ACTIVE', 'TERMINATED'],
  PAUSE: ['ACTIVE'],
  OPERATOR_BLOCKED: [],
  TERMINATED: [],
  TERMINATED_PENDING: [],
};
const IDENTIFIER_TYPES: readonly IdentifierType[] = ['ICC', 'IMSI', 'MSISDN'];
/** Who the change history names for changes made in the operator's portal (the sandbox admin API). */
export const PORTAL_USER = 'operator-portal@aeris.sandbox';

function problem(res: Response, status: number, detail: string, code?: string): void {
  const title =
    { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests' }[status] ??
    (status >= 500 ? 'Service Unavailable' : 'Error');
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `https://iot-api.aeris.com/problems/${status}`,
        title,
        status,
        detail,
        instance: res.req.originalUrl,
        code: code ?? `IOTA-${status}`,
      }),
    );
}

/**
 * Per-endpoint limits, per organization: `perSecond` (burst as large) and 60 × that per minute. Every answer carries
 * X-RateLimit-Limit-Second/-Minute and X-RateLimit-Remaining-Second/-Minute, a refused one 429 with both at their level.
 */
function rateLimited(name: string, perSecond: number) {
  const second = new TokenBucket(perSecond, perSecond);
  const minute = new TokenBucket(perSecond, perSecond * 60);
  return (req: Request, res: Response, next: () => void) => {
    const key = `${name}:${(res.locals.account as AerisAccount | undefined)?.organizationId ?? req.ip}`;
    res.setHeader('X-RateLimit-Limit-Second', String(perSecond));
    res.setHeader('X-RateLimit-Limit-Minute', String(perSecond * 60));
    const s = second.take(key);
    if (!s.ok) {
      res.setHeader('X-RateLimit-Remaining-Second', '0');
      return problem(res, 429, `Rate limit of ${perSecond} requests per second for ${name} exceeded`, 'IOTA-RATE');
    }
    const m = minute.take(key);
    res.setHeader('X-RateLimit-Remaining-Second', String(s.remaining));
    res.setHeader('X-RateLimit-Remaining-Minute', String(m.ok ? m.remaining : 0));
    if (!m.ok)
      return problem(res, 429, `Rate limit of ${perSecond * 60} requests per minute for ${name} exceeded`, 'IOTA-RATE');
    next();
  };
}

/** A search query `q`: `label==X`, `company==X` or `customField IN (…)` (no subscription has custom fields here). */
function parseQ(q: unknown): ((account: AerisAccount, s: Subscription) => boolean) | null | string {
  if (q === undefined) return null;
  if (typeof q !== 'string') return 'q must be given once';
  const m = /^\s*(label|company|customfield)\s*(==|\s+IN\s+)\s*(.*?)\s*$/i.exec(q);
  if (!m) return `q must be label==…, company==… or customField IN (…), got ${q}`;
  const [, field, , value] = m as unknown as [string, string, string, string];
  const f = field.toLowerCase();
  if (f === 'label') return (_a, s) => s.label === value;
  if (f === 'company') return (a) => a.enterprise === value;
  return () => false;
}

export const aerisSimulator: SimulatorFactory = (ctx) => {
  const accounts: AerisAccount[] = ctx.accounts.map((spec) => createAccount(ctx.seed, spec.number, spec.size));
  const tokens = new BearerTokens<AerisAccount>(3600, ctx.now);
  const requests = new OperationQueue('REQ20', ctx.asyncDelayMs, ctx.now);
  const log = new ChangeLog(ctx.now);
  const router = express.Router();
  const isoNow = () => new Date(ctx.now()).toISOString();

  router.post('/iot/api/auth/token', rateLimited('auth', 5), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.grant_type !== 'password') return problem(res, 400, 'grant_type must be password');
    const account = accounts.find(
      (a) => a.clientId === b.client_id && a.username === b.username && a.password === b.password,
    );
    if (!account) return problem(res, 401, 'Bad credentials', 'IOTA-AUTH');
    const { token, expiresIn } = tokens.issue(account);
    res.json({
      access_token: token,
      token_type: 'bearer',
      expires_in: expiresIn,
      organization_ids: [account.organizationId],
    });
  });
  const auth = (req: Request, res: Response, next: () => void) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string')
      return problem(
        res,
        401,
        account === 'missing' ? 'Full authentication is required' : 'Token expired or invalid',
        'IOTA-AUTH',
      );
    res.locals.account = account;
    next();
  };
  const accountOf = (res: Response) => res.locals.account as AerisAccount;
  /** The groups of a request (DEFAULT_GROUPS when it names none), or answers 400. */
  const groupsOf = (
    req: Request,
    res: Response,
  ): { groups: ReadonlySet<FieldGroup>; named: Set<FieldGroup> | undefined } | undefined => {
    const named = parseGroups(req.query as Record<string, unknown>);
    if (typeof named === 'string') {
      problem(res, 400, named);
      return undefined;
    }
    return { groups: named ?? DEFAULT_GROUPS, named };
  };
  const view = (account: AerisAccount, s: Subscription, groups: ReadonlySet<FieldGroup>) =>
    subscriptionView(account, s, { groups, minimal: ctx.minimal(), now: ctx.now() });
  const keyOf = (s: Subscription, order: IdentifierType) =>
    order === 'ICC' ? s.iccid : order === 'IMSI' ? s.imsi : s.msisdn;

  const details = rateLimited('subscriptions/details', 10);
  router.get('/iot/api/subscriptions/details', auth, details, (req, res) => {
    const g = groupsOf(req, res);
    if (!g) return;
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return problem(res, 400, 'limit must be 1..10000');
    const order = String(req.query.order ?? 'IMSI') as IdentifierType;
    if (!IDENTIFIER_TYPES.includes(order)) return problem(res, 400, 'order must be ICC, IMSI or MSISDN');
    const filter = parseQ(req.query.q);
    if (typeof filter === 'string') return problem(res, 400, filter);
    const account = accountOf(res);
    // The cursor is the last key of the previous page (in the order's identifier); every order follows the index.
    let start = 0;
    if (req.query.cursor !== undefined) {
      const after =
        typeof req.query.cursor === 'string' ? parseIdentifier(account, order, req.query.cursor) : undefined;
      if (after === undefined) return problem(res, 400, 'cursor is not valid');
      start = after + 1;
    }
    const items: Subscription[] = [];
    let more = false;
    for (let i = start; i < account.fleet.indexLimit; i++) {
      const s = account.fleet.get(i);
      if (!s || (filter && !filter(account, s))) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(s);
    }
    const q = typeof req.query.q === 'string' ? `&q=${encodeURIComponent(req.query.q)}` : '';
    const next = more
      ? {
          next: `/details?order=${order}&limit=${limit}&cursor=${keyOf(items.at(-1)!, order)}${q}${groupsQuery(g.named)}`,
        }
      : {};
    res.json({ subscriptions: items.map((s) => view(account, s, g.groups)), size: items.length, ...next });
  });
  router.post('/iot/api/subscriptions/details', auth, details, (req, res) => {
    const g = groupsOf(req, res);
    if (!g) return;
    const { identifierType, identifierValues } = (req.body ?? {}) as {
      identifierType?: unknown;
      identifierValues?: unknown;
    };
    if (
      !IDENTIFIER_TYPES.includes(identifierType as IdentifierType) ||
      !Array.isArray(identifierValues) ||
      identifierValues.length < 1 ||
      identifierValues.length > 1000
    ) {
      return problem(res, 400, 'identifierType (ICC, IMSI or MSISDN) and 1..1000 identifierValues are required');
    }
    const account = accountOf(res);
    const found = identifierValues
      .map((v) => (typeof v === 'string' ? indexOfIdentifier(account, identifierType as IdentifierType, v) : undefined))
      .filter((i): i is number => i !== undefined);
    res.json({ subscriptions: found.map((i) => view(account, account.fleet.get(i)!, g.groups)) });
  });
  router.post(
    '/iot/api/sica/subscriptions/requests/state-changes',
    auth,
    rateLimited('sica/subscriptions/requests', 10),
    (req, res) => {
      const b = (req.body ?? {}) as {
        subscriptions?: { identifier_type?: unknown; identifiers?: unknown };
        change?: { state?: unknown };
      };
      const ids = b.subscriptions?.identifiers;
      const target = b.change?.state;
      if (
        b.subscriptions?.identifier_type !== 'ICC' ||
        !Array.isArray(ids) ||
        ids.length < 1 ||
        ids.length > 1000 ||
        typeof target !== 'string'
      ) {
        return problem(
          res,
          400,
          'subscriptions.identifier_type ICC, 1..1000 identifiers and change.state are required',
        );
      }
      if (!(STATES as readonly string[]).includes(target)) return problem(res, 400, `Unknown state ${target}`);
      const account = accountOf(res);
      const op = requests.submit(
        account.organizationId,
        'CHANGE_SUBSCRIPTIONSTATE',
        { identifiers: ids, state: target },
        {
          run: () =>
            ids.map((iccid: string) => {
              const index = typeof iccid === 'string' ? indexOfIdentifier(account, 'ICC', iccid) : undefined;
              const sub = index === undefined ? undefined : account.fleet.get(index);
              if (!sub) return { iccid, resourceState: 'FAILED', failure: 'SUBSCRIPTION_NOT_FOUND' };
              if (!CHANGES[sub.state].includes(target as State))
                return {
                  iccid,
                  resourceState: 'REJECTED',
                  failure: `STATE_TRANSITION_NOT_ALLOWED: ${sub.state} -> ${target}`,
                };
              const changed = account.fleet.update(index!, {
                state: target as State,
                firstActivatedAt: sub.firstActivatedAt ?? isoNow(),
                lastSubscriptionChangeDateAt: isoNow(),
              });
              log.record(
                account,
                changed,
                'CHANGE_SUBSCRIPTIONSTATE',
                { subscription_state: historyState(target) },
                account.username,
                op.id,
              );
              return { iccid, resourceState: 'COMPLETED', failure: null };
            }),
        },
      );
      res.status(201).json({ subscription_request_id: op.id });
    },
  );
  router.get('/dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/:id', auth, (req, res) => {
    const op = requests.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).organizationId)
      return problem(res, 404, `Subscription request ${req.params.id} not found`);
    const { identifiers, state } = op.request as { identifiers: string[]; state: string };
    const results =
      (op.result as Array<{ iccid: string; resourceState: string; failure: string | null }> | undefined) ??
      identifiers.map((iccid) => ({ iccid, resourceState: 'PENDING', failure: null }));
    const count = (s: string) => results.filter((r) => r.resourceState === s).length;
    const done = op.state === 'DONE';
    const instant = (ms: number) => ({ epochSecond: Math.floor(ms / 1000), nano: (ms % 1000) * 1_000_000 });
    // DCP answers in its versioned media type (Subscription Management 1.0.1), not plain application/json.
    res.type('application/vnd.dcp-v1+json').send(
      JSON.stringify({
        subscriptionRequestId: op.id,
        subscriptionRequestType: 'CHANGE_SUBSCRIPTIONSTATE',
        subscriptionRequestState: !done
          ? 'PENDING'
          : count('COMPLETED') === results.length
            ? 'COMPLETED'
            : count('COMPLETED') === 0
              ? 'REJECTED'
              : 'COMPLETED_WITH_FAILURES',
        timeCreated: instant(op.createdAt),
        lastUpdated: instant(op.finishedAt ?? op.createdAt),
        size: results.length,
        subscriptionRequestResourceCounters: {
          inProgress: 0,
          pending: count('PENDING'),
          canceled: 0,
          rejected: count('REJECTED'),
          completed: count('COMPLETED'),
          failed: count('FAILED'),
        },
        subscriptionRequestResources: results.map((r, i) => ({
          resourceId: String(i + 1),
          resourceState: r.resourceState,
          resourceProperties: [
            { type: 'ICCID', value: r.iccid, operation: 'SUBSCRIPTION_STATE_CHANGE' },
            { type: 'TARGET_SUBSCRIPTION_STATE', value: state, operation: 'SUBSCRIPTION_STATE_CHANGE' },
          ],
          resourceFailureInfos: r.failure ? [{ code: r.failure.split(':')[0], message: r.failure }] : [],
        })),
      }),
    );
  });
  mountChangeHistory(router, log, [auth, rateLimited('subscriptions/changes', 10)], problem);

  const idOf = (a: AerisAccount) => a.organizationId;
  const indexIn = (a: AerisAccount, key: string) => indexOfIdentifier(a, 'ICC', key);
  const allGroups: ReadonlySet<FieldGroup> = new Set(FIELD_GROUPS);
  const outOfBand: OutOfBand = {
    statusWords: STATES,
    change: (key, status, account) => {
      const state = checkWord(STATES, status);
      const { account: a, index } = findProduct(accounts, idOf, account, indexIn, key);
      const sub = a.fleet.get(index)!;
      const activates = state === 'ACTIVE' || state === 'ACTIVE_NO_BILLING';
      const changed = a.fleet.update(index, {
        state,
        firstActivatedAt: sub.firstActivatedAt ?? (activates ? isoNow() : null),
        lastSubscriptionChangeDateAt: isoNow(),
      });
      log.record(a, changed, 'CHANGE_SUBSCRIPTIONSTATE', { subscription_state: historyState(state) }, PORTAL_USER);
      return view(a, changed, allGroups);
    },
    add: (count, account) => {
      const a = addTarget(accounts, idOf, account);
      const indexes = a.fleet.add(count, () => ({ lastSubscriptionChangeDateAt: isoNow() }));
      for (const i of indexes) {
        const s = a.fleet.get(i)!;
        log.record(
          a,
          s,
          'CREATE_SUBSCRIPTION',
          { subscription_state: historyState(s.state), subscription_package: s.subscriptionPackageName },
          PORTAL_USER,
        );
      }
      return { account: a.organizationId, keys: indexes.map((i) => a.fleet.get(i)!.iccid) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(accounts, idOf, account, indexIn, key);
      log.record(a, a.fleet.get(index)!, 'CHANGE_SUBSCRIPTIONSTATE', { subscription_state: 'REMOVED' }, PORTAL_USER);
      a.fleet.remove(index);
    },
  };

  return {
    system: 'Aeris IoT Accelerator',
    fidelity: 'official-spec',
    router,
    respondError: problem,
    outOfBand,
    accounts: () =>
      accounts.map((a) => ({
        id: a.organizationId,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: {
          clientId: a.clientId,
          username: a.username,
          password: a.password,
          organizationId: a.organizationId,
        },
      })),
    close: () => requests.close(),
  };
};
