/**
 * Turkcell IoT line management simulator (TURKCELL). Nothing about its API is public (research/backends.md §9);
 * this design follows the hints known: a line has a contract status "a"/"d" and five barring flags instead of one
 * status word. Documented in docs/sandbox/turkcell.md.
 *
 * Auth: headers `X-Api-Key` and `X-Customer-No` on every call.
 *   GET  /tcell/m2m/v1/lines?pageNo=1&pageSize≤100      → { resultCode "0", resultDesc, totalCount, lines: [Line] }
 *   GET  /tcell/m2m/v1/lines/{iccid}                     → { resultCode, line }
 *   POST /tcell/m2m/v1/lines/query {iccids: [≤100]}      → { resultCode, lines, notFound }   (multi-id)
 *   GET  /tcell/m2m/v1/lines/{iccid}/usage?period=YYYYMM → { resultCode, usage: { period, dataKB, smsCount, voiceSec } }
 *   POST /tcell/m2m/v1/orders/barring {iccid, barring}   → { resultCode, orderNo }   (asynchronous)
 *   GET  /tcell/m2m/v1/orders/{orderNo}                  → { resultCode, order: { orderNo, state: WAITING|DONE|ERROR } }
 * Errors: HTTP 4xx/5xx with { resultCode (non-zero), resultDesc }. Rate limit: 25 requests/s per customer.
 */
