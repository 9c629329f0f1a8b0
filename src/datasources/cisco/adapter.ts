/**
 * Cisco IoT Control Center (REST v1) adapter, for TMUS (T-Mobile US) and JASPER (Etisalat).
 *
 * - Auth: HTTP Basic with the API user name and API key on every call; nothing to cache.
 * - List: Search Devices (modification-date order, pages of 50) walked as a keyset on `modifiedSince` with the ICCIDs
 *   already returned kept in the position, so devices changing between pages are neither skipped nor repeated
 *   (paging.ts; one details call per page for the last device's date). `changes(since)` is the same walk from
 *   `since`. List items carry only ICCID, status and plans: the bundle's IMSI/MSISDN come from the SIM details when a
 *   query selects them.
 * - No multi-id call: one call per device and sub-resource, one call at a time per account (Cisco's rule) and at
 *   most 5 per second (spaced).
 * - Status change: synchronous `PUT /devices/{iccid}`; never retried.
 */
import type { ProductRecord } from '../../domain/model.js';
import type { AdapterDeps, ChangeOutcome, ListPage, PlatformAdapter, StatusChange } from '../adapter.js';
import { basicAuth, lookups, perKey, platformClient, requireCredentials } from '../kit/index.js';
import { EPOCH, keysetPage, PageMemo, parseCiscoDate, type KeysetSource } from './paging.js';
import { toDataConnectivity, toProduct, toSimCard, toUsage } from './translate.js';
import { Device, DeviceList, Session, Usage, type CiscoDevice, type CiscoListDevice } from './wire.js';

const PAGE_SIZE = 50;

export function ciscoAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
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
    const res = await http.request({
      operation: 'getDevice',
      path: `devices/${iccid}`,
      headers,
      acceptStatuses: [404],
      schema: Device,
    });
    return res.status === 404 ? null : res.body;
  });
  const product = device.map((d) => toProduct(platform, statuses, account.id, d, true));

  /** Search Devices by modification date, as a keyset walk that neither skips nor repeats devices (paging.ts). */
  const source: KeysetSource<CiscoListDevice> = {
    search: async (modifiedSince, pageNumber) =>
      (
        await http.request({
          schema: DeviceList,
          operation: 'searchDevices',
          path: 'devices',
          headers,
          searchParams: { modifiedSince, pageSize: PAGE_SIZE, pageNumber },
        })
      ).body,
    dateUpdated: async (iccid) => parseCiscoDate((await device.fetch([iccid], () => undefined))[0]?.dateUpdated),
    now: Date.now,
  };
  const memo = new PageMemo<CiscoListDevice>();
  const walk = async (from: number, position: string | null): Promise<ListPage> => {
    const page = await keysetPage(source, from, position, memo);
    return {
      items: page.items.map((d) => toProduct(platform, statuses, account.id, d, false)),
      next: page.next,
      total: null,
    }; // Search Devices reports no total
  };

  return {
    platform,
    account,
    maxChangeBatch: 1,
    ...lookups({
      products: product,
      simCards: device.map((d) => toSimCard(statuses, d)),
      dataConnectivity: perKey(async (iccid, known) => {
        const res = await http.request({
          operation: 'sessionInfo',
          path: `devices/${iccid}/sessionInfo`,
          headers,
          acceptStatuses: [404],
          schema: Session,
        });
        if (res.status === 404) return null;
        const plan = known(iccid)?.characteristics.find((c) => c.name === 'communicationPlan')?.value ?? null;
        return toDataConnectivity(operator, plan, res.body);
      }),
      usage: perKey(async (iccid) => {
        const res = await http.request({
          operation: 'ctdUsages',
          path: `devices/${iccid}/ctdUsages`,
          headers,
          acceptStatuses: [404],
          schema: Usage,
        });
        return res.status === 404 ? null : toUsage(res.body);
      }),
    }),

    list: (position) => walk(EPOCH, position),
    changes: (since, position) => walk(since.getTime(), position),

    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const status = statuses.target(change.target);
      const products: Array<ProductRecord | null> = [];
      for (const iccid of change.keys) {
        await http.request({
          operation: 'editDevice',
          method: 'PUT',
          path: `devices/${iccid}`,
          headers,
          json: { status },
        });
        products.push(...(await product.fetch([iccid], () => undefined)));
      }
      return { kind: 'applied', products };
    },
  };
}
