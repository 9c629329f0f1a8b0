/**
 * STC ConnectME simulator (STC). Nothing about ConnectME's API is public (research/backends.md §8): a designed
 * REST+JSON API, documented in docs/sandbox/stc.md.
 *
 *   POST /connectme/api/v1/auth/login {username,password}   → { accessToken, expiresIn }
 *   GET  /connectme/api/v1/sims?offset&limit≤200              → { total, offset, limit, items: [Sim] }
 *   GET  /connectme/api/v1/sims/{iccid}                       → Sim
 *   GET  /connectme/api/v1/sims/{iccid}/connectivity          → { network, apn, rat, ipAddress }
 *   GET  /connectme/api/v1/sims/{iccid}/usage                 → { billingCycle, dataBytes, smsCount, voiceSeconds }
 *   POST /connectme/api/v1/orders {type: STATUS_CHANGE, iccid, targetStatus} → 202 Order (asynchronous)
 *   GET  /connectme/api/v1/orders/{orderId}                   → Order: RECEIVED | COMPLETED | REJECTED
 * Errors: { errorCode, errorMessage, timestamp }. Rate limit: 30 requests/s per user.
 */
import express, { type Response } from 'express';
import { addTarget, checkWord, findProduct, minimalView, present, type OutOfBand } from '../../core/admin.js';
import { BearerTokens } from '../../core/bearer.js';
import { Fleet } from '../../core/fleet.js';
import { iccidFor, imeiFor, imsiFor, indexOfIccid, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { OperationFailure, OperationQueue } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

export const STATUSES = ['INACTIVE', 'ACTIVE', 'SUSPENDED', 'DEACTIVATED'] as const;
type Status = (typeof STATUSES)[number];
/** Fields minimal mode leaves out (docs/sandbox/stc.md): nullable or optional in the designed API. */
export const OPTIONAL_SIM_FIELDS = ['imei', 'activatedOn'] as const;
export const OPTIONAL_CONNECTIVITY_FIELDS = ['rat', 'ipAddress'] as const;
/** ConnectME's own rule: only ACTIVE ↔ SUSPENDED may be ordered (and INACTIVE → ACTIVE, first activation). */
const MOVES: Readonly<Record<Status, readonly Status[]>> = {
  INACTIVE: ['ACTIVE'],
  ACTIVE: ['SUSPENDED'],
  SUSPENDED: ['ACTIVE'],
  DEACTIVATED: [],
};

interface Sim {
  iccid: string;
  imsi: string;
  msisdn: string;
  imei: string;
  status: Status;
  ratePlan: string;
  activatedOn: string | null;
  apn: string;
  rat: string;
  dailyBytes: number;
  dailySms: number;
}
interface Account {
  number: number;
  id: string;
  username: string;
  password: string;
  plan: IccidPlan;
  fleet: Fleet<Sim>;
}

function fail(res: Response, status: number, errorMessage: string, errorCode?: string): void {
  res
    .status(status)
    .json({ errorCode: errorCode ?? `CM-${status}`, errorMessage, timestamp: new Date().toISOString() });
}

export const stcSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => {
    const plan = { prefix: '8996601', account: spec.number };
    return {
      number: spec.number,
      id: `CM${500 + spec.number}`,
      username: `connectme-api-${spec.number}`,
      password: rng(ctx.seed, 'STC-pw', spec.number).digits(14),
      plan,
      fleet: new Fleet<Sim>(spec.size, (index) => {
        const r = rng(ctx.seed, 'STC', spec.number, index);
        const status = r.weighted([
          ['ACTIVE', 70],
          ['SUSPENDED', 12],
          ['INACTIVE', 10],
          ['DEACTIVATED', 8],
        ] as const);
        return {
          iccid: iccidFor(plan, index),
          imsi: imsiFor('42001', spec.number, index),
          msisdn: msisdnFor('966', spec.number, index),
          imei: imeiFor(r),
          status,
          ratePlan: r.pick(['IoT Basic 50MB', 'IoT Plus 1GB', 'IoT Fleet 10GB']),
          activatedOn:
            status === 'INACTIVE' ? null : new Date(Date.UTC(2023, r.int(0, 11), r.int(1, 28))).toISOString(),
          apn: r.pick(['jawalnet.com.sa', 'iot.stc.sa']),
          rat: r.pick(['LTE', 'LTE-M', 'NB-IoT', '3G']),
          dailyBytes: r.int(50_000, 50_000_000),
          dailySms: r.int(0, 20),
        };
      }),
    };
  });
  const tokens = new BearerTokens<Account>(1800, ctx.now);
  const limit = new TokenBucket(30, 30);
  const orders = new OperationQueue('ORD-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();
  const base = '/connectme/api/v1';

  router.post(`${base}/auth/login`, (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const account = accounts.find((a) => a.username === username && a.password === password);
    if (!account) return fail(res, 401, 'Invalid credentials', 'CM-AUTH-001');
    const { token, expiresIn } = tokens.issue(account);
    res.json({ accessToken: token, tokenType: 'Bearer', expiresIn });
  });
  router.use(base, (req, res, next) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string')
      return fail(res, 401, account === 'missing' ? 'Missing bearer token' : 'Token expired or invalid', 'CM-AUTH-002');
    if (!limit.take(account.username).ok) {
      res.setHeader('Retry-After', '1');
      return fail(res, 429, 'Rate limit exceeded', 'CM-RATE-001');
    }
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const simOf = (res: Response, iccid: string) => {
    const a = accountOf(res);
    const index = /^\d{19,20}$/.test(iccid) ? indexOfIccid(a.plan, iccid) : undefined;
    const sim = index === undefined ? undefined : a.fleet.get(index);
    return sim === undefined ? undefined : { index: index!, sim };
  };
  const view = (s: Sim) =>
    minimalView(
      {
        iccid: s.iccid,
        imsi: s.imsi,
        msisdn: s.msisdn,
        imei: s.imei,
        status: s.status,
        ratePlan: s.ratePlan,
        activatedOn: s.activatedOn,
      },
      OPTIONAL_SIM_FIELDS,
      ctx.minimal(),
    );

  router.get(`${base}/sims`, (req, res) => {
    const offset = Number(req.query.offset ?? 0);
    const lim = Number(req.query.limit ?? 50);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(lim) || lim < 1 || lim > 200)
      return fail(res, 400, 'offset must be ≥ 0 and limit 1 to 200', 'CM-REQ-001');
    const fleet = accountOf(res).fleet;
    res.json({ total: fleet.size, offset, limit: lim, items: [...fleet.range(offset, lim)].map(view) });
  });
  router.get(`${base}/sims/:iccid`, (req, res) => {
    if (!/^\d{19,20}$/.test(String(req.params.iccid)))
      return fail(res, 400, 'ICCID must have 19 or 20 digits', 'CM-REQ-002');
    const f = simOf(res, String(req.params.iccid));
    if (!f) return fail(res, 404, `SIM ${req.params.iccid} not found`, 'CM-SIM-404');
    res.json(view(f.sim));
  });
  router.get(`${base}/sims/:iccid/connectivity`, (req, res) => {
    const f = simOf(res, String(req.params.iccid));
    if (!f) return fail(res, 404, `SIM ${req.params.iccid} not found`, 'CM-SIM-404');
    res.json(
      minimalView(
        {
          network: 'STC',
          apn: f.sim.apn,
          rat: f.sim.rat,
          ipAddress: f.sim.status === 'ACTIVE' ? `10.66.${f.index % 250}.${(f.index >> 8) % 250}` : null,
        },
        OPTIONAL_CONNECTIVITY_FIELDS,
        ctx.minimal(),
      ),
    );
  });
  router.get(`${base}/sims/:iccid/usage`, (req, res) => {
    const f = simOf(res, String(req.params.iccid));
    if (!f) return fail(res, 404, `SIM ${req.params.iccid} not found`, 'CM-SIM-404');
    const now = new Date(ctx.now());
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const days = (ctx.now() - start) / 86_400_000;
    const on = f.sim.status === 'ACTIVE';
    res.json({
      iccid: f.sim.iccid,
      billingCycle: {
        start: new Date(start).toISOString(),
        end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      },
      dataBytes: on ? Math.round(f.sim.dailyBytes * days) : 0,
      smsCount: on ? Math.round(f.sim.dailySms * days) : 0,
      voiceSeconds: 0,
    });
  });
  router.post(`${base}/orders`, (req, res) => {
    const { type, iccid, targetStatus } = (req.body ?? {}) as {
      type?: unknown;
      iccid?: unknown;
      targetStatus?: unknown;
    };
    if (type !== 'STATUS_CHANGE' || typeof iccid !== 'string' || typeof targetStatus !== 'string')
      return fail(res, 400, 'type STATUS_CHANGE, iccid and targetStatus are required', 'CM-REQ-003');
    if (!(targetStatus in MOVES)) return fail(res, 400, `Unknown status ${targetStatus}`, 'CM-REQ-004');
    const f = simOf(res, iccid);
    if (!f) return fail(res, 404, `SIM ${iccid} not found`, 'CM-SIM-404');
    if (!MOVES[f.sim.status].includes(targetStatus as Status))
      return fail(res, 409, `Cannot move a ${f.sim.status} SIM to ${targetStatus}`, 'CM-ORD-409');
    const account = accountOf(res);
    const op = orders.submit(
      account.id,
      'STATUS_CHANGE',
      { iccid, targetStatus },
      {
        run: () => {
          const current = account.fleet.get(f.index);
          if (!current) throw new OperationFailure('CM-SIM-404', `SIM ${iccid} was removed before the order ran`);
          if (!MOVES[current.status].includes(targetStatus as Status))
            throw new OperationFailure('CM-ORD-409', `SIM became ${current.status} before the order ran`);
          account.fleet.update(f.index, {
            status: targetStatus as Status,
            activatedOn: current.activatedOn ?? new Date(ctx.now()).toISOString(),
          });
          return null;
        },
      },
    );
    res.status(202).json(orderView(op));
  });
  router.get(`${base}/orders/:id`, (req, res) => {
    const op = orders.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).id)
      return fail(res, 404, `Order ${req.params.id} not found`, 'CM-ORD-404');
    res.json(orderView(op));
  });
  const orderView = (op: NonNullable<ReturnType<typeof orders.get>>) => ({
    orderId: op.id,
    type: op.kind,
    ...(op.request as object),
    status: op.state === 'DONE' ? 'COMPLETED' : op.state === 'FAILED' ? 'REJECTED' : 'RECEIVED',
    reason: op.error?.message ?? null,
    submittedAt: new Date(op.createdAt).toISOString(),
  });

  const indexIn = (a: Account, key: string) => present(a.fleet, indexOfIccid(a.plan, key));
  const outOfBand: OutOfBand = {
    statusWords: STATUSES,
    change: (key, status, account) => {
      const word = checkWord(STATUSES, status);
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      const sim = a.fleet.get(index)!;
      return view(
        a.fleet.update(index, {
          status: word,
          activatedOn: sim.activatedOn ?? (word === 'ACTIVE' ? new Date(ctx.now()).toISOString() : null),
        }),
      );
    },
    add: (count, account) => {
      const a = addTarget(accounts, (x) => x.id, account);
      return { account: a.id, keys: a.fleet.add(count).map((i) => iccidFor(a.plan, i)) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      a.fleet.remove(index);
    },
  };

  return {
    system: 'ConnectME',
    fidelity: 'designed',
    outOfBand,
    router,
    respondError: fail,
    accounts: () =>
      accounts.map((a) => ({
        id: a.id,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: { username: a.username, password: a.password },
      })),
    close: () => orders.close(),
  };
};
