/**
 * STC ConnectME adapter. Username/password → bearer token (cached; renewed on expiry or 401); offset paging
 * (limit ≤ 200, total); one call per SIM and sub-resource (no multi-id call); usage per billing cycle (calendar
 * month). Status changes are asynchronous orders, followed by polling the order.
 */
import { notSupported, PlatformError } from '../errors.js';
import type { ProductRecord, SimCardRecord } from '../../domain/model.js';
import { normalizeStatus, targetWord } from '../registry.js';
import type { AdapterDeps, ChangeOutcome, ListPage, OperationProgress, OperationRef, PlatformAdapter, StatusChange } from '../adapter.js';
import { PlatformHttpClient } from '../kit/client.js';
import { TokenCache, withBearer } from '../kit/token-cache.js';

interface Sim { iccid: string; imsi: string; msisdn: string; imei: string; status: string; ratePlan: string; activatedOn: string | null }
const PAGE_SIZE = 200;

export function stcAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account } = deps;
  const platform = account.platform;
  const { username, password } = account.credentials;
  if (!username || !password) throw new PlatformError('BACKEND_UNAVAILABLE', platform, `${platform} account ${account.name} lacks username/password`);
  const http = new PlatformHttpClient({
    platform, accountId: account.id, baseUrl: `${account.baseUrl.replace(/\/$/, '')}/connectme/api/v1`, logger: deps.logger, metrics: deps.metrics, timeoutMs: deps.timeoutMs,
    rateLimit: deps.rateLimit(username, 30),
    describeError: (status, body) => {
      const e = body as { errorCode?: string; errorMessage?: string } | null;
      return { message: e?.errorMessage ?? `HTTP ${status}`, code: e?.errorCode };
    },
  });
  const tokens = new TokenCache(async () => {
    const res = await http.request<{ accessToken: string; expiresIn: number }>({ operation: 'login', method: 'POST', path: 'auth/login', json: { username, password }, unlimited: true, idempotent: true });
    return { value: res.body.accessToken, expiresAt: Date.now() + res.body.expiresIn * 1000 };
  });
  const call = withBearer(http, tokens);
  const get = async <T>(operation: string, path: string): Promise<T | null> => {
    const res = await call<T>({ operation, path, acceptStatuses: [404] });
    return res.status === 404 ? null : res.body;
  };

  const simCard = (s: Sim): SimCardRecord => ({
    iccid: s.iccid, imsi: s.imsi, msisdn: s.msisdn, imei: s.imei || null, eid: null, status: normalizeStatus(platform, s.status), platformStatus: s.status,
    activatedAt: s.activatedOn ? new Date(s.activatedOn) : null, characteristics: [{ name: 'ratePlan', value: s.ratePlan }],
  });
  const toProduct = (s: Sim): ProductRecord => ({
    platform, key: s.iccid, accountId: account.id, connectivityType: 'CELLULAR', status: normalizeStatus(platform, s.status), platformStatus: s.status,
    startDate: s.activatedOn ? new Date(s.activatedOn) : null, productOffering: { id: null, name: s.ratePlan }, characteristics: [{ name: 'ratePlan', value: s.ratePlan }],
    iccid: s.iccid, imsi: s.imsi, msisdn: s.msisdn, serialNumber: null, terminalName: null, latitude: null, longitude: null,
    prefetched: { simCard: simCard(s) },
  });

  return {
    platform,
    account,
    maxBatch: { products: 1, simCards: 1, terminals: 1, dataConnectivity: 1, usage: 1 },
    maxChangeBatch: 1,
    async list(position): Promise<ListPage> {
      const offset = position ? Number(position) : 0;
      const res = await call<{ total: number; items: Sim[] }>({ operation: 'listSims', path: 'sims', searchParams: { offset, limit: PAGE_SIZE } });
      const next = offset + res.body.items.length;
      return { items: res.body.items.map(toProduct), next: res.body.items.length && next < res.body.total ? String(next) : null, total: res.body.total };
    },
    products: (keys) => Promise.all(keys.map(async (k) => { const s = await get<Sim>('getSim', `sims/${k}`); return s && toProduct(s); })),
    simCards: (keys) => Promise.all(keys.map(async (k) => { const s = await get<Sim>('getSim', `sims/${k}`); return s && simCard(s); })),
    dataConnectivity: (keys, known) => Promise.all(keys.map(async (k) => {
      const c = await get<{ network: string; apn: string; rat: string }>('connectivity', `sims/${k}/connectivity`);
      return c && { networkProvider: c.network, connectivityTypes: [c.rat], communicationPlan: known(k)?.productOffering?.name ?? null, apns: [c.apn] };
    })),
    usage: (keys) => Promise.all(keys.map(async (k) => {
      const u = await get<{ billingCycle: { start: string; end: string }; dataBytes: number; smsCount: number; voiceSeconds: number }>('usage', `sims/${k}/usage`);
      if (!u) return null;
      const period = { start: new Date(u.billingCycle.start), end: new Date(u.billingCycle.end) }; // the billing cycle (calendar month)
      return { buckets: [
        { level: 'GLOBAL', usageType: 'DATA', used: { amount: u.dataBytes, units: 'bytes' }, limit: null, remaining: null, period },
        { level: 'GLOBAL', usageType: 'SMS', used: { amount: u.smsCount, units: 'messages' }, limit: null, remaining: null, period },
        { level: 'GLOBAL', usageType: 'VOICE', used: { amount: u.voiceSeconds, units: 'seconds' }, limit: null, remaining: null, period },
      ] };
    })),
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const targetStatus = targetWord(platform, change.target);
      if (!targetStatus) throw notSupported(platform, `${platform} has no status for ${change.target}`);
      const iccid = change.keys[0]!;
      const res = await call<{ orderId: string }>({ operation: 'order', method: 'POST', path: 'orders', json: { type: 'STATUS_CHANGE', iccid, targetStatus } });
      return { kind: 'accepted', ref: { id: res.body.orderId, keys: [iccid] }, cancellable: false };
    },
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call<{ status: string; reason: string | null }>({ operation: 'getOrder', path: `orders/${ref.id}` });
      const state = res.body.status === 'COMPLETED' ? 'DONE' : res.body.status === 'REJECTED' ? 'FAILED' : 'IN_PROGRESS';
      return { finished: state !== 'IN_PROGRESS', items: ref.keys.map((key) => ({ key, state, statusCode: 200, message: res.body.reason, body: res.body })) };
    },
  };
}
