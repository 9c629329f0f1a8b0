/**
 * Turkcell adapter. API key + customer number headers; page-number paging with totals; a multi-ICCID query (≤ 100)
 * for look-ups. A line has no single status: the contract status (a/d) and five barring flags are translated by the
 * TURKCELL rule table below; platformStatus shows them, e.g. "a barred:data". The gateway
 * offers no SIM status change for TURKCELL (capability matrix), so this adapter has none.
 */
import type { DataConnectivityRecord, ProductRecord, SimCardRecord } from '../../domain/model.js';
import type { ProductStatus } from '../../domain/vocabulary.js';
import type { AdapterDeps, ListPage, PlatformAdapter } from '../adapter.js';
import { LinePage, Lines, Usage, type Line } from './wire.js';
import { lookups, multiId, perKey, platformClient, requireCredentials } from '../kit/index.js';

const PAGE_SIZE = 100;

/**
 * TURKCELL: no single status; the line's contract status and its five barring flags decide (platforms.md).
 * Rows are tried in order; the first that matches wins.
 */
export const TURKCELL_RULES: ReadonlyArray<{
  contract: string;
  barred: 'none' | 'some' | 'any';
  status: ProductStatus;
}> = [
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
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { customerNo, apiKey } = requireCredentials(account, ['customerNo', 'apiKey']);
  const http = platformClient(deps, {
    basePath: 'tcell/m2m/v1',
    rate: { key: customerNo, perSecond: 25 },
    errors: { message: 'resultDesc', code: 'resultCode' },
  });
  const headers = { 'x-api-key': apiKey, 'x-customer-no': customerNo };

  const status = (l: Line) => {
    const barred = Object.entries(l.barring)
      .filter(([, v]) => v === '1')
      .map(([k]) => k);
    const platformStatus = barred.length ? `${l.contractStatus} barred:${barred.join(',')}` : l.contractStatus;
    const status = turkcellStatus(
      l.contractStatus,
      barred.map(() => true),
    );
    return { status: status === 'UNKNOWN' ? statuses.unknown(platformStatus) : status, platformStatus };
  };
  const simCard = (l: Line): SimCardRecord => ({
    iccid: l.iccid,
    imsi: l.imsi,
    msisdn: l.msisdn,
    imei: l.imei || null,
    eid: null,
    ...status(l),
    activatedAt: l.activationDate ? new Date(l.activationDate) : null,
    characteristics: [
      { name: 'tariff', value: l.tariff },
      ...Object.entries(l.barring).map(([k, v]) => ({ name: `barring.${k}`, value: v })),
    ],
  });
  const connectivity = (l: Line): DataConnectivityRecord => ({
    networkProvider: 'Turkcell',
    connectivityTypes: l.rat ? [l.rat] : [],
    communicationPlan: l.tariff,
    apns: l.apn ? [l.apn] : [],
  });
  const toProduct = (l: Line): ProductRecord => ({
    platform,
    key: l.iccid,
    accountId: account.id,
    connectivityType: 'CELLULAR',
    ...status(l),
    startDate: l.activationDate ? new Date(l.activationDate) : null,
    productOffering: { id: null, name: l.tariff },
    characteristics: [{ name: 'tariff', value: l.tariff }],
    iccid: l.iccid,
    imsi: l.imsi,
    msisdn: l.msisdn,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    prefetched: { simCard: simCard(l), dataConnectivity: connectivity(l) },
  });
  const query = multiId(
    100,
    async (iccids) =>
      (
        await http.request({
          operation: 'queryLines',
          method: 'POST',
          path: 'lines/query',
          headers,
          json: { iccids },
          idempotent: true,
          schema: Lines,
        })
      ).body.lines,
    (l) => l.iccid,
  );

  return {
    platform,
    account,
    ...lookups({
      products: query.map(toProduct),
      simCards: query.map(simCard),
      dataConnectivity: query.map(connectivity),
      usage: perKey(async (iccid) => {
        const res = await http.request({
          operation: 'usage',
          path: `lines/${iccid}/usage`,
          headers,
          acceptStatuses: [404],
          schema: Usage,
        });
        if (res.status === 404) return null;
        const u = res.body.usage;
        const start = new Date(Date.UTC(Number(u.period.slice(0, 4)), Number(u.period.slice(4)) - 1, 1)); // the calendar month
        const period = { start, end: null };
        return {
          buckets: [
            {
              level: 'GLOBAL' as const,
              usageType: 'DATA' as const,
              used: { amount: u.dataKB, units: 'KB' },
              limit: null,
              remaining: null,
              period,
            },
            {
              level: 'GLOBAL' as const,
              usageType: 'SMS' as const,
              used: { amount: u.smsCount, units: 'messages' },
              limit: null,
              remaining: null,
              period,
            },
            {
              level: 'GLOBAL' as const,
              usageType: 'VOICE' as const,
              used: { amount: u.voiceSec, units: 'seconds' },
              limit: null,
              remaining: null,
              period,
            },
          ],
        };
      }),
    }),
    async list(position): Promise<ListPage> {
      const pageNo = position ? Number(position) : 1;
      const res = await http.request({
        operation: 'listLines',
        path: 'lines',
        headers,
        searchParams: { pageNo, pageSize: PAGE_SIZE },
        schema: LinePage,
      });
      return {
        items: res.body.lines.map(toProduct),
        next: pageNo * PAGE_SIZE < res.body.totalCount ? String(pageNo + 1) : null,
        total: res.body.totalCount,
      };
    },
  };
}
