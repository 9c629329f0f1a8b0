/**
 * Cisco IoT Control Center (REST v1) adapter, for TMUS (T-Mobile US) and JASPER (Etisalat).
 *
 * - Auth: HTTP Basic with the API user name and API key on every call; nothing to cache.
 * - List: Search Devices, `modifiedSince` (required; a date before any device) + `pageNumber`/`pageSize` ≤ 50 until
 *   `lastPage`; its items carry only ICCID, status and plans, so the bundle's IMSI/MSISDN come from the SIM details
 *   when a query selects them.
 * - No multi-id call: one call per device and sub-resource, one call at a time per account (Cisco's rule) and at
 *   most 5 per second (spaced).
 * - Status change: synchronous `PUT /devices/{iccid}`; never retried.
 */
import { notSupported, PlatformError } from '../errors.js';
import type { ProductRecord } from '../../domain/model.js';
import { targetWord } from '../registry.js';
import type { AdapterDeps, ChangeOutcome, KnownProducts, ListPage, PlatformAdapter, StatusChange } from '../adapter.js';
import { PlatformHttpClient } from '../kit/client.js';
import { toDataConnectivity, toProduct, toSimCard, toUsage } from './translate.js';
import type { CiscoDevice, CiscoDeviceList, CiscoError, CiscoSession, CiscoUsage } from './types.js';

const PAGE_SIZE = 50;
/** Before any device was added: Search Devices with it lists the whole account. */
const MODIFIED_SINCE = '2000-01-01T00:00:00Z';

export function ciscoAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account } = deps;
  const platform = account.platform;
  const operator = deps.info.operators[0]!;
  const { username, apiKey } = account.credentials;
  if (!username || !apiKey) throw new PlatformError('BACKEND_UNAVAILABLE', platform, `${platform} account ${account.name} lacks username/apiKey credentials`);
  const authorization = `Basic ${Buffer.from(`${username}:${apiKey}`).toString('base64')}`;
  const http = new PlatformHttpClient({
    platform,
    accountId: account.id,
    baseUrl: `${account.baseUrl.replace(/\/$/, '')}/rws/api/v1`,
    logger: deps.logger,
    metrics: deps.metrics,
    timeoutMs: deps.timeoutMs,
    maxConcurrent: 1,
    rateLimit: deps.rateLimit(account.backendAccountId, 5),
    describeError: (status, body) => {
      const e = (body ?? {}) as CiscoError;
      return { message: e.errorMessage ?? `HTTP ${status}`, code: e.errorCode };
    },
  });
  const headers = { authorization };

  const device = async (iccid: string): Promise<CiscoDevice | null> => {
    const res = await http.request<CiscoDevice>({ operation: 'getDevice', path: `devices/${iccid}`, headers, acceptStatuses: [404] });
    return res.status === 404 ? null : res.body;
  };
  /** One call per key, in order (the client runs them one at a time). */
  const each = <T>(keys: readonly string[], fn: (key: string) => Promise<T>) => Promise.all(keys.map(fn));

  return {
    platform,
    account,
    maxBatch: { products: 1, simCards: 1, terminals: 1, dataConnectivity: 1, usage: 1 },
    maxChangeBatch: 1,

    async list(position): Promise<ListPage> {
      const pageNumber = position ? Number(position) : 1;
      const res = await http.request<CiscoDeviceList>({
        operation: 'searchDevices',
        path: 'devices',
        headers,
        searchParams: { modifiedSince: MODIFIED_SINCE, pageSize: PAGE_SIZE, pageNumber },
      });
      return {
        items: res.body.devices.map((d) => toProduct(platform, account.id, d)),
        next: res.body.lastPage ? null : String(pageNumber + 1),
        total: null, // Search Devices does not report a total
      };
    },

    products: (keys) => each(keys, async (iccid) => {
      const d = await device(iccid);
      return d && toProduct(platform, account.id, d);
    }),

    simCards: (keys) => each(keys, async (iccid) => {
      const d = await device(iccid);
      return d && toSimCard(platform, d);
    }),

    dataConnectivity: (keys, known: KnownProducts) => each(keys, async (iccid) => {
      const res = await http.request<CiscoSession>({ operation: 'sessionInfo', path: `devices/${iccid}/sessionInfo`, headers, acceptStatuses: [404] });
      if (res.status === 404) return null;
      const plan = known(iccid)?.characteristics.find((c) => c.name === 'communicationPlan')?.value ?? null;
      return toDataConnectivity(operator, plan, res.body);
    }),

    usage: (keys) => each(keys, async (iccid) => {
      const res = await http.request<CiscoUsage>({ operation: 'ctdUsages', path: `devices/${iccid}/ctdUsages`, headers, acceptStatuses: [404] });
      return res.status === 404 ? null : toUsage(res.body);
    }),

    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const status = targetWord(platform, change.target);
      if (!status) throw notSupported(platform, `${platform} has no status word for ${change.target}`);
      const products: Array<ProductRecord | null> = [];
      for (const iccid of change.keys) {
        await http.request({ operation: 'editDevice', method: 'PUT', path: `devices/${iccid}`, headers, json: { status } });
        const d = await device(iccid);
        products.push(d && toProduct(platform, account.id, d));
      }
      return { kind: 'applied', products };
    },
  };
}
