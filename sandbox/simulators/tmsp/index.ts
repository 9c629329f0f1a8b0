/**
 * Telekom Deutschland M2M Service Portal 3.0 simulator (TMSP). Public: the base path
 * `/iot/connectivity/management/v1/partners/{partnerId}/sims`, OAuth 2.0 client credentials from a separate OpenID
 * Connect service (its token URL is a credential: `tokenUrl` in the manifest), selection of SIMs by
 * POSTed identifiers, HAL+JSON, and asynchronous status changes (research/backends.md §1). Designed here: paging,
 * the request resource and its cancellation, sub-resources, errors, limits (docs/sandbox/tmsp.md).
 */
import express, { type Request, type Response } from 'express';
import { addTarget, checkWord, findProduct, minimalView, present, type OutOfBand } from '../../core/admin.js';
import { BearerTokens, clientCredentials } from '../../core/bearer.js';
import { Fleet } from '../../core/fleet.js';
import { eidFor, iccidFor, imeiFor, imsiFor, indexOfIccid, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { OperationQueue, type Operation } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

/** Path of the simulated OIDC token endpoint; the manifest gives its full URL as each account's `tokenUrl`. */
export const TOKEN_PATH = '/oidc/realms/m2m/protocol/openid-connect/token';

export const STATUS_WORDS = [
  'Ordered',
  'Ordered for Stock',
  'On Stock',
  'Delivered',
  'Test',
  'Productive',
  'Suspended',
  'Blocked (automatically)',
  'Blocked (manually)',
  'Blocked (by operator)',
  'Terminated',
  'Deleted',
  'Undefined',
] as const;
type Status = (typeof STATUS_WORDS)[number];
/** Status changes a partner may request: Test/Productive → Suspended, Suspended → Productive. */
const MOVES: Partial<Record<Status, readonly Status[]>> = {
  Test: ['Suspended'],
  Productive: ['Suspended'],
  Suspended: ['Productive'],
};
const OFFERINGS = [
  { id: 'PO-1001', name: 'M2M Business 10 MB' },
  { id: 'PO-1002', name: 'M2M Business 500 MB' },
  { id: 'PO-2001', name: 'IoT Satellite Hybrid 1 GB' },
];
const PROFILES = ['SP-DEFAULT', 'SP-NBIOT', 'SP-LTEM', 'SP-HYBRID'];
/** Fields minimal mode leaves out (nullable or conditional in the portal's documents; docs/sandbox/tmsp.md). */
export const OPTIONAL_SIM_FIELDS = ['imei', 'eid', 'activationDate', 'relatedParty', 'simProfile'] as const;
export const OPTIONAL_CONNECTIVITY_FIELDS = ['radioAccessTechnologies', 'apns'] as const;
export const OPTIONAL_USAGE_FIELDS = ['quotaBytes'] as const;

interface Sim {
  iccid: string;
  imsi: string;
  msisdn: string;
  imei: string | null;
  eid: string | null;
  status: Status;
  activationDate: string | null;
  productOffering: { id: string; name: string };
  relatedParty: { id: string; name: string; role: string };
  simProfile: string;
  rats: string[];
  apns: string[];
  dailyCellular: number;
  dailySatellite: number;
  quotaBytes: number | null;
}
interface Account {
  number: number;
  partnerId: string;
  clientId: string;
  clientSecret: string;
  plan: IccidPlan;
  fleet: Fleet<Sim>;
}

function fail(res: Response, status: number, message: string, code?: string): void {
  const error =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      409: 'Conflict',
      422: 'Unprocessable Entity',
      429: 'Too Many Requests',
    }[status] ?? (status >= 500 ? 'Service Unavailable' : 'Error');
  res
    .status(status)
    .type('application/json')
    .send(
      JSON.stringify({
        timestamp: new Date().toISOString(),
        status,
        error,
        code: code ?? `TMSP-${status}`,
        message,
        path: res.req.originalUrl,
      }),
    );
}

