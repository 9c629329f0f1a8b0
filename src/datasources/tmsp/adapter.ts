/**
 * Telekom M2M Service Portal (TMSP) adapter. OAuth 2.0 client credentials at the OIDC service the account's `tokenUrl`
 * credential names (token cached, renewed); HAL pages of 100
 * with totals; every look-up goes through the SIM selection call (200 ICCIDs), which embeds connectivity and usage
 * on request, so a page's sub-resources cost one call each. TMSP is the one platform reporting usage at both
 * cellular and satellite level. Status and characteristics changes are asynchronous requests carrying many ICCIDs
 * (the bulk call), followed by polling, and cancellable while TMSP has not started them.
 */
import type {
  ConsumptionBucketRecord,
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  UsageRecord,
} from '../../domain/model.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  CharacteristicsChange,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import {
  Request,
  Selection,
  SimPage,
  type Connectivity as TmspConnectivity,
  type Sim as TmspSim,
  type Usage as TmspUsage,
} from './wire.js';
import {
  alignToKeys,
  basicAuth,
  itemState,
  lookups,
  multiId,
  oauthToken,
  OAuthToken,
  platformClient,
  type PlatformRequest,
  progressOf,
  requireCredentials,
  tokenCall,
  withBearer,
} from '../kit/index.js';

const PAGE_SIZE = 100;

