/**
 * Viasat GALAXY1 simulator. Nothing about a Viasat terminal management API is public (research/backends.md §10): a
 * designed API, distinct in style from Intelsat's (JSON token call, cursor paging, a batchGet), with satellite
 * terminals that also carry a SIM (the capability matrix lists SIM card details for GALAXY1). docs/sandbox/galaxy1.md.
 *
 *   POST /galaxy/auth/token {clientId, clientSecret}       → { token, expiresAt }
 *   GET  /galaxy/v1/terminals?cursor&limit≤250              → { items: [Terminal], nextCursor }
 *   GET  /galaxy/v1/terminals/{serial}                      → Terminal
 *   POST /galaxy/v1/terminals:batchGet {serials: [≤250]}    → { items, missing }
 *   GET  /galaxy/v1/terminals/{serial}/usage                → { periodStart, periodEnd, bytes, allowanceBytes }
 *   POST /galaxy/v1/service-orders {serial, action}         → 202 { id, state: QUEUED }  (async; SUSPEND | RESTORE)
 *   GET  /galaxy/v1/service-orders/{id}                     → { id, state: QUEUED | DONE | FAILED, detail }
 * Errors: { fault: { code, detail } }. Rate limit: 15 requests/s per client.
 */
import express, { type Response } from 'express';
import { addTarget, checkWord, findProduct, minimalView, present, type OutOfBand } from '../../core/admin.js';
import { BearerTokens } from '../../core/bearer.js';
import { Fleet } from '../../core/fleet.js';
import { luhnDigit, imsiFor, msisdnFor } from '../../core/identifiers.js';
import { OperationFailure, OperationQueue } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

export const LIFECYCLE = [
  'PROVISIONED',
  'COMMISSIONED',
  'IN_SERVICE',
  'SUSPENDED',
  'BARRED',
  'DECOMMISSIONING',
  'DECOMMISSIONED',
] as const;
type Lifecycle = (typeof LIFECYCLE)[number];
/** Fields minimal mode leaves out (docs/sandbox/galaxy1.md). */
export const OPTIONAL_FIELDS = ['vessel', 'commissionedAt', 'antenna', 'location'] as const;
const simState = (state: Lifecycle) => (state === 'IN_SERVICE' || state === 'SUSPENDED' ? 'ACTIVE' : 'INACTIVE');

interface Terminal {
  serial: string;
  name: string;
  hardware: string;
  mobility: 'MARITIME' | 'AERO' | 'FIXED';
  antenna: string;
  lifecycleState: Lifecycle;
  base: { lat: number; lon: number; drift: number };
  sim: { iccid: string; imsi: string; msisdn: string; state: 'ACTIVE' | 'INACTIVE' };
  vessel: { imo: string; mmsi: string } | null;
  servicePlan: string;
  commissionedAt: string | null;
  dailyBytes: number;
}
interface Account {
  number: number;
  id: string;
  clientId: string;
  clientSecret: string;
  fleet: Fleet<Terminal>;
}

const serialFor = (account: number, index: number) => `VS${account}${String(index).padStart(7, '0')}`;
const indexOf = (account: number, serial: string) =>
  new RegExp(`^VS${account}\\d{7}$`).test(serial) ? Number(serial.slice(2 + String(account).length)) : -1;

function fail(res: Response, status: number, detail: string, code?: string): void {
  res.status(status).json({
    fault: {
      code:
        code ??
        (status === 401
          ? 'unauthenticated'
          : status === 404
            ? 'not_found'
            : status === 429
              ? 'throttled'
              : status >= 500
                ? 'unavailable'
                : 'invalid_argument'),
      detail,
    },
  });
}

