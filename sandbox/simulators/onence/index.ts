/**
 * 1NCE Management API simulator (1NCE), following the official OpenAPI documents in shared/specs (SIM management v1,
 * authorization): paths under /management-api, Basic-authenticated token call, page/pageSize paging with X-Total-*
 * headers, PUT status Enabled/Disabled (synchronous), bulk POST /v1/sims (queued, applied later, no tracking id),
 * connectivity status, daily usage and quotas, bare status codes for errors, and 10 requests/s per organization on
 * /sims. docs/sandbox/onence.md lists what is implemented.
 */
import express, { type Request, type Response } from 'express';
import { BearerTokens } from '../../core/bearer.js';
import { Fleet } from '../../core/fleet.js';
import { imeiFor, imsiFor, luhnDigit } from '../../core/identifiers.js';
import { OperationQueue } from '../../core/operations.js';
import { rng } from '../../core/random.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { SimulatorFactory } from '../../core/simulator.js';

interface Sim {
  iccid: string; iccidWithLuhn: string; imsi: string; msisdn: string; imei: string; status: 'Enabled' | 'Disabled'; label: string; imeiLock: boolean;
  activationDate: string; ip: string; expired: boolean; dataQuotaMB: number; smsQuota: number; dailyMB: number; dailySms: number; rat: '2G' | '3G' | '4G' | 'NB-IoT' | 'LTE-M';
}
interface Account { number: number; organizationId: string; username: string; password: string; fleet: Fleet<Sim> }

/** 1NCE ICCIDs: 19 digits (`iccid`) plus a Luhn digit (`iccid_with_luhn`); the body encodes account and index. */
const bodyFor = (account: number, index: number) => `8988228${String(account).padStart(2, '0')}${String(index).padStart(10, '0')}`;
function indexOf(account: number, iccid: string, size: number): number | undefined {
  const body = iccid.length === 20 ? iccid.slice(0, 19) : iccid;
  if (!/^\d{19}$/.test(body) || !body.startsWith(`8988228${String(account).padStart(2, '0')}`)) return undefined;
  if (iccid.length === 20 && luhnDigit(body) !== iccid[19]) return undefined;
  const index = Number(body.slice(9));
  return index < size ? index : undefined;
}

/** v1 answers errors with the bare status code (no body), as the specification documents them. */
const bare = (res: Response, status: number) => void res.status(status).end();

