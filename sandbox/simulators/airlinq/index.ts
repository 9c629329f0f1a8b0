/**
 * Airlinq CMP ("gcapi") simulator, as used by Jio (AIRLINQ). Public client code shows the auth call, the
 * DataTables-style device list and the usage call (research/backends.md §6); status changes, request tracking,
 * errors and limits are designed here (docs/sandbox/airlinq.md).
 *
 *   POST /gcapi/auth {username,password}              → { token }   (bearer, 1 h)
 *   POST /gcapi/device/list {start,length≤500,iccid?,search?:{value}} → { data, recordsFiltered, recordsTotal }
 *   GET  /gcapi/device/dataUsage?imsi&fromDate&toDate   → { imsi, totalUsage } (bytes)
 *   PUT  /gcapi/device/changeState {iccid,state}       → 202 { status, requestId, message }   (asynchronous; PUT as
 *                                                         public clients send it)
 *   GET  /gcapi/request/{requestId}                    → { requestId, status: PENDING|SUCCESS|FAILED, message }
 * Errors: { status: "FAILURE", errorCode, message }. Rate limit: 50 requests/s per user.
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

export const STATES = ['TEST', 'READY', 'ACTIVE', 'SUSPEND', 'CEASE', 'TERMINATED', 'BLOCKED'] as const;
type State = (typeof STATES)[number];

/** Moves a client may request: ACTIVE ↔ SUSPEND, ACTIVE ↔ BLOCKED (and READY/TEST → ACTIVE on activation). */
const ALLOWED: Readonly<Record<State, readonly State[]>> = {
  TEST: ['ACTIVE'],
  READY: ['ACTIVE'],
  ACTIVE: ['SUSPEND', 'BLOCKED'],
  SUSPEND: ['ACTIVE'],
  BLOCKED: ['ACTIVE'],
  CEASE: [],
  TERMINATED: [],
};
/** Fields minimal mode leaves out (docs/sandbox/airlinq.md): nullable or not shown by every CMP deployment. */
export const OPTIONAL_FIELDS = ['imei', 'activationDate', 'apn', 'rat'] as const;
const PLANS = ['JioThings 100MB', 'JioThings 1GB', 'JioThings NB-IoT 10MB', 'JioThings Fleet 5GB'];

interface Device {
  iccid: string;
  imsi: string;
  msisdn: string;
  imei: string;
  state: State;
  devicePlanId: number;
  devicePlanName: string;
  apn: string;
  rat: string;
  activationDate: string | null;
  dailyBytes: number;
}

interface Account {
  number: number;
  id: string;
  username: string;
  password: string;
  plan: IccidPlan;
  fleet: Fleet<Device>;
}

function fail(
  res: Response,
  status: number,
  message: string,
  errorCode = status === 401
    ? 'AUTH_FAILED'
    : status === 404
      ? 'NOT_FOUND'
      : status === 429
        ? 'RATE_LIMIT'
        : status >= 500
          ? 'SERVER_ERROR'
          : 'INVALID_REQUEST',
): void {
  res.status(status).json({ status: 'FAILURE', errorCode, message });
}

