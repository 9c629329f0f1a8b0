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
import type { ProductRecord } from '../../domain/model.js';
import type { AdapterDeps, ChangeOutcome, ListPage, PlatformAdapter, StatusChange } from '../adapter.js';
import { basicAuth, lookups, perKey, platformClient, requireCredentials } from '../kit/index.js';
import { toDataConnectivity, toProduct, toSimCard, toUsage } from './translate.js';
import { Device, DeviceList, Session, Usage, type CiscoDevice } from './wire.js';

const PAGE_SIZE = 50;
/** Before any device was added: Search Devices with it lists the whole account. */
const MODIFIED_SINCE = '2000-01-01T00:00:00Z';

export function ciscoAdapter(deps: AdapterDeps): PlatformAdapter {
  const { account, account: { platform }, statuses } = deps;
  const operator = deps.info.operators[0]!;
  const { username, apiKey } = requireCredentials(account, ['username', 'apiKey']);
  const headers = basicAuth(username, apiKey);
  const http = platformClient(deps, {
    basePath: 'rws/api/v1',
    maxConcurrent: 1,
    rate: { key: account.backendAccountId, perSecond: 5 },
    errors: { message: 'errorMessage', code: 'errorCode' },
  });

  const device = perKey(async (iccid): Promise<CiscoDevice | null> => {
    const res = await http.request({ operation: 'getDevice', path: `devices/${iccid}`, headers, acceptStatuses: [404], schema: Device });
    return res.status === 404 ? null : res.body;
  });
  const product = device.map((d) => toProduct(platform, statuses, account.id, d, true));

  return {
    platform,
    account,
    maxChangeBatch: 1,
    ...lookups({
      products: product,
      simCards: device.map((d) => toSimCard(statuses, d)),
      dataConnectivity: perKey(async (iccid, known) => {
        const res = await http.request({ operation: 'sessionInfo', path: `devices/${iccid}/sessionInfo`, headers, acceptStatuses: [404], schema: Session });
        if (res.status === 404) return null;
        const plan = known(iccid)?.characteristics.find((c) => c.name === 'communicationPlan')?.value ?? null;
        return toDataConnectivity(operator, plan, res.body);
      }),
      usage: perKey(async (iccid) => {
        const res = await http.request({ operation: 'ctdUsages', path: `devices/${iccid}/ctdUsages`, headers, acceptStatuses: [404], schema: Usage });
        return res.status === 404 ? null : toUsage(res.body);
      }),
    }),

    async list(position): Promise<ListPage> {
      const pageNumber = position ? Number(position) : 1;
      const res = await http.request({
        schema: DeviceList,
        operation: 'searchDevices',
        path: 'devices',
        headers,
        searchParams: { modifiedSince: MODIFIED_SINCE, pageSize: PAGE_SIZE, pageNumber },
      });
      return {
        items: res.body.devices.map((d) => toProduct(platform, statuses, account.id, d, false)),
        next: res.body.lastPage ? null : String(pageNumber + 1),
        total: null, // Search Devices does not report a total
      };
    },

    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const status = statuses.target(change.target);
      const products: Array<ProductRecord | null> = [];
      for (const iccid of change.keys) {
        await http.request({ operation: 'editDevice', method: 'PUT', path: `devices/${iccid}`, headers, json: { status } });
        products.push(...(await product.fetch([iccid], () => undefined)));
      }
      return { kind: 'applied', products };
    },
  };
}
