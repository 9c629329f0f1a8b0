/**
 * Airlinq CMP adapter (AIRLINQ, Jio). Username/password → bearer token (cached, renewed on 401); DataTables-style
 * offset paging (`start`/`length` ≤ 500, totals); no multi-id call, so a look-up is one filtered list call per ICCID.
 * A device record carries its SIM, plan, APN and RAT, so the list primes SIM card and connectivity; usage is one
 * call per SIM (by IMSI) for the current calendar month. Status changes are asynchronous requests, followed by
 * polling `GET /gcapi/request/{id}`.
 */
import { notSupported, PlatformError } from '../errors.js';
import type { DataConnectivityRecord, ProductRecord, SimCardRecord } from '../../domain/model.js';
import { normalizeStatus, targetWord } from '../registry.js';
import type { AdapterDeps, ChangeOutcome, ListPage, OperationProgress, OperationRef, PlatformAdapter, StatusChange } from '../adapter.js';
import { PlatformHttpClient } from '../kit/client.js';
import { TokenCache, withBearer } from '../kit/token-cache.js';

interface Device {
  iccid: string; imsi: string; msisdn: string; imei: string; state: string; devicePlanId: number; devicePlanName: string;
  apn: string; rat: string; activationDate: string | null;
}

const PAGE_SIZE = 200;
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

export function airlinqAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account } = deps;
  const platform = account.platform;
  const { username, password } = account.credentials;
  if (!username || !password) throw new PlatformError('BACKEND_UNAVAILABLE', platform, `${platform} account ${account.name} lacks username/password`);
  const http = new PlatformHttpClient({
    platform, accountId: account.id, baseUrl: `${account.baseUrl.replace(/\/$/, '')}/gcapi`, logger: deps.logger, metrics: deps.metrics, timeoutMs: deps.timeoutMs,
    rateLimit: deps.rateLimit(username, 50),
    describeError: (status, body) => {
      const e = body as { errorCode?: string; message?: string } | null;
      return { message: e?.message ?? `HTTP ${status}`, code: e?.errorCode };
    },
  });
  const tokens = new TokenCache(async () => {
    const res = await http.request<{ token: string }>({ operation: 'auth', method: 'POST', path: 'auth', json: { username, password }, unlimited: true, idempotent: true });
    return { value: res.body.token, expiresAt: Date.now() + 50 * 60_000 }; // Airlinq clients renew after ~50 min
  });
  const call = withBearer(http, tokens);

  const simCard = (d: Device): SimCardRecord => ({
    iccid: d.iccid, imsi: d.imsi, msisdn: d.msisdn, imei: d.imei || null, eid: null,
    status: normalizeStatus(platform, d.state), platformStatus: d.state, activatedAt: d.activationDate ? new Date(d.activationDate) : null,
    characteristics: [{ name: 'devicePlan', value: d.devicePlanName }],
  });
  const connectivity = (d: Device): DataConnectivityRecord => ({ networkProvider: 'Jio', connectivityTypes: [d.rat], communicationPlan: d.devicePlanName, apns: [d.apn] });
  const toProduct = (d: Device): ProductRecord => ({
    platform, key: d.iccid, accountId: account.id, connectivityType: 'CELLULAR',
    status: normalizeStatus(platform, d.state), platformStatus: d.state, startDate: d.activationDate ? new Date(d.activationDate) : null,
    productOffering: { id: String(d.devicePlanId), name: d.devicePlanName }, characteristics: [{ name: 'devicePlan', value: d.devicePlanName }],
    iccid: d.iccid, imsi: d.imsi, msisdn: d.msisdn, serialNumber: null, terminalName: null, latitude: null, longitude: null,
    prefetched: { simCard: simCard(d), dataConnectivity: connectivity(d) },
  });
  const device = async (iccid: string): Promise<Device | null> => {
    const res = await call<{ data: Device[] }>({ operation: 'deviceByIccid', method: 'POST', path: 'device/list', json: { start: 0, length: 1, iccid }, idempotent: true });
    return res.body.data[0] ?? null;
  };

  return {
    platform,
    account,
    maxBatch: { products: 1, simCards: 1, terminals: 1, dataConnectivity: 1, usage: 1 },
    maxChangeBatch: 1,
    async list(position): Promise<ListPage> {
      const start = position ? Number(position) : 0;
      const res = await call<{ data: Device[]; recordsTotal: number }>({ operation: 'listDevices', method: 'POST', path: 'device/list', json: { start, length: PAGE_SIZE }, idempotent: true });
      const next = start + res.body.data.length;
      return { items: res.body.data.map(toProduct), next: res.body.data.length && next < res.body.recordsTotal ? String(next) : null, total: res.body.recordsTotal };
    },
    products: (keys) => Promise.all(keys.map(async (k) => { const d = await device(k); return d && toProduct(d); })),
    simCards: (keys) => Promise.all(keys.map(async (k) => { const d = await device(k); return d && simCard(d); })),
    dataConnectivity: (keys) => Promise.all(keys.map(async (k) => { const d = await device(k); return d && connectivity(d); })),
    usage: (keys, known) => Promise.all(keys.map(async (iccid) => {
      const imsi = known(iccid)?.imsi ?? (await device(iccid))?.imsi;
      if (!imsi) return null;
      const now = new Date();
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const res = await call<{ totalUsage: number }>({ operation: 'dataUsage', path: 'device/dataUsage', searchParams: { imsi, fromDate: stamp(start), toDate: stamp(now) } });
      // Month to date (calendar month, UTC); Airlinq reports data only.
      return { buckets: [{ level: 'GLOBAL', usageType: 'DATA', used: { amount: res.body.totalUsage, units: 'bytes' }, limit: null, remaining: null, period: { start, end: null } }] };
    })),
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const state = targetWord(platform, change.target);
      if (!state) throw notSupported(platform, `${platform} has no state for ${change.target}`);
      const iccid = change.keys[0]!;
      const res = await call<{ requestId: string }>({ operation: 'changeState', method: 'POST', path: 'device/changeState', json: { iccid, state } });
      return { kind: 'accepted', ref: { id: res.body.requestId, keys: [iccid] }, cancellable: false };
    },
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call<{ status: string; message: string | null }>({ operation: 'getRequest', path: `request/${ref.id}` });
      const state = res.body.status === 'SUCCESS' ? 'DONE' : res.body.status === 'FAILED' ? 'FAILED' : 'IN_PROGRESS';
      return { finished: state !== 'IN_PROGRESS', items: ref.keys.map((key) => ({ key, state, statusCode: 200, message: res.body.message, body: res.body })) };
    },
  };
}
