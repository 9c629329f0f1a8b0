/**
 * Turkcell adapter. API key + customer number headers; page-number paging with totals; a multi-ICCID query (≤ 100)
 * for look-ups. A line has no single status: the contract status (a/d) and five barring flags are translated by the
 * TURKCELL rule table below; platformStatus shows them, e.g. "a barred:data". The gateway
 * offers no SIM status change for TURKCELL (capability matrix), so this adapter has none.
 */
import { notSupported, PlatformError } from '../errors.js';
import type { DataConnectivityRecord, ProductRecord, SimCardRecord } from '../../domain/model.js';
import type { ProductStatus } from '../../domain/vocabulary.js';
import type { AdapterDeps, ListPage, PlatformAdapter } from '../adapter.js';
import { PlatformHttpClient } from '../kit/client.js';

interface Line {
  iccid: string; msisdn: string; imsi: string; imei: string; contractStatus: string; barring: Record<string, string>;
  tariff: string; apn: string; rat: string; activationDate: string;
}
const PAGE_SIZE = 100;

/**
 * TURKCELL: no single status; the line's contract status and its five barring flags decide (platforms.md).
 * Rows are tried in order; the first that matches wins.
 */
export const TURKCELL_RULES: ReadonlyArray<{ contract: string; barred: 'none' | 'some' | 'any'; status: ProductStatus }> = [
  { contract: 'a', barred: 'none', status: 'ACTIVE' },
  { contract: 'a', barred: 'some', status: 'SUSPENDED' },
  { contract: 'd', barred: 'any', status: 'TERMINATED' },
];

export function turkcellStatus(contractStatus: string, barredFlags: readonly boolean[]): ProductStatus {
  const anyBarred = barredFlags.some(Boolean);
  const row = TURKCELL_RULES.find(
    (r) => r.contract === contractStatus && (r.barred === 'any' || (r.barred === 'some') === anyBarred),
  );
  return row?.status ?? 'UNKNOWN';
}

export function turkcellAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account } = deps;
  const platform = account.platform;
  const { customerNo, apiKey } = account.credentials;
  if (!customerNo || !apiKey) throw new PlatformError('BACKEND_UNAVAILABLE', platform, `${platform} account ${account.name} lacks customerNo/apiKey`);
  const http = new PlatformHttpClient({
    platform, accountId: account.id, baseUrl: `${account.baseUrl.replace(/\/$/, '')}/tcell/m2m/v1`, logger: deps.logger, metrics: deps.metrics, timeoutMs: deps.timeoutMs,
    rateLimit: deps.rateLimit(customerNo, 25),
    describeError: (status, body) => {
      const e = body as { resultCode?: string; resultDesc?: string } | null;
      return { message: e?.resultDesc ?? `HTTP ${status}`, code: e?.resultCode };
    },
  });
  const headers = { 'x-api-key': apiKey, 'x-customer-no': customerNo };

  const status = (l: Line) => {
    const barred = Object.entries(l.barring).filter(([, v]) => v === '1').map(([k]) => k);
    return { status: turkcellStatus(l.contractStatus, barred.map(() => true)), platformStatus: barred.length ? `${l.contractStatus} barred:${barred.join(',')}` : l.contractStatus };
  };
  const simCard = (l: Line): SimCardRecord => ({
    iccid: l.iccid, imsi: l.imsi, msisdn: l.msisdn, imei: l.imei || null, eid: null, ...status(l), activatedAt: new Date(l.activationDate),
    characteristics: [{ name: 'tariff', value: l.tariff }, ...Object.entries(l.barring).map(([k, v]) => ({ name: `barring.${k}`, value: v }))],
  });
  const connectivity = (l: Line): DataConnectivityRecord => ({ networkProvider: 'Turkcell', connectivityTypes: [l.rat], communicationPlan: l.tariff, apns: [l.apn] });
  const toProduct = (l: Line): ProductRecord => ({
    platform, key: l.iccid, accountId: account.id, connectivityType: 'CELLULAR', ...status(l), startDate: new Date(l.activationDate),
    productOffering: { id: null, name: l.tariff }, characteristics: [{ name: 'tariff', value: l.tariff }],
    iccid: l.iccid, imsi: l.imsi, msisdn: l.msisdn, serialNumber: null, terminalName: null, latitude: null, longitude: null,
    prefetched: { simCard: simCard(l), dataConnectivity: connectivity(l) },
  });
  const query = async (keys: readonly string[]) => {
    const res = await http.request<{ lines: Line[] }>({ operation: 'queryLines', method: 'POST', path: 'lines/query', headers, json: { iccids: keys }, idempotent: true });
    const byIccid = new Map(res.body.lines.map((l) => [l.iccid, l]));
    return keys.map((k) => byIccid.get(k) ?? null);
  };

  return {
    platform,
    account,
    maxBatch: { products: 100, simCards: 100, terminals: 1, dataConnectivity: 100, usage: 1 },
    async list(position): Promise<ListPage> {
      const pageNo = position ? Number(position) : 1;
      const res = await http.request<{ totalCount: number; lines: Line[] }>({ operation: 'listLines', path: 'lines', headers, searchParams: { pageNo, pageSize: PAGE_SIZE } });
      return { items: res.body.lines.map(toProduct), next: pageNo * PAGE_SIZE < res.body.totalCount ? String(pageNo + 1) : null, total: res.body.totalCount };
    },
    products: async (keys) => (await query(keys)).map((l) => l && toProduct(l)),
    simCards: async (keys) => (await query(keys)).map((l) => l && simCard(l)),
    dataConnectivity: async (keys) => (await query(keys)).map((l) => l && connectivity(l)),
    usage: (keys) => Promise.all(keys.map(async (iccid) => {
      const res = await http.request<{ usage: { period: string; dataKB: number; smsCount: number; voiceSec: number } }>({ operation: 'usage', path: `lines/${iccid}/usage`, headers, acceptStatuses: [404] });
      if (res.status === 404) return null;
      const u = res.body.usage;
      const start = new Date(Date.UTC(Number(u.period.slice(0, 4)), Number(u.period.slice(4)) - 1, 1)); // the calendar month
      const period = { start, end: null };
      return { buckets: [
        { level: 'GLOBAL' as const, usageType: 'DATA' as const, used: { amount: u.dataKB, units: 'KB' }, limit: null, remaining: null, period },
        { level: 'GLOBAL' as const, usageType: 'SMS' as const, used: { amount: u.smsCount, units: 'messages' }, limit: null, remaining: null, period },
        { level: 'GLOBAL' as const, usageType: 'VOICE' as const, used: { amount: u.voiceSec, units: 'seconds' }, limit: null, remaining: null, period },
      ] };
    })),
  };
}
