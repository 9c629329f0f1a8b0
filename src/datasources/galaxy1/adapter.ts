/**
 * Viasat GALAXY1 adapter (satellite terminals with a SIM). JSON client credentials → bearer token (cached); cursor
 * paging (250 per page); `terminals:batchGet` (250 serials) for look-ups; usage per terminal for the calendar month.
 * The lifecycle words map through the GALAXY1 table in ./index.ts. GALAXY1 offers no status change in the gateway
 * (capability matrix), although the platform has service orders.
 */
import type { ProductRecord, SimCardRecord, TerminalRecord } from '../../domain/model.js';
import { mobilityTypeOf } from '../../domain/vocabulary.js';
import type { AdapterDeps, ListPage, PlatformAdapter } from '../adapter.js';
import { TerminalPage, Terminals, Token, Usage, type Terminal as GxTerminal } from './wire.js';
import { lookups, multiId, perKey, platformClient, requireCredentials, tokenCall, withBearer } from '../kit/index.js';

const PAGE_SIZE = 250;

export function galaxy1Adapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { clientId, clientSecret } = requireCredentials(account, ['clientId', 'clientSecret']);
  const http = platformClient(deps, {
    basePath: 'galaxy',
    rate: { key: clientId, perSecond: 15 },
    errors: { message: 'fault.detail', code: 'fault.code' },
  });
  const call = withBearer(
    http,
    tokenCall(
      http,
      { operation: 'token', path: 'auth/token', json: { clientId, clientSecret }, schema: Token },
      (b) => ({ value: b.token, expiresAt: Date.parse(b.expiresAt) }),
    ),
  );

  const terminal = (t: GxTerminal): TerminalRecord => ({
    serialNumber: t.serial,
    name: t.name,
    status: statuses.normalize(t.lifecycleState),
    platformStatus: t.lifecycleState,
    latitude: t.location?.lat ?? null,
    longitude: t.location?.lon ?? null,
    model: t.hardware,
    mobilityType: mobilityTypeOf(t.mobility),
    antennaCode: t.antenna ?? null,
    lastUpdated: t.location ? new Date(t.location.reportedAt) : null,
    imoNumber: t.vessel?.imo ?? null,
    mmsi: t.vessel?.mmsi ?? null,
  });
  const simCard = (t: GxTerminal): SimCardRecord => ({
    iccid: t.sim.iccid,
    imsi: t.sim.imsi,
    msisdn: t.sim.msisdn,
    imei: null,
    eid: null,
    // The SIM follows its terminal's lifecycle; its own state word is kept in a characteristic.
    status: statuses.normalize(t.lifecycleState),
    platformStatus: t.lifecycleState,
    activatedAt: t.commissionedAt ? new Date(t.commissionedAt) : null,
    characteristics: [{ name: 'simState', value: t.sim.state }],
  });
  const toProduct = (t: GxTerminal): ProductRecord => ({
    platform,
    key: t.serial,
    accountId: account.id,
    connectivityType: 'SATELLITE',
    status: statuses.normalize(t.lifecycleState),
    platformStatus: t.lifecycleState,
    startDate: t.commissionedAt ? new Date(t.commissionedAt) : null,
    productOffering: { id: null, name: t.servicePlan },
    characteristics: [{ name: 'servicePlan', value: t.servicePlan }],
    iccid: t.sim.iccid,
    imsi: t.sim.imsi,
    msisdn: t.sim.msisdn,
    serialNumber: t.serial,
    terminalName: t.name,
    latitude: t.location?.lat ?? null,
    longitude: t.location?.lon ?? null,
    prefetched: { terminal: terminal(t), simCard: simCard(t) },
  });
  const batchGet = multiId(
    250,
    async (serials) =>
      (
        await call({
          operation: 'batchGet',
          method: 'POST',
          path: 'v1/terminals:batchGet',
          json: { serials },
          idempotent: true,
          schema: Terminals,
        })
      ).body.items,
    (t) => t.serial,
  );

  return {
    platform,
    account,
    ...lookups({
      products: batchGet.map(toProduct),
      terminals: batchGet.map(terminal),
      simCards: batchGet.map(simCard),
      usage: perKey(async (serial) => {
        const res = await call({
          operation: 'usage',
          path: `v1/terminals/${serial}/usage`,
          acceptStatuses: [404],
          schema: Usage,
        });
        if (res.status === 404) return null;
        const u = res.body;
        const period = { start: new Date(u.periodStart), end: new Date(u.periodEnd) }; // the calendar month
        return {
          buckets: [
            {
              level: 'GLOBAL' as const,
              usageType: 'DATA' as const,
              used: { amount: u.bytes, units: 'bytes' },
              limit: u.allowanceBytes ? { amount: u.allowanceBytes, units: 'bytes' } : null,
              remaining: u.allowanceBytes ? { amount: Math.max(0, u.allowanceBytes - u.bytes), units: 'bytes' } : null,
              period,
            },
          ],
        };
      }),
    }),
    async list(position): Promise<ListPage> {
      const res = await call({
        operation: 'listTerminals',
        path: 'v1/terminals',
        searchParams: { limit: PAGE_SIZE, cursor: position ?? undefined },
        schema: TerminalPage,
      });
      return { items: res.body.items.map(toProduct), next: res.body.nextCursor ?? null, total: null };
    },
  };
}