import express, { type Response } from 'express';
import { addTarget, checkWord, findProduct, minimalView, present, type OutOfBand } from '../../core/admin.js';
import { Fleet } from '../../core/fleet.js';
import { iccidFor, imeiFor, imsiFor, indexOfIccid, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { OperationFailure, OperationQueue } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

export const BARRING_FLAGS = ['incomingSms', 'outgoingSms', 'incomingCall', 'outgoingCall', 'data'] as const;
type Barring = Record<(typeof BARRING_FLAGS)[number], '0' | '1'>;
/**
 * The admin API's status words for a line (Turkcell has no single status word): "a" — contract active, every
 * barring flag 0; "a+barred" — contract active, every barring flag 1; "d" — contract deactivated (flags kept).
 */
export const ADMIN_STATUS_WORDS = ['a', 'a+barred', 'd'] as const;
/** Fields minimal mode leaves out (docs/sandbox/turkcell.md). */
export const OPTIONAL_FIELDS = ['imei', 'apn', 'rat', 'activationDate'] as const;

interface Line {
  iccid: string;
  msisdn: string;
  imsi: string;
  imei: string;
  contractStatus: 'a' | 'd';
  barring: Barring;
  tariff: string;
  apn: string;
  rat: string;
  activationDate: string;
  dailyKB: number;
}
interface Account {
  number: number;
  customerNo: string;
  apiKey: string;
  plan: IccidPlan;
  fleet: Fleet<Line>;
}

const RESULT = {
  ok: '0',
  auth: '1001',
  param: '1002',
  notFound: '1004',
  rule: '1009',
  rate: '1029',
  system: '9999',
} as const;

function fail(res: Response, status: number, resultDesc: string, resultCode?: string): void {
  res.status(status).json({
    resultCode:
      resultCode ??
      (status === 401
        ? RESULT.auth
        : status === 404
          ? RESULT.notFound
          : status === 429
            ? RESULT.rate
            : status >= 500
              ? RESULT.system
              : RESULT.param),
    resultDesc,
  });
}

export const turkcellSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => {
    const plan = { prefix: '899001', account: spec.number };
    return {
      number: spec.number,
      customerNo: String(5_300_000 + spec.number),
      apiKey: rng(ctx.seed, 'TURKCELL-key', spec.number).digits(32),
      plan,
      fleet: new Fleet<Line>(spec.size, (index) => {
        const r = rng(ctx.seed, 'TURKCELL', spec.number, index);
        const contractStatus = r.float() < 0.9 ? 'a' : 'd';
        const barredSome = contractStatus === 'a' && r.float() < 0.2;
        const barring = Object.fromEntries(
          BARRING_FLAGS.map((f) => [f, barredSome && r.float() < 0.5 ? '1' : '0']),
        ) as Barring;
        if (barredSome && !Object.values(barring).includes('1')) barring.data = '1';
        return {
          iccid: iccidFor(plan, index),
          msisdn: msisdnFor('90', spec.number, index),
          imsi: imsiFor('28601', spec.number, index),
          imei: imeiFor(r),
          contractStatus,
          barring,
          tariff: r.pick(['M2M Mini 100MB', 'M2M Standart 1GB', 'M2M Filo 5GB']),
          apn: r.pick(['m2m.turkcell.com.tr', 'iot.turkcell']),
          rat: r.pick(['4.5G', 'LTE-M', 'NB-IoT', '3G']),
          activationDate: new Date(Date.UTC(2022, r.int(0, 11), r.int(1, 28))).toISOString(),
          dailyKB: r.int(100, 40_000),
        };
      }),
    };
  });
  const limit = new TokenBucket(25, 25);
  const orders = new OperationQueue('TC', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();
  const base = '/tcell/m2m/v1';

  router.use(base, (req, res, next) => {
    const account = accounts.find(
      (a) => a.customerNo === req.headers['x-customer-no'] && a.apiKey === req.headers['x-api-key'],
    );
    if (!account)
      return fail(
        res,
        401,
        req.headers['x-api-key']
          ? 'Gecersiz API anahtari (invalid API key)'
          : 'X-Api-Key and X-Customer-No headers are required',
      );
    if (!limit.take(account.customerNo).ok) return fail(res, 429, 'Too many requests');
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const lineOf = (res: Response, iccid: string) => {
    const a = accountOf(res);
    const index = indexOfIccid(a.plan, iccid);
    const line = index === undefined ? undefined : a.fleet.get(index);
    return line === undefined ? undefined : { index: index!, line };
  };
  const view = (l: Line) => {
    const { dailyKB: _d, ...rest } = l;
    return minimalView(rest, OPTIONAL_FIELDS, ctx.minimal());
  };

  router.get(`${base}/lines`, (req, res) => {
    const pageNo = Number(req.query.pageNo ?? 1);
    const pageSize = Number(req.query.pageSize ?? 50);
    if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
      return fail(res, 400, 'pageNo ≥ 1 and pageSize 1..100 required');
    const fleet = accountOf(res).fleet;
    res.json({
      resultCode: RESULT.ok,
      resultDesc: 'OK',
      totalCount: fleet.size,
      pageNo,
      pageSize,
      lines: [...fleet.range((pageNo - 1) * pageSize, pageSize)].map(view),
    });
  });
  router.post(`${base}/lines/query`, (req, res) => {
    const iccids = (req.body as { iccids?: unknown })?.iccids;
    if (
      !Array.isArray(iccids) ||
      iccids.length < 1 ||
      iccids.length > 100 ||
      !iccids.every((i) => typeof i === 'string')
    )
      return fail(res, 400, 'iccids: 1 to 100 ICCIDs');
    const found = iccids.map((i) => lineOf(res, i));
    res.json({
      resultCode: RESULT.ok,
      resultDesc: 'OK',
      lines: found.filter(Boolean).map((f) => view(f!.line)),
      notFound: iccids.filter((_, i) => !found[i]),
    });
  });
  router.get(`${base}/lines/:iccid`, (req, res) => {
    const f = lineOf(res, String(req.params.iccid));
    if (!f) return fail(res, 404, `Hat bulunamadi (line not found): ${req.params.iccid}`);
    res.json({ resultCode: RESULT.ok, resultDesc: 'OK', line: view(f.line) });
  });
  router.get(`${base}/lines/:iccid/usage`, (req, res) => {
    const f = lineOf(res, String(req.params.iccid));
    if (!f) return fail(res, 404, `Hat bulunamadi (line not found): ${req.params.iccid}`);
    const now = new Date(ctx.now());
    const current = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const period = String(req.query.period ?? current);
    if (!/^\d{6}$/.test(period)) return fail(res, 400, 'period must be YYYYMM');
    const start = Date.UTC(Number(period.slice(0, 4)), Number(period.slice(4)) - 1, 1);
    const end = Math.min(ctx.now(), Date.UTC(Number(period.slice(0, 4)), Number(period.slice(4)), 1));
    const days = Math.max(0, (end - start) / 86_400_000);
    const dataOn = f.line.contractStatus === 'a' && f.line.barring.data === '0';
    res.json({
      resultCode: RESULT.ok,
      resultDesc: 'OK',
      usage: {
        period,
        dataKB: dataOn ? Math.round(f.line.dailyKB * days) : 0,
        smsCount: f.line.barring.outgoingSms === '0' ? Math.round(days * 2) : 0,
        voiceSec: 0,
      },
    });
  });
  router.post(`${base}/orders/barring`, (req, res) => {
    const { iccid, barring } = (req.body ?? {}) as { iccid?: unknown; barring?: Partial<Record<string, unknown>> };
    if (typeof iccid !== 'string' || !barring || typeof barring !== 'object')
      return fail(res, 400, 'iccid and barring are required');
    const bad = Object.entries(barring).filter(
      ([k, v]) => !(BARRING_FLAGS as readonly string[]).includes(k) || (v !== '0' && v !== '1'),
    );
    if (bad.length) return fail(res, 400, `Unknown barring flags or values: ${bad.map(([k]) => k).join(', ')}`);
    const f = lineOf(res, iccid);
    if (!f) return fail(res, 404, `Hat bulunamadi (line not found): ${iccid}`);
    if (f.line.contractStatus === 'd')
      return fail(res, 422, 'Kapali hatta islem yapilamaz (the line is deactivated)', RESULT.rule);
    const account = accountOf(res);
    const op = orders.submit(
      account.customerNo,
      'BARRING',
      { iccid, barring },
      {
        run: () => {
          const current = account.fleet.get(f.index);
          if (!current) throw new OperationFailure(RESULT.notFound, 'The line was removed before the order ran');
          if (current.contractStatus === 'd')
            throw new OperationFailure(RESULT.rule, 'The line was deactivated before the order ran');
          account.fleet.update(f.index, { barring: { ...current.barring, ...(barring as Partial<Barring>) } });
          return null;
        },
      },
    );
    res.json({ resultCode: RESULT.ok, resultDesc: 'OK', orderNo: op.id });
  });
  router.get(`${base}/orders/:orderNo`, (req, res) => {
    const op = orders.get(String(req.params.orderNo));
    if (!op || op.account !== accountOf(res).customerNo) return fail(res, 404, `Order ${req.params.orderNo} not found`);
    res.json({
      resultCode: RESULT.ok,
      resultDesc: 'OK',
      order: {
        orderNo: op.id,
        state: op.state === 'DONE' ? 'DONE' : op.state === 'FAILED' ? 'ERROR' : 'WAITING',
        errorDesc: op.error?.message ?? null,
      },
    });
  });

  const indexIn = (a: Account, key: string) => present(a.fleet, indexOfIccid(a.plan, key));
  const allFlags = (v: '0' | '1') => Object.fromEntries(BARRING_FLAGS.map((f) => [f, v])) as Barring;
  const outOfBand: OutOfBand = {
    statusWords: ADMIN_STATUS_WORDS,
    change: (key, status, account) => {
      const word = checkWord(ADMIN_STATUS_WORDS, status);
      const { account: a, index } = findProduct(accounts, (x) => x.customerNo, account, indexIn, key);
      const patch: Partial<Line> =
        word === 'd' ? { contractStatus: 'd' } : { contractStatus: 'a', barring: allFlags(word === 'a' ? '0' : '1') };
      return view(a.fleet.update(index, patch));
    },
    add: (count, account) => {
      const a = addTarget(accounts, (x) => x.customerNo, account);
      return { account: a.customerNo, keys: a.fleet.add(count).map((i) => iccidFor(a.plan, i)) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(accounts, (x) => x.customerNo, account, indexIn, key);
      a.fleet.remove(index);
    },
  };

  return {
    system: 'Turkcell',
    fidelity: 'designed',
    outOfBand,
    router,
    respondError: fail,
    accounts: () =>
      accounts.map((a) => ({
        id: a.customerNo,
        name: ctx.accounts.find((s) => s.number === a.number)!.name,
        size: a.fleet.size,
        credentials: { customerNo: a.customerNo, apiKey: a.apiKey },
      })),
    close: () => orders.close(),
  };
};
