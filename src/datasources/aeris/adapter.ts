/**
 * Aeris IoT Accelerator adapter (IOTA). Password-grant token (cached, renewed on 401); subscription search with
 * cursor paging (`next`); the multi-id `POST /subscriptions/details` (1000 ICCIDs) for every look-up. A subscription
 * record carries state, APNs and month-to-date usage when `additionalFields` asks for them — the adapter asks
 * (ADDITIONAL_FIELDS in ./wire.ts) and tolerates their absence — so one call answers product, SIM card,
 * connectivity and usage. Every answer is parsed with the schemas in ./wire.ts.
 *
 * Status changes: Aeris accepts a bulk state-change request and processes it later, but the seed lists IOTA as
 * synchronous. The adapter therefore follows the request itself for up to SYNC_WAIT_MS and answers `applied` with
 * the fresh products when it completed in time; past that bound it answers `accepted` and the gateway's monitor
 * follows the request (the mutation then returns ASYNC).
 */
import type { DataConnectivityRecord, ProductRecord, SimCardRecord, UsageRecord } from '../../domain/model.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  ItemState,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import { PlatformError } from '../errors.js';
import {
  alignToKeys,
  itemState,
  lookups,
  monthToDate,
  multiId,
  OAuthToken,
  oauthToken,
  platformClient,
  progressOf,
  requireCredentials,
  tokenCall,
  withBearer,
} from '../kit/index.js';
import {
  ADDITIONAL_FIELDS,
  RequestDoc,
  StateChangeAccepted,
  SubscriptionPage,
  Subscriptions,
  type Subscription,
} from './wire.js';

const PAGE_SIZE = 500;
const REQUEST_STATES: Readonly<Record<string, ItemState>> = {
  COMPLETED: 'DONE',
  FAILED: 'FAILED',
  REJECTED: 'FAILED',
  CANCELED: 'CANCELLED',
};
export const SYNC_WAIT_MS = 5_000;