export const oneNceSimulator: SimulatorFactory = (ctx) => {
  const accounts: Account[] = ctx.accounts.map((spec) => ({
    number: spec.number, organizationId: String(26_000 + spec.number), username: `api-user-${spec.number}@1nce.example`, password: rng(ctx.seed, '1NCE-pw', spec.number).digits(18),
    fleet: new Fleet<Sim>(spec.size, (index) => {
      const r = rng(ctx.seed, '1NCE', spec.number, index);
      const body = bodyFor(spec.number, index);
      return {
        iccid: body, iccidWithLuhn: body + luhnDigit(body), imsi: imsiFor('901405', spec.number, index), msisdn: `882285${spec.number % 10}${String(index).padStart(8, '0')}`, imei: imeiFor(r),
        status: r.float() < 0.8 ? 'Enabled' : 'Disabled', label: r.float() < 0.5 ? `DX-${r.digits(3)}` : '', imeiLock: r.float() < 0.1,
        activationDate: new Date(Date.UTC(2021, r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59))).toISOString().replace('Z', '+0000'),
        ip: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, expired: r.float() < 0.03, dataQuotaMB: 500, smsQuota: 250,
        dailyMB: r.int(1, 500) / 100, dailySms: r.int(0, 3), rat: r.pick(['4G', 'NB-IoT', 'LTE-M', '2G'] as const),
      };
    }),
  }));
  const tokens = new BearerTokens<Account>(3600, ctx.now);
  const sims = new TokenBucket(10, 10); // /sims: 10 requests per second per organization
  const bulk = new OperationQueue('bulk-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();
  const base = '/management-api';

  router.post(`${base}/oauth/token`, (req, res) => {
    if (!req.is('application/json')) return void res.status(400).json({ statusCode: 400, errorCode: 'UnsupportedContentTypeError', message: 'Content-Type not supported' });
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const [username, password] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
    if (!basic || !username) return void res.status(400).json({ statusCode: 400, errorCode: 'AuthValidationError', message: "Auth header validation error: Missing attributes 'username'" });
    if ((req.body as { grant_type?: unknown })?.grant_type === undefined) return void res.status(400).json({ statusCode: 400, errorCode: 'BodyValidationError', message: "Request body validation error: Missing attributes 'grant_type'" });
    const account = accounts.find((a) => a.username === username && a.password === password);
    if (!account) return void res.status(400).json({ statusCode: 400, errorCode: 'BadCredentials', message: 'User does not exist.' });
    const { token, expiresIn } = tokens.issue(account);
    res.json({ status_code: 200, access_token: token, token_type: 'bearer', expires_in: expiresIn, userId: 'user', scope: 'all' });
  });
  router.use(`${base}/v1`, (req: Request, res: Response, next) => {
    const account = tokens.check(req.headers.authorization);
    if (typeof account === 'string') return bare(res, 401);
    const taken = sims.take(account.organizationId);
    if (!taken.ok) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
      return bare(res, 429);
    }
    res.locals.account = account;
    next();
  });
  const accountOf = (res: Response) => res.locals.account as Account;
  const find = (res: Response, iccid: string) => {
    const a = accountOf(res);
    const index = indexOf(a.number, iccid, a.fleet.size);
    return index === undefined ? undefined : { index, sim: a.fleet.get(index)! };
  };
  const monthStart = () => { const d = new Date(ctx.now()); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
  const usedMB = (s: Sim) => (s.status === 'Enabled' ? (s.dailyMB * (ctx.now() - monthStart())) / 86_400_000 : 0);
  const simView = (s: Sim) => {
    const remaining = Math.max(0, s.dataQuotaMB - usedMB(s));
    return {
      iccid: s.iccid, iccid_with_luhn: s.iccidWithLuhn, imsi: s.imsi, imsi_2: s.imsi, current_imsi: s.imsi, msisdn: s.msisdn, imei: s.imei, imei_lock: s.imeiLock,
      status: s.status, activation_date: s.activationDate, ip_address: s.ip, current_quota: Number(remaining.toFixed(6)),
      quota_status: { id: remaining > s.dataQuotaMB * 0.2 ? 0 : remaining > 0 ? 1 : 2, description: remaining > s.dataQuotaMB * 0.2 ? 'More than 20% available' : remaining > 0 ? 'Less than 20% available' : 'No volume available' },
      current_quota_SMS: s.smsQuota, quota_status_SMS: { id: 0, description: 'More than 20% available' }, label: s.label,
    };
  };

  router.get(`${base}/v1/sims`, (req, res) => {
    const page = Number(req.query.page ?? 1);
    const pageSize = Number(req.query.pageSize ?? 10);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return bare(res, 422);
    const fleet = accountOf(res).fleet;
    res.setHeader('X-Count-Per-Page', String(pageSize));
    res.setHeader('X-Current-Page', String(page));
    res.setHeader('X-Total-Count', String(fleet.size));
    res.setHeader('X-Total-Pages', String(Math.ceil(fleet.size / pageSize)));
    res.json([...fleet.range((page - 1) * pageSize, pageSize)].map(simView));
  });
  router.post(`${base}/v1/sims`, (req, res) => {
    const items = req.body as unknown;
    if (!Array.isArray(items) || !items.length || !items.every((i) => i && typeof i.iccid === 'string' && (i.status === 'Enabled' || i.status === 'Disabled'))) return bare(res, 422);
    const found = items.map((i: { iccid: string }) => find(res, i.iccid));
    if (found.some((f) => !f)) return bare(res, 404);
    if (found.some((f) => f!.sim.expired)) return bare(res, 422);
    const a = accountOf(res);
    bulk.submit(a.organizationId, 'BULK_UPDATE', items, {
      run: () => items.forEach((i: { status: 'Enabled' | 'Disabled'; label?: string; imei_lock?: boolean }, n) => a.fleet.update(found[n]!.index, { status: i.status, ...(i.label !== undefined ? { label: i.label } : {}), ...(i.imei_lock !== undefined ? { imeiLock: i.imei_lock } : {}) })),
    });
    res.status(201).end();
  });
  router.get(`${base}/v1/sims/:iccid`, (req, res) => {
    const f = find(res, String(req.params.iccid));
    if (!f) return bare(res, 404);
    res.json(simView(f.sim));
  });
  router.put(`${base}/v1/sims/:iccid`, (req, res) => {
    const body = (req.body ?? {}) as { iccid?: unknown; status?: unknown; label?: unknown; imei_lock?: unknown };
    if (typeof body.iccid !== 'string' || (body.status !== 'Enabled' && body.status !== 'Disabled')) return bare(res, 422);
    const f = find(res, String(req.params.iccid));
    if (!f) return bare(res, 404);
    if (f.sim.expired) return bare(res, 422);
    accountOf(res).fleet.update(f.index, { status: body.status, ...(typeof body.label === 'string' ? { label: body.label } : {}), ...(typeof body.imei_lock === 'boolean' ? { imeiLock: body.imei_lock } : {}) });
    res.status(200).end();
  });
  router.get(`${base}/v1/sims/:iccid/status`, (req, res) => {
    const f = find(res, String(req.params.iccid));
    if (!f) return bare(res, 404);
    const s = f.sim;
    const online = s.status === 'Enabled' && f.index % 4 !== 0;
    const seen = new Date(ctx.now() - (f.index % 3600) * 1000).toISOString();
    res.json({
      status: s.status === 'Disabled' ? 'OFFLINE' : online ? 'ONLINE' : 'ATTACHED',
      location: { iccid: s.iccid, imsi: s.imsi, last_updated: seen, last_updated_gprs: seen, sgsn_number: '491600300000', vlr_number: '491710000000', operator_id: '4', operator: { id: '4', name: 'Telekom Deutschland GmbH' }, country: { id: '74', name: 'Germany', country_code: '49', mcc: '262', iso_code: 'de' } },
      pdp_context: online ? { pdp_context_id: String(1_898_708_000 + f.index), imsi: s.imsi, mcc: '262', mnc: '01', ue_ip_address: s.ip, created: seen, rat_type: { rat_type_id: s.rat === '2G' ? '2' : '6', description: s.rat } } : undefined,
      services: online ? ['GPRS', 'SMS'] : s.status === 'Enabled' ? ['SMS'] : [],
    });
  });
  router.get(`${base}/v1/sims/:iccid/usage`, (req, res) => {
    const f = find(res, String(req.params.iccid));
    if (!f) return bare(res, 404);
    const start = Date.parse(String(req.query.start_dt ?? ''));
    const end = Date.parse(String(req.query.end_dt ?? ''));
    if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 183 * 86_400_000) return bare(res, 422);
    const stats = [];
    for (let day = start; day <= Math.min(end, ctx.now()); day += 86_400_000) {
      const fraction = Math.min(1, (ctx.now() - day) / 86_400_000);
      const on = f.sim.status === 'Enabled';
      const mb = on ? f.sim.dailyMB * fraction : 0;
      const sms = on ? Math.round(f.sim.dailySms * fraction) : 0;
      stats.push({
        date: new Date(day).toISOString(),
        data: { volume: mb.toFixed(6), volume_rx: (mb * 0.7).toFixed(6), volume_tx: (mb * 0.3).toFixed(6), cost: mb.toFixed(6), currency: { id: 1, symbol: '€', code: 'EUR' }, traffic_type: { id: 5, description: 'Data', unit: 'MB' } },
        sms: { volume: String(sms), volume_rx: String(Math.floor(sms / 2)), volume_tx: String(sms - Math.floor(sms / 2)), cost: String(sms), currency: { id: 1, symbol: '€', code: 'EUR' }, traffic_type: { id: 6, description: 'SMS', unit: 'SMS' } },
      });
    }
    res.json({ stats });
  });
  for (const service of ['data', 'sms'] as const) {
    router.get(`${base}/v1/sims/:iccid/quota/${service}`, (req, res) => {
      const f = find(res, String(req.params.iccid));
      if (!f) return bare(res, 404);
      const total = service === 'data' ? f.sim.dataQuotaMB : f.sim.smsQuota;
      const used = service === 'data' ? usedMB(f.sim) : 0;
      res.json({ volume: Number(Math.max(0, total - used).toFixed(6)), total_volume: total, expiry_date: '2031-01-01T00:00:00.000Z', ...(service === 'data' ? { peak_throughput: 1_000_000 } : {}), last_volume_added: total, last_status_change_date: f.sim.activationDate, threshold_percentage: 20 });
    });
  }

  return {
    system: '1NCE platform',
    router,
    respondError: (res, status) => bare(res, status),
    accounts: () => accounts.map((a) => ({ id: a.organizationId, name: ctx.accounts.find((s) => s.number === a.number)!.name, size: a.fleet.size, credentials: { username: a.username, password: a.password, organizationId: a.organizationId } })),
    close: () => bulk.close(),
  };
};
