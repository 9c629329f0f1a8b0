/**
 * Aeris IoT Accelerator adapter (IOTA). Password-grant token (cached, renewed on 401); subscription search with
 * cursor paging (`next`); the multi-id `POST /subscriptions/details` (1000 ICCIDs) for every look-up. A subscription
 * record carries state, APNs and month-to-date usage, so one call answers product, SIM card, connectivity and usage.
 *
 * Status changes: Aeris accepts a bulk state-change request and processes it later, but the seed lists IOTA as
 * synchronous. The adapter therefore follows the request itself for up to SYNC_WAIT_MS and answers `applied` with
 * the fresh products when it completed in time; past that bound it answers `accepted` and the gateway's monitor
 * follows the request (the mutation then returns ASYNC).
 */
import { PlatformError } from '../errors.js';
import type { DataConnectivityRecord, ProductRecord, SimCardRecord, UsageRecord } from '../../domain/model.js';
import type { AdapterDeps, ChangeOutcome, ItemState, ListPage, OperationProgress, OperationRef, PlatformAdapter, StatusChange } from '../adapter.js';
import { alignToKeys, itemState, lookups, monthToDate, multiId, platformClient, progressOf, requireCredentials, withBearer } from '../kit/index.js';

interface Subscription {
  iccid: string; imsi: string; msisdn: string; state: string; subscriptionPackageName: string; firstActivatedAt: string | null;
  detectedImei: string | null; apns: Array<{ apn: string }>; monthlyData: number; monthlySms: number; label?: string;
}
interface RequestDoc {
  subscriptionRequestState: string;
  subscriptionRequestResources: Array<{ resourceState: string; resourceProperties: Array<{ type: string; value: string }>; resourceFailureInfos: Array<{ message?: string }> }>;
}

const PAGE_SIZE = 500;
const REQUEST_STATES: Readonly<Record<string, ItemState>> = { COMPLETED: 'DONE', FAILED: 'FAILED', REJECTED: 'FAILED', CANCELED: 'CANCELLED' };
export const SYNC_WAIT_MS = 5_000;

export function aerisAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account, account: { platform }, statuses } = deps;
  const { clientId, username, password, organizationId } = requireCredentials(account, ['clientId', 'username', 'password']);
  const http = platformClient(deps, { rate: { key: organizationId ?? username, perSecond: 10 }, errors: { message: ['detail', 'title'], code: 'code' } });
  const call = withBearer(http, async () => {
    const res = await http.request<{ access_token: string; expires_in: number }>({ operation: 'token', method: 'POST', path: 'iot/api/auth/token', form: { grant_type: 'password', client_id: clientId, username, password }, unlimited: true, idempotent: true });
    return { value: res.body.access_token, expiresAt: Date.now() + res.body.expires_in * 1000 };
  });

  const simCard = (s: Subscription): SimCardRecord => ({
    iccid: s.iccid, imsi: s.imsi, msisdn: s.msisdn, imei: s.detectedImei || null, eid: null, status: statuses.normalize(s.state), platformStatus: s.state,
    activatedAt: s.firstActivatedAt ? new Date(s.firstActivatedAt) : null, characteristics: [{ name: 'subscriptionPackageName', value: s.subscriptionPackageName }],
  });
  const connectivity = (s: Subscription): DataConnectivityRecord => ({ networkProvider: 'Magenta Telekom (T-Mobile Austria)', connectivityTypes: [], communicationPlan: s.subscriptionPackageName, apns: s.apns.map((a) => a.apn) });
  const usage = (s: Subscription): UsageRecord => {
    const period = monthToDate();
    return { buckets: [
      { level: 'GLOBAL', usageType: 'DATA', used: { amount: s.monthlyData, units: 'bytes' }, limit: null, remaining: null, period },
      { level: 'GLOBAL', usageType: 'SMS', used: { amount: s.monthlySms, units: 'messages' }, limit: null, remaining: null, period },
    ] };
  };
  const toProduct = (s: Subscription): ProductRecord => ({
    platform, key: s.iccid, accountId: account.id, connectivityType: 'CELLULAR', status: statuses.normalize(s.state), platformStatus: s.state,
    startDate: s.firstActivatedAt ? new Date(s.firstActivatedAt) : null, productOffering: { id: null, name: s.subscriptionPackageName },
    characteristics: [{ name: 'subscriptionPackageName', value: s.subscriptionPackageName }, ...(s.label ? [{ name: 'label', value: s.label }] : [])],
    iccid: s.iccid, imsi: s.imsi, msisdn: s.msisdn, serialNumber: null, terminalName: null, latitude: null, longitude: null,
    prefetched: { simCard: simCard(s), dataConnectivity: connectivity(s), usage: usage(s) },
  });
  const details = multiId(1000, async (identifierValues) => {
    const res = await call<{ subscriptions: Subscription[] }>({ operation: 'subscriptionDetails', method: 'POST', path: 'iot/api/subscriptions/details', json: { identifierType: 'ICC', identifierValues }, idempotent: true });
    return res.body.subscriptions;
  }, (s) => s.iccid);
  const progress = async (ref: OperationRef): Promise<OperationProgress> => {
    const res = await call<RequestDoc>({ operation: 'subscriptionRequest', path: `dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/${ref.id}` });
    const resources = alignToKeys(ref.keys, res.body.subscriptionRequestResources, (r) => r.resourceProperties.find((p) => p.type === 'ICCID')?.value ?? '');
    return progressOf(ref.keys.map((key, i) => {
      const r = resources[i];
      return { key, state: itemState(REQUEST_STATES, r?.resourceState), statusCode: 200, message: r?.resourceFailureInfos[0]?.message ?? null, body: r ?? null };
    }));
  };

  return {
    platform,
    account,
    maxChangeBatch: 1000,
    ...lookups({ products: details.map(toProduct), simCards: details.map(simCard), dataConnectivity: details.map(connectivity), usage: details.map(usage) }),
    async list(position): Promise<ListPage> {
      const res = await call<{ subscriptions: Subscription[]; next?: string }>({ operation: 'searchSubscriptions', path: 'iot/api/subscriptions/details', searchParams: { limit: PAGE_SIZE, order: 'ICC', cursor: position ?? undefined } });
      const next = res.body.next ? new URL(res.body.next, 'http://x').searchParams.get('cursor') : null;
      return { items: res.body.subscriptions.map(toProduct), next, total: null };
    },
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const state = statuses.target(change.target);
      const res = await call<{ subscription_request_id: string }>({
        operation: 'stateChange', method: 'POST', path: 'iot/api/sica/subscriptions/requests/state-changes',
        json: { subscriptions: { identifier_type: 'ICC', identifiers: change.keys }, change: { state }, ...(organizationId ? { on_behalf_of: { organization_id: organizationId } } : {}) },
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
          throw new PlatformError('BACKEND_REJECTED', platform, `${platform} refused the change: ${failed[0]!.message ?? 'rejected'}`, { platformMessage: failed[0]!.message });
        }
        // Some of a batch failed: let the monitor read the per-SIM outcome (with Aeris's reasons) from the request.
        if (failed.length) return { kind: 'accepted', ref, cancellable: false };
        const fresh = await details.fetch(change.keys, () => undefined);
        return { kind: 'applied', products: fresh.map((s, i) => (s && p.items[i]!.state === 'DONE' ? toProduct(s) : null)) };
      }
      return { kind: 'accepted', ref, cancellable: false };
    },
    pollOperation: progress,
  };
}
