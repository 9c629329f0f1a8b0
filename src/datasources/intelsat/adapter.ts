/**
 * Intelsat adapter (satellite terminals). OAuth 2.0 client credentials → bearer token (cached, renewed); paging with
 * page/size ≤ 100 and totals; a multi-serial search (≤ 200) for look-ups; usage per terminal for the billing period
 * (calendar month, MB); terminal status changes are asynchronous service orders (SUSPEND / RESUME) followed by
 * polling the order. The status is the pair (contract status, terminal aggregated status), translated by the
 * INTELSAT rule table below.
 */
import { notSupported } from '../errors.js';
import type { ProductRecord, TerminalRecord, UsageRecord } from '../../domain/model.js';
import { mobilityTypeOf, type ProductStatus } from '../../domain/vocabulary.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import { Order, OrderAccepted, TerminalPage, Terminals, Usage, type Terminal as IntelsatTerminal } from './wire.js';
import {
  basicAuth,
  itemState,
  lookups,
  multiId,
  oauthToken,
  OAuthToken,
  perKey,
  platformClient,
  requireCredentials,
  tokenCall,
  wholeOperation,
  withBearer,
} from '../kit/index.js';

const PAGE_SIZE = 100;

/**
 * INTELSAT: the product's contract status and the terminal's aggregated status decide (platforms.md). `null`
 * matches any value; `changeAllowed` only matters for contract status "new".
 */
export const INTELSAT_RULES: ReadonlyArray<{
  contract: string;
  changeAllowed?: boolean;
  terminal: string | null;
  status: ProductStatus;
}> = [
  { contract: 'new', changeAllowed: true, terminal: null, status: 'CREATED' },
  { contract: 'new', changeAllowed: false, terminal: null, status: 'PENDING_ACTIVE' },
  { contract: 'active', terminal: 'online', status: 'ACTIVE' },
  { contract: 'active', terminal: 'suspended', status: 'SUSPENDED' },
  { contract: 'suspended', terminal: null, status: 'SUSPENDED' },
  { contract: 'active', terminal: 'offline', status: 'BLOCKED' },
  { contract: 'cancelation', terminal: null, status: 'PENDING_TERMINATE' },
  { contract: 'ended', terminal: null, status: 'TERMINATED' },
];

export function intelsatStatus(
  contractStatus: string,
  terminalStatus: string,
  changeActionsAllowed: boolean,
): ProductStatus {
  const contract = contractStatus.toLowerCase();
  const terminal = terminalStatus.toLowerCase();
  const row = INTELSAT_RULES.find(
    (r) =>
      r.contract === contract &&
      (r.changeAllowed === undefined || r.changeAllowed === changeActionsAllowed) &&
      (r.terminal === null || r.terminal === terminal),
  );
  return row?.status ?? 'UNKNOWN';
}
const ACTIONS: Partial<Record<string, 'SUSPEND' | 'RESUME'>> = { SUSPENDED: 'SUSPEND', ACTIVE: 'RESUME' };

