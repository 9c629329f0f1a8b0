/**
 * Airlinq CMP adapter (AIRLINQ, Jio). Username/password → bearer token (cached, renewed on 401); DataTables-style
 * offset paging (`start`/`length` ≤ 500, totals); no multi-id call, so a look-up is one filtered list call per ICCID.
 * A device record carries its SIM, plan, APN and RAT, so the list primes SIM card and connectivity; usage is one
 * call per SIM (by IMSI) for the current calendar month. Status changes are asynchronous requests (`PUT
 * /gcapi/device/changeState`, as public clients send it), followed by
 * polling `GET /gcapi/request/{id}`.
 */
import type { DataConnectivityRecord, ProductRecord, SimCardRecord } from '../../domain/model.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import { DataUsage, DeviceList, DeviceMatches, RequestAccepted, RequestState, Token, type Device } from './wire.js';
import {
  itemState,
  lookups,
  monthToDate,
  perKey,
  platformClient,
  requireCredentials,
  tokenCall,
  wholeOperation,
  withBearer,
} from '../kit/index.js';

const PAGE_SIZE = 200;
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

export function airlinqAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { username, password } = requireCredentials(account, ['username', 'password']);
  const http = platformClient(deps, {
    basePath: 'gcapi',
    rate: { key: username, perSecond: 50 },
    errors: { message: 'message', code: 'errorCode' },
  });
  // Airlinq's token says nothing of its lifetime; public clients renew after ~50 min.
  const call = withBearer(
    http,
    tokenCall(http, { operation: 'auth', path: 'auth', json: { username, password }, schema: Token }, (b) => ({
      value: b.token,
      expiresAt: Date.now() + 50 * 60_000,
    })),
  );

  const simCard = (d: Device): SimCardRecord => ({
    iccid: d.iccid,
    imsi: d.imsi,
    msisdn: d.msisdn,
    imei: d.imei || null,
    eid: null,
    status: statuses.normalize(d.state),
    platformStatus: d.state,
    activatedAt: d.activationDate ? new Date(d.activationDate) : null,
    characteristics: [{ name: 'devicePlan', value: d.devicePlanName }],
  });
  const connectivity = (d: Device): DataConnectivityRecord => ({
    networkProvider: 'Jio',
    connectivityTypes: d.rat ? [d.rat] : [],
    communicationPlan: d.devicePlanName,
    apns: d.apn ? [d.apn] : [],
  });
  const toProduct = (d: Device): ProductRecord => ({
    platform,
    key: d.iccid,
    accountId: account.id,
    connectivityType: 'CELLULAR',
    status: statuses.normalize(d.state),
    platformStatus: d.state,
    startDate: d.activationDate ? new Date(d.activationDate) : null,
    productOffering: { id: String(d.devicePlanId), name: d.devicePlanName },
    characteristics: [{ name: 'devicePlan', value: d.devicePlanName }],
    iccid: d.iccid,
    imsi: d.imsi,
    msisdn: d.msisdn,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    prefetched: { simCard: simCard(d), dataConnectivity: connectivity(d) },
  });
  const device = perKey(async (iccid): Promise<Device | null> => {
    const res = await call({
      operation: 'deviceByIccid',
      method: 'POST',
      path: 'device/list',
      json: { start: 0, length: 1, iccid },
      idempotent: true,
      schema: DeviceMatches,
    });
    return res.body.data[0] ?? null;
  });

  return {
    platform,
    account,
    maxChangeBatch: 1,
    ...lookups({
      products: device.map(toProduct),
      simCards: device.map(simCard),
      dataConnectivity: device.map(connectivity),
      usage: perKey(async (iccid, known) => {
        const imsi = known(iccid)?.imsi ?? (await device.fetch([iccid], known))[0]?.imsi;
        if (!imsi) return null;
        const now = new Date();
        const period = monthToDate(now);
        const res = await call({
          operation: 'dataUsage',
          path: 'device/dataUsage',
          searchParams: { imsi, fromDate: stamp(period.start), toDate: stamp(now) },
          schema: DataUsage,
        });
        // Month to date (calendar month, UTC); Airlinq reports data only.
        return {
          buckets: [
            {
              level: 'GLOBAL',
              usageType: 'DATA',
              used: { amount: res.body.totalUsage, units: 'bytes' },
              limit: null,
              remaining: null,
              period,
            },
          ],
        };
      }),
    }),
    async list(position): Promise<ListPage> {
      const start = position ? Number(position) : 0;
      const res = await call({
        operation: 'listDevices',
        method: 'POST',
        path: 'device/list',
        json: { start, length: PAGE_SIZE },
        idempotent: true,
        schema: DeviceList,
      });
      const next = start + res.body.data.length;
      return {
        items: res.body.data.map(toProduct),
        next: res.body.data.length && next < res.body.recordsTotal ? String(next) : null,
        total: res.body.recordsTotal,
      };
    },
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const state = statuses.target(change.target);
      const iccid = change.keys[0]!;
      const res = await call({
        operation: 'changeState',
        method: 'PUT',
        path: 'device/changeState',
        json: { iccid, state },
        schema: RequestAccepted,
      });
      return { kind: 'accepted', ref: { id: res.body.requestId, keys: [iccid] }, cancellable: false };
    },
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call({ operation: 'getRequest', path: `request/${ref.id}`, schema: RequestState });
      return wholeOperation(
        ref,
        itemState({ SUCCESS: 'DONE', FAILED: 'FAILED' }, res.body.status),
        res.body.message ?? null,
        res.body,
      );
    },
  };
}
