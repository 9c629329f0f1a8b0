/**
 * STC ConnectME adapter. Username/password → bearer token (cached; renewed on expiry or 401); offset paging
 * (limit ≤ 200, total); one call per SIM and sub-resource (no multi-id call); usage per billing cycle (calendar
 * month). Status changes are asynchronous orders, followed by polling the order.
 */
import type { ProductRecord, SimCardRecord } from '../../domain/model.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import { Connectivity, Order, OrderAccepted, SimPage, Sim as SimSchema, Token, Usage, type Sim } from './wire.js';
import type { z } from 'zod';
import {
  itemState,
  lookups,
  perKey,
  platformClient,
  requireCredentials,
  tokenCall,
  wholeOperation,
  withBearer,
} from '../kit/index.js';

const PAGE_SIZE = 200;

export function stcAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { username, password } = requireCredentials(account, ['username', 'password']);
  const http = platformClient(deps, {
    basePath: 'connectme/api/v1',
    rate: { key: username, perSecond: 30 },
    errors: { message: 'errorMessage', code: 'errorCode' },
  });
  const call = withBearer(
    http,
    tokenCall(http, { operation: 'login', path: 'auth/login', json: { username, password }, schema: Token }, (b) => ({
      value: b.accessToken,
      expiresAt: Date.now() + b.expiresIn * 1000,
    })),
  );
  /** A GET answering 404 for an unknown SIM. */
  const get = async <S extends z.ZodType>(operation: string, path: string, schema: S): Promise<z.output<S> | null> => {
    const res = await call({ operation, path, acceptStatuses: [404], schema });
    return res.status === 404 ? null : (res.body as z.output<S>);
  };

  const simCard = (s: Sim): SimCardRecord => ({
    iccid: s.iccid,
    imsi: s.imsi,
    msisdn: s.msisdn,
    imei: s.imei || null,
    eid: null,
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    activatedAt: s.activatedOn ? new Date(s.activatedOn) : null,
    characteristics: [{ name: 'ratePlan', value: s.ratePlan }],
  });
  const toProduct = (s: Sim): ProductRecord => ({
    platform,
    key: s.iccid,
    accountId: account.id,
    connectivityType: 'CELLULAR',
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    startDate: s.activatedOn ? new Date(s.activatedOn) : null,
    productOffering: { id: null, name: s.ratePlan },
    characteristics: [{ name: 'ratePlan', value: s.ratePlan }],
    iccid: s.iccid,
    imsi: s.imsi,
    msisdn: s.msisdn,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    prefetched: { simCard: simCard(s) },
  });
  const sim = perKey((iccid) => get('getSim', `sims/${iccid}`, SimSchema));

  return {
    platform,
    account,
    maxChangeBatch: 1,
    ...lookups({
      products: sim.map(toProduct),
      simCards: sim.map(simCard),
      dataConnectivity: perKey(async (iccid, known) => {
        const c = await get('connectivity', `sims/${iccid}/connectivity`, Connectivity);
        return (
          c && {
            networkProvider: c.network,
            connectivityTypes: c.rat ? [c.rat] : [],
            communicationPlan: known(iccid)?.productOffering?.name ?? null,
            apns: [c.apn],
          }
        );
      }),
      usage: perKey(async (iccid) => {
        const u = await get('usage', `sims/${iccid}/usage`, Usage);
        if (!u) return null;
        const period = { start: new Date(u.billingCycle.start), end: new Date(u.billingCycle.end) }; // the billing cycle (calendar month)
        return {
          buckets: [
            {
              level: 'GLOBAL',
              usageType: 'DATA',
              used: { amount: u.dataBytes, units: 'bytes' },
              limit: null,
              remaining: null,
              period,
            },
            {
              level: 'GLOBAL',
              usageType: 'SMS',
              used: { amount: u.smsCount, units: 'messages' },
              limit: null,
              remaining: null,
              period,
            },
            {
              level: 'GLOBAL',
              usageType: 'VOICE',
              used: { amount: u.voiceSeconds, units: 'seconds' },
              limit: null,
              remaining: null,
              period,
            },
          ],
        };
      }),
    }),
    async list(position): Promise<ListPage> {
      const offset = position ? Number(position) : 0;
      const res = await call({
        operation: 'listSims',
        path: 'sims',
        searchParams: { offset, limit: PAGE_SIZE },
        schema: SimPage,
      });
      const next = offset + res.body.items.length;
      return {
        items: res.body.items.map(toProduct),
        next: res.body.items.length && next < res.body.total ? String(next) : null,
        total: res.body.total,
      };
    },
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const targetStatus = statuses.target(change.target);
      const iccid = change.keys[0]!;
      const res = await call({
        operation: 'order',
        method: 'POST',
        path: 'orders',
        json: { type: 'STATUS_CHANGE', iccid, targetStatus },
        schema: OrderAccepted,
      });
      return { kind: 'accepted', ref: { id: res.body.orderId, keys: [iccid] }, cancellable: false };
    },
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const res = await call({ operation: 'getOrder', path: `orders/${ref.id}`, schema: Order });
      return wholeOperation(
        ref,
        itemState({ COMPLETED: 'DONE', REJECTED: 'FAILED' }, res.body.status),
        res.body.reason ?? null,
        res.body,
      );
    },
  };
}