export const airlinqSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => {
    const plan = { prefix: '899186', account: spec.number };
    return {
      number: spec.number,
      id: String(7000 + spec.number),
      username: `jio.iot.user${spec.number}`,
      password: rng(ctx.seed, 'AIRLINQ-pw', spec.number).digits(16),
      plan,
      fleet: new Fleet<Device>(spec.size, (index) => {
        const r = rng(ctx.seed, 'AIRLINQ', spec.number, index);
        const state = r.weighted([
          ['ACTIVE', 60],
          ['SUSPEND', 10],
          ['READY', 8],
          ['TEST', 7],
          ['BLOCKED', 5],
          ['CEASE', 4],
          ['TERMINATED', 6],
        ] as const);
        const planId = r.int(0, PLANS.length - 1);
        return {
          iccid: iccidFor(plan, index),
          imsi: imsiFor('405857', spec.number, index),
          msisdn: msisdnFor('91', spec.number, index),
          imei: imeiFor(r),
          state,
          devicePlanId: 300 + planId,
          devicePlanName: PLANS[planId]!,
          apn: r.pick(['jionet', 'jio.iot', 'm2m.jio.com']),
          rat: PLANS[planId]!.includes('NB-IoT') ? 'NB-IoT' : r.pick(['LTE', 'LTE-M']),
          activationDate:
            state === 'READY' || state === 'TEST'
              ? null
              : new Date(Date.UTC(2022, r.int(0, 11), r.int(1, 28))).toISOString(),
          dailyBytes: r.int(100_000, 30_000_000),
        };
      }),
    };
  });
  const tokens = new BearerTokens<Account>(3600, ctx.now);
  const limit = new TokenBucket(50, 50);
  const requests = new OperationQueue('REQ', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();

  router.post('/gcapi/auth', (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string')
      return fail(res, 400, 'username and password are required');
    const account = accounts.find((a) => a.username === username && a.password === password);
    if (!account) return fail(res, 401, 'Invalid username or password');
    res.json({ token: tokens.issue(account).token });
  });
  router.use('/gcapi', (req, res, next) => {
    const account = tokens.check(req.headers.authorization);
    if (account === 'missing' || account === 'invalid')
      return fail(
        res,
        401,
        account === 'missing' ? 'Authorization token missing' : 'Token expired or invalid',
        'TOKEN_INVALID',
      );
    if (!limit.take(account.username).ok) return fail(res, 429, 'Too many requests');
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const view = (d: Device) => {
    const { dailyBytes: _d, ...rest } = d;
    return minimalView(rest, OPTIONAL_FIELDS, ctx.minimal());
  };

  router.post('/gcapi/device/list', (req, res) => {
    const {
      start = 0,
      length = 10,
      iccid,
      search,
    } = (req.body ?? {}) as { start?: unknown; length?: unknown; iccid?: unknown; search?: { value?: unknown } };
    if (
      !Number.isInteger(start) ||
      (start as number) < 0 ||
      !Number.isInteger(length) ||
      (length as number) < 1 ||
      (length as number) > 500
    ) {
      return fail(res, 400, 'start must be ≥ 0 and length 1 to 500');
    }
    const account = accountOf(res);
    if (typeof iccid === 'string') {
      const index = indexOfIccid(account.plan, iccid);
      const device = index === undefined ? undefined : account.fleet.get(index);
      return void res.json({
        data: device ? [view(device)] : [],
        recordsFiltered: device ? 1 : 0,
        recordsTotal: account.fleet.size,
      });
    }
    const value = typeof search?.value === 'string' ? search.value.trim().toLowerCase() : '';
    if (value) {
      // DataTables' global search: a device matches when its ICCID, IMSI, MSISDN, state or plan contains the text.
      const matches: Device[] = [];
      for (const d of account.fleet.range(0, account.fleet.size)) {
        if ([d.iccid, d.imsi, d.msisdn, d.state, d.devicePlanName].some((f) => f.toLowerCase().includes(value)))
          matches.push(d);
      }
      return void res.json({
        data: matches.slice(start as number, (start as number) + (length as number)).map(view),
        recordsFiltered: matches.length,
        recordsTotal: account.fleet.size,
      });
    }
    res.json({
      data: [...account.fleet.range(start as number, length as number)].map(view),
      recordsFiltered: account.fleet.size,
      recordsTotal: account.fleet.size,
    });
  });

  router.get('/gcapi/device/dataUsage', (req, res) => {
    const imsi = String(req.query.imsi ?? '');
    const from = Date.parse(String(req.query.fromDate ?? '').replace(' ', 'T') + ':00Z');
    const to = Date.parse(String(req.query.toDate ?? '').replace(' ', 'T') + ':00Z');
    if (!/^\d{15}$/.test(imsi) || Number.isNaN(from) || Number.isNaN(to) || to < from)
      return fail(res, 400, 'imsi (15 digits), fromDate and toDate (YYYY-MM-DD HH:MM) are required');
    const account = accountOf(res);
    const index = imsi.startsWith('405857') ? Number(imsi.slice(8)) : -1;
    const device = account.fleet.get(index);
    if (!device || device.imsi !== imsi) return fail(res, 404, `No device with IMSI ${imsi}`);
    const consuming = device.state === 'ACTIVE' || device.state === 'TEST';
    const end = Math.min(to, ctx.now());
    res.json({
      imsi,
      totalUsage: consuming ? Math.round((device.dailyBytes * Math.max(0, end - from)) / 86_400_000) : 0,
    });
  });

  router.put('/gcapi/device/changeState', (req, res) => {
    const { iccid, state } = (req.body ?? {}) as { iccid?: unknown; state?: unknown };
    if (typeof iccid !== 'string' || typeof state !== 'string') return fail(res, 400, 'iccid and state are required');
    if (!(STATES as readonly string[]).includes(state))
      return fail(res, 400, `Unknown state ${state}`, 'INVALID_STATE');
    const account = accountOf(res);
    const index = indexOfIccid(account.plan, iccid);
    const device = index === undefined ? undefined : account.fleet.get(index);
    if (!device) return fail(res, 404, `Device ${iccid} not found`);
    if (!ALLOWED[device.state].includes(state as State))
      return fail(res, 422, `State change ${device.state} -> ${state} is not permitted`, 'STATE_CHANGE_NOT_PERMITTED');
    const op = requests.submit(
      account.id,
      'CHANGE_STATE',
      { iccid, state },
      {
        run: () => {
          const current = account.fleet.get(index!);
          if (!current) throw new OperationFailure('NOT_FOUND', `Device ${iccid} was removed before the request ran`);
          if (!ALLOWED[current.state].includes(state as State))
            throw new OperationFailure(
              'STATE_CHANGE_NOT_PERMITTED',
              `Device moved to ${current.state} before the request ran`,
            );
          account.fleet.update(index!, {
            state: state as State,
            activationDate: current.activationDate ?? new Date(ctx.now()).toISOString(),
          });
          return null;
        },
      },
    );
    res.status(202).json({ status: 'SUCCESS', requestId: op.id, message: 'Request accepted' });
  });

  router.get('/gcapi/request/:id', (req, res) => {
    const op = requests.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).id) return fail(res, 404, `Request ${req.params.id} not found`);
    res.json({
      requestId: op.id,
      iccid: (op.request as { iccid: string }).iccid,
      status: op.state === 'DONE' ? 'SUCCESS' : op.state === 'FAILED' ? 'FAILED' : 'PENDING',
      message: op.error?.message ?? null,
    });
  });

  const indexIn = (a: Account, key: string) => present(a.fleet, indexOfIccid(a.plan, key));
  const outOfBand: OutOfBand = {
    statusWords: STATES,
    change: (key, status, account) => {
      const state = checkWord(STATES, status);
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      const device = a.fleet.get(index)!;
      const activationDate = device.activationDate ?? (state === 'ACTIVE' ? new Date(ctx.now()).toISOString() : null);
      return view(a.fleet.update(index, { state, activationDate }));
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
    system: 'CMO Management Platform (Airlinq)',
    fidelity: 'partly-public',
    outOfBand,
    router,
    respondError: fail,
    accounts: () =>
      accounts.map((a) => ({
        id: a.id,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: { username: a.username, password: a.password, accountId: a.id },
      })),
    close: () => requests.close(),
  };
};