export function intelsatAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { clientId, clientSecret } = requireCredentials(account, ['clientId', 'clientSecret']);
  const http = platformClient(deps, {
    rate: { key: clientId, perSecond: 20 },
    errors: { message: 'error.message', code: 'error.code' },
  });
  const token = {
    operation: 'token',
    path: 'oauth/token',
    headers: basicAuth(clientId, clientSecret),
    form: { grant_type: 'client_credentials' },
    schema: OAuthToken,
  };
  const call = withBearer(http, tokenCall(http, token, oauthToken));

  const statusOf = (t: IntelsatTerminal) => {
    const status = intelsatStatus(t.contract.status, t.terminalStatus, t.contract.changeActionsAllowed);
    return status === 'UNKNOWN' ? statuses.unknown(`${t.contract.status}/${t.terminalStatus}`) : status;
  };
  const toTerminal = (t: IntelsatTerminal): TerminalRecord => ({
    serialNumber: t.serialNumber,
    name: t.name,
    status: statusOf(t),
    platformStatus: `${t.contract.status}/${t.terminalStatus}`,
    latitude: t.position?.latitude ?? null,
    longitude: t.position?.longitude ?? null,
    model: t.model,
    mobilityType: mobilityTypeOf(t.mobilityType),
    antennaCode: t.antennaCode ?? null,
    lastUpdated: t.lastUpdated ? new Date(t.lastUpdated) : null,
    imoNumber: t.imoNumber ?? null,
    mmsi: t.mmsi ?? null,
  });
  const toProduct = (t: IntelsatTerminal): ProductRecord => {
    const terminal = toTerminal(t);
    return {
      platform,
      key: t.serialNumber,
      accountId: account.id,
      connectivityType: 'SATELLITE',
      status: terminal.status,
      platformStatus: terminal.platformStatus,
      startDate: t.contract.startDate ? new Date(t.contract.startDate) : null,
      productOffering: { id: null, name: t.servicePlan },
      characteristics: [
        { name: 'servicePlan', value: t.servicePlan },
        { name: 'terminalId', value: String(t.terminalId) },
      ],
      iccid: null,
      imsi: null,
      msisdn: null,
      serialNumber: t.serialNumber,
      terminalName: t.name,
      latitude: terminal.latitude,
      longitude: terminal.longitude,
      prefetched: { terminal },
    };
  };
  const search = multiId(
    200,
    async (serialNumbers) =>
      (
        await call({
          operation: 'searchTerminals',
          method: 'POST',
          path: 'api/v2/terminals/search',
          json: { serialNumbers },
          idempotent: true,
          schema: Terminals,
        })
      ).body.content,
    (t) => t.serialNumber,
  );

  return {
    platform,
    account,
    maxChangeBatch: 1,
    ...lookups({
      products: search.map(toProduct),
      terminals: search.map(toTerminal),
      usage: perKey(async (serial): Promise<UsageRecord | null> => {
        const res = await call({
          operation: 'usage',
          path: `api/v2/terminals/${serial}/usage`,
          acceptStatuses: [404],
          schema: Usage,
        });
        if (res.status === 404) return null;
        const u = res.body;
        const period = { start: new Date(u.billingPeriod.start), end: new Date(u.billingPeriod.end) }; // the billing period (calendar month)
        return {
          buckets: [
            {
              level: 'GLOBAL',
              usageType: 'DATA',
              used: { amount: u.dataVolumeMB, units: 'MB' },
              limit: u.planAllowanceMB ? { amount: u.planAllowanceMB, units: 'MB' } : null,
              remaining: u.planAllowanceMB
                ? { amount: Math.max(0, u.planAllowanceMB - u.dataVolumeMB), units: 'MB' }
                : null,
              period,
            },
          ],
        };
      }),
    }),

    async list(position): Promise<ListPage> {
      const page = position ? Number(position) : 0;
      const res = await call({
        operation: 'listTerminals',
        path: 'api/v2/terminals',
        searchParams: { page, size: PAGE_SIZE },
        schema: TerminalPage,
      });
      return {
        items: res.body.content.map(toProduct),
        next: page + 1 < res.body.page.totalPages ? String(page + 1) : null,
        total: res.body.page.totalElements,
      };
    },

    async changeTerminalStatus(change: StatusChange): Promise<ChangeOutcome> {
      const action = ACTIONS[change.target];
      if (!action) throw notSupported(platform, `${platform} terminals can only be SUSPENDED or ACTIVE`);
      const serial = change.keys[0]!;
      const res = await call({
        operation: 'serviceOrder',
        method: 'POST',
        path: 'api/v2/service-orders',
        json: { serialNumber: serial, action },
        schema: OrderAccepted,
      });
      return { kind: 'accepted', ref: { id: res.body.orderId, keys: [serial] }, cancellable: false };
    },

    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call({ operation: 'getServiceOrder', path: `api/v2/service-orders/${ref.id}`, schema: Order });
      return wholeOperation(
        ref,
        itemState({ COMPLETED: 'DONE', FAILED: 'FAILED', CANCELLED: 'CANCELLED' }, res.body.state),
        res.body.failureReason ?? null,
        res.body,
      );
    },
  };
}