export const tmspSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => {
    const plan = { prefix: '894902', account: spec.number };
    const partnerId = String(3_100_000 + spec.number);
    return {
      number: spec.number,
      partnerId,
      clientId: `tmsp-partner-${partnerId}`,
      clientSecret: rng(ctx.seed, 'TMSP-secret', spec.number).digits(24),
      plan,
      fleet: new Fleet<Sim>(spec.size, (index) => {
        const r = rng(ctx.seed, 'TMSP', spec.number, index);
        const status = r.weighted([
          ['Productive', 55],
          ['Test', 8],
          ['Suspended', 10],
          ['On Stock', 5],
          ['Delivered', 5],
          ['Ordered', 2],
          ['Ordered for Stock', 1],
          ['Blocked (automatically)', 2],
          ['Blocked (manually)', 2],
          ['Blocked (by operator)', 1],
          ['Terminated', 5],
          ['Deleted', 2],
          ['Undefined', 2],
        ] as const);
        const offering = r.pick(OFFERINGS);
        const hybrid = offering.id === 'PO-2001';
        return {
          iccid: iccidFor(plan, index),
          imsi: imsiFor('26201', spec.number, index),
          msisdn: msisdnFor('49', spec.number, index),
          imei: ['Ordered', 'Ordered for Stock', 'On Stock'].includes(status) ? null : imeiFor(r),
          eid: r.float() < 0.3 ? eidFor(r) : null,
          status,
          activationDate: ['Productive', 'Test', 'Suspended', 'Terminated'].includes(status)
            ? new Date(Date.UTC(2022, r.int(0, 11), r.int(1, 28))).toISOString()
            : null,
          productOffering: offering,
          relatedParty: {
            id: `RP-${r.digits(5)}`,
            name: r.pick(['Logistics GmbH', 'Smart Meter AG', 'Fleet Services KG']),
            role: 'customer',
          },
          simProfile: hybrid ? 'SP-HYBRID' : r.pick(PROFILES.slice(0, 3)),
          rats: hybrid ? ['LTE', 'Satellite'] : r.pick([['LTE', 'GPRS'], ['NB-IoT'], ['LTE-M', 'LTE']]),
          apns: [r.pick(['internet.m2m', 'm2m.telekom.de'])],
          dailyCellular: r.int(5_000, 20_000_000),
          dailySatellite: hybrid ? r.int(1_000, 2_000_000) : 0,
          quotaBytes: offering.id === 'PO-1001' ? 10_000_000 : offering.id === 'PO-1002' ? 500_000_000 : 1_000_000_000,
        };
      }),
    };
  });
  const tokens = new BearerTokens<Account>(1800, ctx.now);
  const limit = new TokenBucket(20, 20);
  const requests = new OperationQueue('TMSP-REQ-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();
  const base = '/iot/connectivity/management/v1/partners/:partnerId';

  // The token comes from Telekom's OpenID Connect service, not the portal API: served here on its own path, and named
  // by the `tokenUrl` credential of each account in the manifest (clients must not derive it from the API's URL).
  router.post(TOKEN_PATH, (req, res) => {
    if ((req.body as { grant_type?: string })?.grant_type !== 'client_credentials')
      return fail(res, 400, 'grant_type must be client_credentials', 'unsupported_grant_type');
    const c = clientCredentials(req.headers.authorization, req.body as Record<string, unknown>);
    const account = accounts.find((a) => a.clientId === c?.id && a.clientSecret === c?.secret);
    if (!account) return fail(res, 401, 'Client authentication failed', 'invalid_client');
    const { token, expiresIn } = tokens.issue(account);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: 'sim.read sim.write' });
  });
  router.use('/iot/connectivity/management/v1/partners/:partnerId', (req: Request, res: Response, next) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string')
      return fail(
        res,
        401,
        account === 'missing'
          ? 'Full authentication is required to access this resource'
          : 'Invalid or expired access token',
      );
    if (account.partnerId !== req.params.partnerId)
      return fail(res, 403, `Token is not valid for partner ${req.params.partnerId}`);
    const taken = limit.take(account.partnerId);
    if (!taken.ok) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
      return fail(res, 429, 'Rate limit of 20 requests per second exceeded');
    }
    res.locals.account = account;
    res.type('application/hal+json');
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const href = (a: Account, path: string) => `/iot/connectivity/management/v1/partners/${a.partnerId}${path}`;
  const find = (a: Account, iccid: string) => {
    const index = indexOfIccid(a.plan, iccid);
    const sim = index === undefined ? undefined : a.fleet.get(index);
    return sim && index !== undefined ? { index, sim } : undefined;
  };
  const simView = (a: Account, s: Sim) =>
    minimalView(
      {
        iccid: s.iccid,
        imsi: s.imsi,
        msisdn: s.msisdn,
        imei: s.imei,
        eid: s.eid,
        status: s.status,
        activationDate: s.activationDate,
        productOffering: s.productOffering,
        relatedParty: s.relatedParty,
        simProfile: s.simProfile,
        _links: {
          self: { href: href(a, `/sims/${s.iccid}`) },
          connectivity: { href: href(a, `/sims/${s.iccid}/connectivity`) },
          usage: { href: href(a, `/sims/${s.iccid}/usage`) },
        },
      },
      OPTIONAL_SIM_FIELDS,
      ctx.minimal(),
    );
  const connectivity = (s: Sim) =>
    minimalView(
      {
        networkProvider: 'Telekom Deutschland',
        radioAccessTechnologies: s.rats,
        communicationPlan: s.productOffering.name,
        apns: s.apns,
      },
      OPTIONAL_CONNECTIVITY_FIELDS,
      ctx.minimal(),
    );
  const usage = (s: Sim) => {
    const now = new Date(ctx.now());
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const days = (ctx.now() - start) / 86_400_000;
    const on = s.status === 'Productive' || s.status === 'Test';
    return minimalView(
      {
        billingPeriod: {
          start: new Date(start).toISOString(),
          end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
        },
        data: {
          cellularBytes: on ? Math.round(s.dailyCellular * days) : 0,
          satelliteBytes: on ? Math.round(s.dailySatellite * days) : 0,
        },
        sms: { count: on ? Math.round(days * 3) : 0 },
        quotaBytes: s.quotaBytes,
      },
      OPTIONAL_USAGE_FIELDS,
      ctx.minimal(),
    );
  };

  router.get(`${base}/sims`, (req, res) => {
    const page = Number(req.query.page ?? 0);
    const size = Number(req.query.size ?? 20);
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 100)
      return fail(res, 400, 'page must be ≥ 0 and size 1..100');
    const a = accountOf(res);
    const totalPages = Math.ceil(a.fleet.size / size);
    res.json({
      _embedded: { sims: [...a.fleet.range(page * size, size)].map((s) => simView(a, s)) },
      _links: {
        self: { href: href(a, `/sims?page=${page}&size=${size}`) },
        ...(page + 1 < totalPages ? { next: { href: href(a, `/sims?page=${page + 1}&size=${size}`) } } : {}),
      },
      page: { size, totalElements: a.fleet.size, totalPages, number: page },
    });
  });
  router.post(`${base}/sims/selection`, (req, res) => {
    const { identifierType, identifiers } = (req.body ?? {}) as { identifierType?: unknown; identifiers?: unknown };
    if (identifierType !== 'ICCID' || !Array.isArray(identifiers) || identifiers.length < 1 || identifiers.length > 200)
      return fail(
        res,
        400,
        'identifierType ICCID and 1..200 identifiers are required (IMSI, MSISDN, EID and IMEI selections are not offered in the sandbox)',
      );
    const embed = String(req.query.embed ?? '')
      .split(',')
      .filter(Boolean);
    const a = accountOf(res);
    const found = identifiers.map((i) => (typeof i === 'string' ? find(a, i) : undefined));
    res.json({
      _embedded: {
        sims: found.filter(Boolean).map((f) => ({
          ...simView(a, f!.sim),
          _embedded: {
            ...(embed.includes('connectivity') ? { connectivity: connectivity(f!.sim) } : {}),
            ...(embed.includes('usage') ? { usage: usage(f!.sim) } : {}),
          },
        })),
      },
      notFound: identifiers.filter((_, i) => !found[i]),
    });
  });
  for (const [suffix, build] of [
    ['', (a: Account, s: Sim) => simView(a, s)],
    ['/connectivity', (_a: Account, s: Sim) => connectivity(s)],
    ['/usage', (_a: Account, s: Sim) => usage(s)],
  ] as const) {
    router.get(`${base}/sims/:iccid${suffix}`, (req, res) => {
      if (!/^\d{19,20}$/.test(String(req.params.iccid)))
        return fail(res, 400, `Invalid ICCID ${req.params.iccid}`, 'TMSP-ICCID');
      const a = accountOf(res);
      const f = find(a, String(req.params.iccid));
      if (!f) return fail(res, 404, `SIM ${req.params.iccid} not found for partner ${a.partnerId}`);
      res.json(build(a, f.sim));
    });
  }

  const requestView = (a: Account, op: Operation) => {
    const body = op.request as { type: string; iccids: string[] };
    const results =
      (op.result as Array<{ iccid: string; state: string; reason: string | null }> | undefined) ??
      body.iccids.map((iccid) => ({ iccid, state: op.state === 'CANCELLED' ? 'CANCELLED' : 'PENDING', reason: null }));
    return {
      requestId: op.id,
      type: body.type,
      state:
        op.state === 'DONE'
          ? results.every((r) => r.state === 'DONE')
            ? 'DONE'
            : results.some((r) => r.state === 'DONE')
              ? 'PARTIALLY_DONE'
              : 'FAILED'
          : op.state,
      createdAt: new Date(op.createdAt).toISOString(),
      results,
      _links: { self: { href: href(a, `/requests/${op.id}`) } },
    };
  };
  router.post(`${base}/requests`, (req, res) => {
    const body = (req.body ?? {}) as {
      type?: unknown;
      iccids?: unknown;
      targetStatus?: unknown;
      productOffering?: unknown;
      relatedPartyId?: unknown;
      simProfile?: unknown;
    };
    if (
      !Array.isArray(body.iccids) ||
      body.iccids.length < 1 ||
      body.iccids.length > 1000 ||
      !body.iccids.every((i) => typeof i === 'string')
    )
      return fail(res, 400, 'iccids: 1..1000 ICCIDs');
    const a = accountOf(res);
    const iccids = body.iccids as string[];
    let apply: (f: { index: number; sim: Sim }) => string | null;
    if (body.type === 'STATUS_CHANGE') {
      if (!(STATUS_WORDS as readonly string[]).includes(String(body.targetStatus)))
        return fail(res, 422, `Unknown target status ${String(body.targetStatus)}`, 'TMSP-STATUS');
      const target = body.targetStatus as Status;
      apply = (f) => {
        if (!MOVES[f.sim.status]?.includes(target))
          return `Status change ${f.sim.status} -> ${target} is not permitted`;
        a.fleet.update(f.index, {
          status: target,
          activationDate: f.sim.activationDate ?? new Date(ctx.now()).toISOString(),
        });
        return null;
      };
    } else if (body.type === 'CHARACTERISTICS_CHANGE') {
      const offering =
        typeof body.productOffering === 'string'
          ? OFFERINGS.find((o) => o.id === body.productOffering || o.name === body.productOffering)
          : undefined;
      if (typeof body.productOffering === 'string' && !offering)
        return fail(res, 422, `Unknown product offering ${body.productOffering}`, 'TMSP-OFFERING');
      if (typeof body.simProfile === 'string' && !PROFILES.includes(body.simProfile))
        return fail(res, 422, `Unknown SIM profile ${body.simProfile}`, 'TMSP-PROFILE');
      apply = (f) => {
        if (['Terminated', 'Deleted'].includes(f.sim.status)) return `SIM is ${f.sim.status}`;
        a.fleet.update(f.index, {
          ...(offering ? { productOffering: offering } : {}),
          ...(typeof body.simProfile === 'string' ? { simProfile: body.simProfile } : {}),
          ...(typeof body.relatedPartyId === 'string'
            ? { relatedParty: { ...f.sim.relatedParty, id: body.relatedPartyId } }
            : {}),
        });
        return null;
      };
    } else {
      return fail(res, 400, 'type must be STATUS_CHANGE or CHARACTERISTICS_CHANGE');
    }
    const op = requests.submit(
      a.partnerId,
      String(body.type),
      { type: body.type, iccids },
      {
        run: () =>
          iccids.map((iccid) => {
            const f = find(a, iccid);
            const reason = f ? apply(f) : `SIM ${iccid} not found`;
            return { iccid, state: reason ? 'FAILED' : 'DONE', reason };
          }),
      },
    );
    res.status(202).setHeader('Location', href(a, `/requests/${op.id}`));
    res.json(requestView(a, op));
  });
  router.get(`${base}/requests/:id`, (req, res) => {
    const a = accountOf(res);
    const op = requests.get(String(req.params.id));
    if (!op || op.account !== a.partnerId) return fail(res, 404, `Request ${req.params.id} not found`);
    res.json(requestView(a, op));
  });
  router.delete(`${base}/requests/:id`, (req, res) => {
    const a = accountOf(res);
    const op = requests.get(String(req.params.id));
    if (!op || op.account !== a.partnerId) return fail(res, 404, `Request ${req.params.id} not found`);
    if (!requests.cancel(op.id))
      return fail(res, 409, `Request ${op.id} is ${op.state} and can no longer be cancelled`, 'TMSP-NOT-CANCELLABLE');
    res.json(requestView(a, op));
  });

  const outOfBand: OutOfBand = {
    statusWords: STATUS_WORDS,
    change: (key, status, account) => {
      const word = checkWord(STATUS_WORDS, status);
      const { account: a, index } = findProduct(
        accounts,
        (x) => x.partnerId,
        account,
        (x, k) => present(x.fleet, indexOfIccid(x.plan, k)),
        key,
      );
      const sim = a.fleet.get(index)!;
      const activates = word === 'Productive' || word === 'Test';
      return simView(
        a,
        a.fleet.update(index, {
          status: word,
          activationDate: sim.activationDate ?? (activates ? new Date(ctx.now()).toISOString() : null),
        }),
      );
    },
    add: (count, account) => {
      const a = addTarget(accounts, (x) => x.partnerId, account);
      return { account: a.partnerId, keys: a.fleet.add(count).map((i) => iccidFor(a.plan, i)) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(
        accounts,
        (x) => x.partnerId,
        account,
        (x, k) => present(x.fleet, indexOfIccid(x.plan, k)),
        key,
      );
      a.fleet.remove(index);
    },
  };

  return {
    system: 'M2M Service Portal 3.0',
    fidelity: 'partly-public',
    outOfBand,
    router,
    respondError: fail,
    accounts: () =>
      accounts.map((a) => ({
        id: a.partnerId,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: {
          clientId: a.clientId,
          clientSecret: a.clientSecret,
          partnerId: a.partnerId,
          tokenUrl: `${ctx.baseUrl()}${TOKEN_PATH}`,
        },
      })),
    close: () => requests.close(),
  };
};
