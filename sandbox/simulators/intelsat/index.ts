/**
 * Intelsat satellite terminal platform simulator. Nothing about Intelsat's API is public (backends.md §5): this is a
 * designed REST API in the style of carrier platforms, documented in docs/sandbox/intelsat.md.
 *
 *   POST /oauth/token                         client credentials (Basic or form) → bearer token, 1 h
 *   GET  /api/v2/terminals?page&size          page of terminals (size ≤ 100), with totals
 *   GET  /api/v2/terminals/{serial}           one terminal
 *   POST /api/v2/terminals/search             { serialNumbers: [≤ 200] } → found terminals + notFound
 *   GET  /api/v2/terminals/{serial}/usage     data volume in the current billing period (calendar month)
 *   POST /api/v2/service-orders               { serialNumber, action: SUSPEND | RESUME } → 202 order (async)
 *   GET  /api/v2/service-orders/{orderId}     PENDING → COMPLETED | FAILED
 *
 * Errors: { "error": { "code", "message" } }. Rate limit: 20 requests/s per client → 429 + Retry-After.
 */
import express, { type Request, type Response } from 'express';
import { addTarget, checkWord, findProduct, minimalView, present, type OutOfBand } from '../../core/admin.js';
import { BearerTokens, clientCredentials } from '../../core/bearer.js';
import { OperationFailure, OperationQueue } from '../../core/operations.js';
import { TokenBucket } from '../../core/rate-limit.js';
import { rng } from '../../core/random.js';
import type { SimulatorFactory } from '../../core/simulator.js';
import {
  indexOfSerial,
  intelsatFleet,
  serialFor,
  type ContractStatus,
  type Terminal,
  type TerminalStatus,
} from './fleet.js';

/**
 * The admin API's status words for a terminal, which has a contract status and a terminal status: a contract word
 * alone sets the terminal status that goes with it (active → online, suspended → suspended, others → offline);
 * "active/offline" and "active/suspended" set an active contract with that terminal status.
 */
export const ADMIN_STATUS_WORDS = [
  'new',
  'active',
  'active/online',
  'active/offline',
  'active/suspended',
  'suspended',
  'cancelation',
  'ended',
] as const;
/** Fields minimal mode leaves out (docs/sandbox/intelsat.md). */
export const OPTIONAL_FIELDS = ['imoNumber', 'mmsi', 'position', 'antennaCode'] as const;
export const OPTIONAL_USAGE_FIELDS = ['planAllowanceMB'] as const;

interface Account {
  number: number;
  id: string;
  clientId: string;
  clientSecret: string;
  fleet: ReturnType<typeof intelsatFleet>;
}

function sendError(res: Response, status: number, message: string, code?: string): void {
  res.status(status).json({
    error: {
      code:
        code ??
        (status === 404
          ? 'NOT_FOUND'
          : status === 401
            ? 'UNAUTHORIZED'
            : status === 429
              ? 'RATE_LIMITED'
              : status >= 500
                ? 'SERVICE_UNAVAILABLE'
                : 'BAD_REQUEST'),
      message,
    },
  });
}