export const galaxy1Simulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => ({
    number: spec.number,
    id: `vsat-org-${spec.number}`,
    clientId: `galaxy-client-${spec.number}`,
    clientSecret: rng(ctx.seed, 'GALAXY1-secret', spec.number).digits(20),
    fleet: new Fleet<Terminal>(spec.size, (index) => {
      const r = rng(ctx.seed, 'GALAXY1', spec.number, index);
      const state = r.weighted([
        ['IN_SERVICE', 65],
        ['SUSPENDED', 10],
        ['COMMISSIONED', 8],
        ['PROVISIONED', 5],
        ['BARRED', 4],
        ['DECOMMISSIONING', 3],
        ['DECOMMISSIONED', 5],
      ] as const);
      const mobility = r.weighted([
        ['MARITIME', 5],
        ['AERO', 2],
        ['FIXED', 3],
      ] as const);
      const body = `8988307${String(spec.number).padStart(2, '0')}${String(index).padStart(9, '0')}`;
      return {
        serial: serialFor(spec.number, index),
        name: `${mobility === 'MARITIME' ? 'Vessel' : mobility === 'AERO' ? 'Aircraft' : 'Site'} ${r.pick(['Atlas', 'Boreas', 'Calypso', 'Draco'])}-${index}`,
        hardware: r.pick(['Viasat GM40', 'Viasat KA-SAT T3', 'Global Xpress 60']),
        mobility,
        antenna: `KA-${r.digits(3)}`,
        lifecycleState: state,
        base: {
          lat: r.int(-5500, 6500) / 100,
          lon: r.int(-17000, 17000) / 100,
          drift: mobility === 'FIXED' ? 0 : r.float() / 5,
        },
        sim: {
          iccid: body + luhnDigit(body),
          imsi: imsiFor('90112', spec.number, index),
          msisdn: msisdnFor('870', spec.number, index),
          state: simState(state),
        },
        vessel: mobility === 'MARITIME' ? { imo: `9${r.digits(6)}`, mmsi: `3${r.digits(8)}` } : null,
        servicePlan: r.pick(['GX Maritime 100GB', 'GX Aero Unlimited', 'KA Fixed 500GB']),
        commissionedAt:
          state === 'PROVISIONED' ? null : new Date(Date.UTC(2022, r.int(0, 11), r.int(1, 28))).toISOString(),
        dailyBytes: r.int(100_000_000, 20_000_000_000),
      };
    }),
  }));
  const tokens = new BearerTokens<Account>(1200, ctx.now);
  const limit = new TokenBucket(15, 15);
  const orders = new OperationQueue('gx-so-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();

  router.post('/galaxy/auth/token', (req, res) => {
    const { clientId, clientSecret } = (req.body ?? {}) as { clientId?: unknown; clientSecret?: unknown };
    const account = accounts.find((a) => a.clientId === clientId && a.clientSecret === clientSecret);
    if (!account) return fail(res, 401, 'client authentication failed');
    const { token, expiresIn } = tokens.issue(account);
    res.json({ token, expiresAt: new Date(ctx.now() + expiresIn * 1000).toISOString() });
  });
  router.use('/galaxy/v1', (req, res, next) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string')
      return fail(res, 401, account === 'missing' ? 'bearer token required' : 'token expired or unknown');
    if (!limit.take(account.clientId).ok) {
      res.setHeader('Retry-After', '1');
      return fail(res, 429, 'request rate above 15/s');
    }
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const find = (account: Account, serial: string) => {
    const index = indexOf(account.number, serial);
    const terminal = account.fleet.get(index);
    return terminal ? { index, terminal } : undefined;
  };
  const view = (t: Terminal) => {
    const hours = (ctx.now() - Date.UTC(2025, 0, 1)) / 3_600_000;
    const { base, dailyBytes: _d, ...rest } = t;
    return minimalView(
      {
        ...rest,
        location: {
          lat: Number(Math.max(-80, Math.min(80, base.lat + base.drift * Math.sin(hours / 24))).toFixed(5)),
          lon: Number((((base.lon + (base.drift * hours) / 10 + 540) % 360) - 180).toFixed(5)),
          reportedAt: new Date(ctx.now() - 60_000).toISOString(),
        },
      },
      OPTIONAL_FIELDS,
      ctx.minimal(),
    );
  };

  router.get('/galaxy/v1/terminals', (req, res) => {
    const limitParam = Number(req.query.limit ?? 100);
    const cursor =
      req.query.cursor === undefined
        ? 0
        : Number(Buffer.from(String(req.query.cursor), 'base64url').toString('utf8').replace('pos:', ''));
    if (!Number.isInteger(limitParam) || limitParam < 1 || limitParam > 250)
      return fail(res, 400, 'limit must be 1 to 250');
    if (!Number.isInteger(cursor) || cursor < 0) return fail(res, 400, 'cursor is not valid');
    const fleet = accountOf(res).fleet;
    const next = cursor + limitParam;
    res.json({
      items: [...fleet.range(cursor, limitParam)].map(view),
      nextCursor: next < fleet.size ? Buffer.from(`pos:${next}`).toString('base64url') : null,
    });
  });
  router.post('/galaxy/v1/terminals:batchGet', (req, res) => {
    const serials = (req.body as { serials?: unknown })?.serials;
    if (
      !Array.isArray(serials) ||
      serials.length < 1 ||
      serials.length > 250 ||
      !serials.every((s) => typeof s === 'string')
    )
      return fail(res, 400, 'serials: 1 to 250 strings');
    const found = serials.map((s) => find(accountOf(res), s));
    res.json({
      items: found.filter(Boolean).map((f) => view(f!.terminal)),
      missing: serials.filter((_, i) => !found[i]),
    });
  });
  router.get('/galaxy/v1/terminals/:serial', (req, res) => {
    const f = find(accountOf(res), String(req.params.serial));
    if (!f) return fail(res, 404, `terminal ${req.params.serial} does not exist`);
    res.json(view(f.terminal));
  });
  router.get('/galaxy/v1/terminals/:serial/usage', (req, res) => {
    const f = find(accountOf(res), String(req.params.serial));
    if (!f) return fail(res, 404, `terminal ${req.params.serial} does not exist`);
    const now = new Date(ctx.now());
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const inService = f.terminal.lifecycleState === 'IN_SERVICE';
    res.json({
      serial: f.terminal.serial,
      periodStart: new Date(start).toISOString(),
      periodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      bytes: inService ? Math.round((f.terminal.dailyBytes * (ctx.now() - start)) / 86_400_000) : 0,
      allowanceBytes: f.terminal.servicePlan.includes('Unlimited')
        ? null
        : Number(/(\d+)GB/.exec(f.terminal.servicePlan)![1]) * 1e9,
    });
  });
  router.post('/galaxy/v1/service-orders', (req, res) => {
    const { serial, action } = (req.body ?? {}) as { serial?: unknown; action?: unknown };
    if (typeof serial !== 'string' || (action !== 'SUSPEND' && action !== 'RESTORE'))
      return fail(res, 400, 'serial and action (SUSPEND | RESTORE) required');
    const account = accountOf(res);
    const f = find(account, serial);
    if (!f) return fail(res, 404, `terminal ${serial} does not exist`);
    const from: Lifecycle = action === 'SUSPEND' ? 'IN_SERVICE' : 'SUSPENDED';
    if (f.terminal.lifecycleState !== from)
      return fail(
        res,
        409,
        `${action} needs a terminal in ${from}, this one is ${f.terminal.lifecycleState}`,
        'failed_precondition',
      );
    const op = orders.submit(
      account.id,
      action,
      { serial, action },
      {
        run: () => {
          if (account.fleet.get(f.index)?.lifecycleState !== from)
            throw new OperationFailure('failed_precondition', 'terminal changed state before the order ran');
          account.fleet.update(f.index, { lifecycleState: action === 'SUSPEND' ? 'SUSPENDED' : 'IN_SERVICE' });
          return null;
        },
      },
    );
    res.status(202).json({ id: op.id, state: 'QUEUED' });
  });
  router.get('/galaxy/v1/service-orders/:id', (req, res) => {
    const op = orders.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).id) return fail(res, 404, `service order ${req.params.id} does not exist`);
    res.json({
      id: op.id,
      state: op.state === 'DONE' ? 'DONE' : op.state === 'FAILED' ? 'FAILED' : 'QUEUED',
      detail: op.error?.message ?? null,
    });
  });

  const indexIn = (a: Account, key: string) => present(a.fleet, indexOf(a.number, key));
  const outOfBand: OutOfBand = {
    statusWords: LIFECYCLE,
    change: (key, status, account) => {
      const state = checkWord(LIFECYCLE, status);
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      const t = a.fleet.get(index)!;
      return view(
        a.fleet.update(index, {
          lifecycleState: state,
          sim: { ...t.sim, state: simState(state) },
          commissionedAt: t.commissionedAt ?? (state === 'PROVISIONED' ? null : new Date(ctx.now()).toISOString()),
        }),
      );
    },
    add: (count, account) => {
      const a = addTarget(accounts, (x) => x.id, account);
      return { account: a.id, keys: a.fleet.add(count).map((i) => serialFor(a.number, i)) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      a.fleet.remove(index);
    },
  };

  return {
    system: 'GALAXY1',
    fidelity: 'designed',
    outOfBand,
    router,
    respondError: fail,
    accounts: () =>
      accounts.map((a) => ({
        id: a.id,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: { clientId: a.clientId, clientSecret: a.clientSecret },
      })),
    close: () => orders.close(),
  };
};