export function tmspAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { clientId, clientSecret, partnerId, tokenUrl } = requireCredentials(account, [
    'clientId',
    'clientSecret',
    'partnerId',
    'tokenUrl',
  ]);
  const http = platformClient(deps, {
    rate: { key: partnerId, perSecond: 20 },
    errors: { message: 'message', code: 'code' },
  });
  const prefix = `iot/connectivity/management/v1/partners/${partnerId}`;
  // The token comes from Telekom's OpenID Connect service, not the portal API: its URL is the account's `tokenUrl`
  // credential, never derived from the API's base URL.
  const tokenAt = new URL(tokenUrl);
  const oidc = platformClient(deps, {
    baseUrl: new URL('.', tokenAt).href,
    rate: { key: partnerId, perSecond: 20 },
    errors: { message: ['error_description', 'message'], code: 'error' },
  });
  const token = {
    operation: 'token',
    path: `${tokenAt.pathname.split('/').pop()}${tokenAt.search}`,
    headers: basicAuth(clientId, clientSecret),
    form: { grant_type: 'client_credentials' },
    schema: OAuthToken,
  };
  const bearer = withBearer(http, tokenCall(oidc, token, oauthToken));
  const call = <R extends PlatformRequest>(req: R) =>
    bearer({
      ...req,
      path: `${prefix}/${req.path}`,
      headers: { ...req.headers, accept: 'application/hal+json, application/json' },
    });

  const simCard = (s: TmspSim): SimCardRecord => ({
    iccid: s.iccid,
    imsi: s.imsi,
    msisdn: s.msisdn,
    imei: s.imei ?? null,
    eid: s.eid ?? null,
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    activatedAt: s.activationDate ? new Date(s.activationDate) : null,
    characteristics: [{ name: 'simProfile', value: s.simProfile ?? null }],
  });
  const connectivity = (c: TmspConnectivity): DataConnectivityRecord => ({
    networkProvider: c.networkProvider,
    connectivityTypes: c.radioAccessTechnologies ?? [],
    communicationPlan: c.communicationPlan,
    apns: c.apns ?? [],
  });
  /** Three DATA buckets (GLOBAL = sum, CELLULAR, SATELLITE) when both networks were used; only GLOBAL otherwise. */
  const usage = (u: TmspUsage): UsageRecord => {
    const period = { start: new Date(u.billingPeriod.start), end: new Date(u.billingPeriod.end) }; // the billing period
    const total = u.data.cellularBytes + u.data.satelliteBytes;
    const limit = u.quotaBytes ? { amount: u.quotaBytes, units: 'bytes' as const } : null;
    const data = (level: ConsumptionBucketRecord['level'], amount: number): ConsumptionBucketRecord => ({
      level,
      usageType: 'DATA',
      used: { amount, units: 'bytes' },
      limit: level === 'GLOBAL' ? limit : null,
      remaining:
        level === 'GLOBAL' && u.quotaBytes ? { amount: Math.max(0, u.quotaBytes - total), units: 'bytes' } : null,
      period,
    });
    const buckets = [data('GLOBAL', total)];
    if (u.data.satelliteBytes > 0 && u.data.cellularBytes > 0)
      buckets.push(data('CELLULAR', u.data.cellularBytes), data('SATELLITE', u.data.satelliteBytes));
    buckets.push({
      level: 'GLOBAL',
      usageType: 'SMS',
      used: { amount: u.sms.count, units: 'messages' },
      limit: null,
      remaining: null,
      period,
    });
    return { buckets };
  };
  const toProduct = (s: TmspSim): ProductRecord => ({
    platform,
    key: s.iccid,
    accountId: account.id,
    connectivityType: 'CELLULAR',
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    startDate: s.activationDate ? new Date(s.activationDate) : null,
    productOffering: s.productOffering,
    characteristics: [
      { name: 'simProfile', value: s.simProfile ?? null },
      { name: 'relatedParty', value: s.relatedParty?.id ?? null },
    ],
    iccid: s.iccid,
    imsi: s.imsi,
    msisdn: s.msisdn,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    prefetched: {
      simCard: simCard(s),
      ...(s._embedded?.connectivity ? { dataConnectivity: connectivity(s._embedded.connectivity) } : {}),
      ...(s._embedded?.usage ? { usage: usage(s._embedded.usage) } : {}),
    },
  });
  /** The SIM selection call (200 ICCIDs), embedding the sub-resources asked for. */
  const select = (embed: string) =>
    multiId(
      200,
      async (identifiers) => {
        const res = await call({
          schema: Selection,
          operation: 'selectSims',
          method: 'POST',
          path: 'sims/selection',
          searchParams: embed ? { embed } : undefined,
          json: { identifierType: 'ICCID', identifiers },
          idempotent: true,
        });
        return res.body._embedded.sims;
      },
      (s) => s.iccid,
    );
  const submit = async (body: Record<string, unknown>, keys: readonly string[]): Promise<ChangeOutcome> => {
    const res = await call({
      operation: 'request',
      method: 'POST',
      path: 'requests',
      json: { ...body, iccids: keys },
      schema: Request,
    });
    return { kind: 'accepted', ref: { id: res.body.requestId, keys: [...keys] }, cancellable: true };
  };

  return {
    platform,
    account,
    maxChangeBatch: 1000,
    ...lookups({
      products: select('connectivity,usage').map(toProduct),
      simCards: select('').map(simCard),
      dataConnectivity: select('connectivity').map((s) =>
        s._embedded?.connectivity ? connectivity(s._embedded.connectivity) : null,
      ),
      usage: select('usage').map((s) => (s._embedded?.usage ? usage(s._embedded.usage) : null)),
    }),
    async list(position): Promise<ListPage> {
      const page = position ? Number(position) : 0;
      const res = await call({
        operation: 'listSims',
        path: 'sims',
        searchParams: { page, size: PAGE_SIZE },
        schema: SimPage,
      });
      return {
        items: (res.body._embedded?.sims ?? []).map(toProduct),
        next: res.body._links.next ? String(page + 1) : null,
        total: res.body.page.totalElements,
      };
    },
    async changeSimStatus(change: StatusChange) {
      const targetStatus = statuses.target(change.target);
      return submit({ type: 'STATUS_CHANGE', targetStatus }, change.keys);
    },
    async updateCharacteristics(change: CharacteristicsChange) {
      return submit(
        {
          type: 'CHARACTERISTICS_CHANGE',
          productOffering: change.productOffering ?? undefined,
          relatedPartyId: change.relatedPartyId ?? undefined,
          simProfile: change.simProfile ?? undefined,
        },
        change.keys,
      );
    },
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call({ operation: 'getRequest', path: `requests/${ref.id}`, schema: Request });
      const results = alignToKeys(ref.keys, res.body.results, (r) => r.iccid);
      return progressOf(
        ref.keys.map((key, i) => {
          const r = results[i];
          return {
            key,
            state: itemState({ DONE: 'DONE', FAILED: 'FAILED', CANCELLED: 'CANCELLED' }, r?.state),
            statusCode: 200,
            message: r?.reason ?? null,
            body: r ?? null,
          };
        }),
      );
    },
    async cancelOperation(ref: OperationRef): Promise<boolean> {
      const res = await call({
        operation: 'cancelRequest',
        method: 'DELETE',
        path: `requests/${ref.id}`,
        acceptStatuses: [409],
      });
      return res.status !== 409;
    },
  };
}