export const intelsatSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => ({
    number: spec.number,
    id: `IS-${100_000 + spec.number}`,
    clientId: `intelsat-client-${spec.number}`,
    clientSecret: rng(ctx.seed, 'INTELSAT-secret', spec.number).digits(24),
    fleet: intelsatFleet(ctx.seed, spec.number, spec.size),
  }));
  const tokens = new BearerTokens<Account>(3600, ctx.now);
  const limit = new TokenBucket(20, 20);
  const orders = new OperationQueue('SO-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();

  /** A terminal as the API shows it: position drifting with time for moving terminals. */
  const view = (t: Terminal) => {
    const hours = (ctx.now() - Date.UTC(2025, 0, 1)) / 3_600_000;
    const lat = Math.max(-80, Math.min(80, t.base.latitude + t.base.driftLat * (hours % 200)));
    const lon = ((t.base.longitude + t.base.driftLon * (hours % 500) + 540) % 360) - 180;
    const { base: _b, dailyMB: _d, ...rest } = t;
    return minimalView(
      {
        ...rest,
        position: { latitude: Number(lat.toFixed(5)), longitude: Number(lon.toFixed(5)) },
        lastUpdated: new Date(ctx.now() - (t.terminalId % 600) * 1000).toISOString(),
      },
      OPTIONAL_FIELDS,
      ctx.minimal(),
    );
  };

  router.post('/oauth/token', (req, res) => {
    const creds = clientCredentials(req.headers.authorization, req.body as Record<string, unknown>);
    if ((req.body as { grant_type?: string })?.grant_type !== 'client_credentials')
      return sendError(res, 400, 'grant_type must be client_credentials', 'UNSUPPORTED_GRANT_TYPE');
    const account = accounts.find((a) => a.clientId === creds?.id && a.clientSecret === creds?.secret);
    if (!account) return sendError(res, 401, 'Invalid client credentials', 'INVALID_CLIENT');
    const { token, expiresIn } = tokens.issue(account);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  });

  router.use('/api/v2', (req: Request, res: Response, next) => {
    const account = tokens.check(req.headers.authorization);
    if (account === 'missing') return sendError(res, 401, 'Bearer token required');
    if (account === 'invalid') return sendError(res, 401, 'Token is invalid or expired', 'INVALID_TOKEN');
    const taken = limit.take(account.clientId);
    if (!taken.ok) {
      res.setHeader('Retry-After', String(Math.ceil(taken.retryAfterMs / 1000)));
      return sendError(res, 429, 'Rate limit of 20 requests per second exceeded');
    }
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const find = (account: Account, serial: string) => {
    const index = present(account.fleet, indexOfSerial(account.number, serial, account.fleet.indexLimit));
    return index === undefined ? undefined : { index, terminal: account.fleet.get(index)! };
  };

  router.get('/api/v2/terminals', (req, res) => {
    const page = Number(req.query.page ?? 0);
    const size = Number(req.query.size ?? 20);
    if (!Number.isInteger(page) || page < 0) return sendError(res, 400, 'page must be a whole number ≥ 0');
    if (!Number.isInteger(size) || size < 1 || size > 100) return sendError(res, 400, 'size must be 1 to 100');
    const fleet = accountOf(res).fleet;
    res.json({
      content: [...fleet.range(page * size, size)].map(view),
      page: { number: page, size, totalElements: fleet.size, totalPages: Math.ceil(fleet.size / size) },
    });
  });

  router.post('/api/v2/terminals/search', (req, res) => {
    const serials = (req.body as { serialNumbers?: unknown })?.serialNumbers;
    if (
      !Array.isArray(serials) ||
      serials.length < 1 ||
      serials.length > 200 ||
      !serials.every((s) => typeof s === 'string')
    ) {
      return sendError(res, 400, 'serialNumbers must be a list of 1 to 200 strings');
    }
    const account = accountOf(res);
    const found = serials.map((s) => find(account, s));
    res.json({
      content: found.filter(Boolean).map((f) => view(f!.terminal)),
      notFound: serials.filter((_, i) => !found[i]),
    });
  });

  router.get('/api/v2/terminals/:serial', (req, res) => {
    const f = find(accountOf(res), String(req.params.serial));
    if (!f) return sendError(res, 404, `Terminal ${req.params.serial} not found`);
    res.json(view(f.terminal));
  });

  router.get('/api/v2/terminals/:serial/usage', (req, res) => {
    const f = find(accountOf(res), String(req.params.serial));
    if (!f) return sendError(res, 404, `Terminal ${req.params.serial} not found`);
    const now = new Date(ctx.now());
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const inService = f.terminal.contract.status === 'active' && f.terminal.terminalStatus === 'online';
    const used = inService
      ? (f.terminal.dailyMB * (ctx.now() - start)) / 86_400_000
      : (f.terminal.dailyMB * ((f.terminal.terminalId % 10) + 1)) / 3;
    const allowance =
      Number(/(\d+)(GB|TB)/.exec(f.terminal.servicePlan)?.[1] ?? 0) *
      (f.terminal.servicePlan.includes('TB') ? 1_000_000 : 1_000);
    res.json(
      minimalView(
        {
          serialNumber: f.terminal.serialNumber,
          billingPeriod: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
          dataVolumeMB: Number(used.toFixed(3)),
          planAllowanceMB: allowance || null,
        },
        OPTIONAL_USAGE_FIELDS,
        ctx.minimal(),
      ),
    );
  });

  router.post('/api/v2/service-orders', (req, res) => {
    const { serialNumber, action } = (req.body ?? {}) as { serialNumber?: unknown; action?: unknown };
    if (typeof serialNumber !== 'string' || (action !== 'SUSPEND' && action !== 'RESUME'))
      return sendError(res, 400, 'serialNumber and action (SUSPEND or RESUME) are required');
    const account = accountOf(res);
    const f = find(account, serialNumber);
    if (!f) return sendError(res, 404, `Terminal ${serialNumber} not found`);
    const c = f.terminal.contract;
    if (
      !c.changeActionsAllowed ||
      (action === 'SUSPEND' && c.status !== 'active') ||
      (action === 'RESUME' && c.status !== 'suspended' && f.terminal.terminalStatus !== 'suspended')
    ) {
      return sendError(
        res,
        409,
        `${action} is not allowed for a terminal whose contract is ${c.status} and which is ${f.terminal.terminalStatus}`,
        'ACTION_NOT_ALLOWED',
      );
    }
    const op = orders.submit(
      account.id,
      action,
      { serialNumber, action },
      {
        run: () => {
          const current = account.fleet.get(f.index);
          if (!current)
            throw new OperationFailure('NOT_FOUND', `Terminal ${serialNumber} was removed before the order ran`);
          if (current.contract.status === 'ended' || current.contract.status === 'cancelation')
            throw new OperationFailure('CONTRACT_CLOSED', 'The contract was closed before the order ran');
          account.fleet.update(
            f.index,
            action === 'SUSPEND'
              ? { contract: { ...current.contract, status: 'suspended' }, terminalStatus: 'suspended' }
              : { contract: { ...current.contract, status: 'active' }, terminalStatus: 'online' },
          );
          return { serialNumber };
        },
      },
    );
    res.status(202).setHeader('Location', `/api/v2/service-orders/${op.id}`);
    res.json(orderView(op));
  });

  router.get('/api/v2/service-orders/:id', (req, res) => {
    const op = orders.get(String(req.params.id));
    if (!op || op.account !== accountOf(res).id) return sendError(res, 404, `Service order ${req.params.id} not found`);
    res.json(orderView(op));
  });

  const orderView = (op: NonNullable<ReturnType<typeof orders.get>>) => ({
    orderId: op.id,
    action: op.kind,
    serialNumber: (op.request as { serialNumber: string }).serialNumber,
    state: op.state === 'DONE' ? 'COMPLETED' : op.state,
    createdAt: new Date(op.createdAt).toISOString(),
    completedAt: op.finishedAt ? new Date(op.finishedAt).toISOString() : null,
    failureReason: op.error ? `${op.error.code}: ${op.error.message}` : null,
  });

  const indexIn = (a: Account, key: string) => present(a.fleet, indexOfSerial(a.number, key, a.fleet.indexLimit));
  const outOfBand: OutOfBand = {
    statusWords: ADMIN_STATUS_WORDS,
    change: (key, status, account) => {
      const word = checkWord(ADMIN_STATUS_WORDS, status);
      const { account: a, index } = findProduct(accounts, (x) => x.id, account, indexIn, key);
      const [contract, explicit] = word.split('/') as [ContractStatus, TerminalStatus | undefined];
      const terminalStatus: TerminalStatus =
        explicit ?? (contract === 'active' ? 'online' : contract === 'suspended' ? 'suspended' : 'offline');
      const t = a.fleet.get(index)!;
      return view(a.fleet.update(index, { contract: { ...t.contract, status: contract }, terminalStatus }));
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
    system: 'Intelsat',
    fidelity: 'designed',
    outOfBand,
    router,
    respondError: sendError,
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