export function aerisAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { clientId, username, password, organizationId } = requireCredentials(account, [
    'clientId',
    'username',
    'password',
  ]);
  const http = platformClient(deps, {
    rate: { key: organizationId ?? username, perSecond: 10 },
    errors: { message: ['detail', 'title'], code: 'code' },
  });
  const call = withBearer(
    http,
    tokenCall(
      http,
      {
        operation: 'token',
        path: 'iot/api/auth/token',
        form: { grant_type: 'password', client_id: clientId, username, password },
        schema: OAuthToken,
      },
      oauthToken,
    ),
  );

  const date = (value: string | null | undefined) => (value ? new Date(value) : null);
  const packageOf = (s: Subscription) =>
    s.subscriptionPackageName ? [{ name: 'subscriptionPackageName', value: s.subscriptionPackageName }] : [];
  const simCard = (s: Subscription): SimCardRecord => ({
    iccid: s.iccid,
    imsi: s.imsi ?? null,
    msisdn: s.msisdn ?? null,
    imei: s.detectedImei || null,
    eid: null,
    status: statuses.normalize(s.state),
    platformStatus: s.state,
    activatedAt: date(s.firstActivatedAt),
    characteristics: packageOf(s),
  });
  const connectivity = (s: Subscription): DataConnectivityRecord => ({
    networkProvider: 'Magenta Telekom (T-Mobile Austria)',
    connectivityTypes: [],
    communicationPlan: s.subscriptionPackageName ?? null,
    apns: (s.apns ?? []).map((a) => a.apn),
  });
  /** Month to date, for the counters Aeris returned; null when it returned neither. */
  const usage = (s: Subscription): UsageRecord | null => {
    const period = monthToDate();
    const buckets: UsageRecord['buckets'] = [];
    if (s.monthlyData != null)
      buckets.push({
        level: 'GLOBAL',
        usageType: 'DATA',
        used: { amount: s.monthlyData, units: 'bytes' },
        limit: null,
        remaining: null,
        period,
      });
    if (s.monthlySms != null)
      buckets.push({
        level: 'GLOBAL',
        usageType: 'SMS',
        used: { amount: s.monthlySms, units: 'messages' },
        limit: null,
        remaining: null,
        period,
      });
    return buckets.length ? { buckets } : null;
  };
  const toProduct = (s: Subscription): ProductRecord => {
    const used = usage(s);
    return {
      platform,
      key: s.iccid,
      accountId: account.id,
      connectivityType: 'CELLULAR',
      status: statuses.normalize(s.state),
      platformStatus: s.state,
      startDate: date(s.firstActivatedAt),
      productOffering: s.subscriptionPackageName ? { id: null, name: s.subscriptionPackageName } : null,
      characteristics: [...packageOf(s), ...(s.label ? [{ name: 'label', value: s.label }] : [])],
      iccid: s.iccid,
      imsi: s.imsi ?? null,
      msisdn: s.msisdn ?? null,
      serialNumber: null,
      terminalName: null,
      latitude: null,
      longitude: null,
      prefetched: { simCard: simCard(s), dataConnectivity: connectivity(s), ...(used ? { usage: used } : {}) },
    };
  };
  const details = multiId(
    1000,
    async (identifierValues) => {
      const res = await call({
        operation: 'subscriptionDetails',
        method: 'POST',
        path: 'iot/api/subscriptions/details',
        searchParams: { additionalFields: ADDITIONAL_FIELDS },
        json: { identifierType: 'ICC', identifierValues },
        idempotent: true,
        schema: Subscriptions,
      });
      return res.body.subscriptions;
    },
    (s) => s.iccid,
  );
  const progress = async (ref: OperationRef): Promise<OperationProgress> => {
    const res = await call({
      operation: 'subscriptionRequest',
      path: `dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/${ref.id}`,
      schema: RequestDoc,
    });
    const resources = alignToKeys(
      ref.keys,
      res.body.subscriptionRequestResources,
      (r) => r.resourceProperties.find((p) => p.type === 'ICCID')?.value ?? '',
    );
    return progressOf(
      ref.keys.map((key, i) => {
        const r = resources[i];
        return {
          key,
          state: itemState(REQUEST_STATES, r?.resourceState),
          statusCode: 200,
          message: r?.resourceFailureInfos?.[0]?.message ?? null,
          body: r ?? null,
        };
      }),
    );
  };

  return {
    platform,
    account,
    maxChangeBatch: 1000,
    ...lookups({
      products: details.map(toProduct),
      simCards: details.map(simCard),
      dataConnectivity: details.map(connectivity),
      usage: details.map(usage),
    }),
    async list(position): Promise<ListPage> {
      const res = await call({
        operation: 'searchSubscriptions',
        path: 'iot/api/subscriptions/details',
        searchParams: {
          limit: PAGE_SIZE,
          order: 'ICC',
          cursor: position ?? undefined,
          additionalFields: ADDITIONAL_FIELDS,
        },
        schema: SubscriptionPage,
      });
      const next = res.body.next ? new URL(res.body.next, 'http://x').searchParams.get('cursor') : null;
      return { items: res.body.subscriptions.map(toProduct), next, total: null };
    },
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const state = statuses.target(change.target);
      const res = await call({
        schema: StateChangeAccepted,
        operation: 'stateChange',
        method: 'POST',
        path: 'iot/api/sica/subscriptions/requests/state-changes',
        json: {
          subscriptions: { identifier_type: 'ICC', identifiers: change.keys },
          change: { state },
          ...(organizationId ? { on_behalf_of: { organization_id: organizationId } } : {}),
        },
      });
      const ref: OperationRef = { id: res.body.subscription_request_id, keys: [...change.keys] };
      // Wait a bounded time for Aeris to finish, so the mutation can answer SYNC as the seed says IOTA does.
      const deadline = Date.now() + SYNC_WAIT_MS;
      for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1_000)) {
        await new Promise((r) => setTimeout(r, delay));
        const p = await progress(ref);
        if (!p.finished) continue;
        const failed = p.items.filter((i) => i.state !== 'DONE');
        if (failed.length && p.items.length === 1) {
          throw new PlatformError(
            'BACKEND_REJECTED',
            platform,
            `${platform} refused the change: ${failed[0]!.message ?? 'rejected'}`,
            { platformMessage: failed[0]!.message },
          );
        }
        // Some of a batch failed: let the monitor read the per-SIM outcome (with Aeris's reasons) from the request.
        if (failed.length) return { kind: 'accepted', ref, cancellable: false };
        const fresh = await details.fetch(change.keys, () => undefined);
        return {
          kind: 'applied',
          products: fresh.map((s, i) => (s && p.items[i]!.state === 'DONE' ? toProduct(s) : null)),
        };
      }
      return { kind: 'accepted', ref, cancellable: false };
    },
    pollOperation: progress,
  };
}
