/**
 * 1NCE adapter, after the official Management API (v1). Token from `POST /oauth/token` with HTTP Basic (cached for
 * its hour, renewed on 401). Product keys are the 20-digit `iccid_with_luhn`; the API is called with the 19-digit
 * `iccid`. Pages of 100 with X-Total-* headers; no multi-id call, so look-ups and sub-resources are one call per SIM.
 * Every /sims call is spaced to 10 per second per organization — across replicas when Redis is configured — as
 * 1NCE requires; a 429 that still comes is retried after its Retry-After.
 *
 * Status: a single SIM is changed with a synchronous PUT; a batch goes through the bulk POST, which 1NCE queues
 * without a tracking id, so its monitor follows the SIMs themselves until they show the new status.
 */
import type { DataConnectivityRecord, ProductRecord, SimCardRecord, UsageRecord } from '../../domain/model.js';
import type {
  AdapterDeps,
  ChangeOutcome,
  ListPage,
  OperationProgress,
  OperationRef,
  PlatformAdapter,
  StatusChange,
} from '../adapter.js';
import type { z } from 'zod';
import { Connectivity, Sim, Sims, Usage, type Sim as OneNceSim } from './wire.js';
import {
  basicAuth,
  lookups,
  monthToDate,
  oauthToken,
  OAuthToken,
  perKey,
  platformClient,
  type PlatformRequest,
  progressOf,
  requireCredentials,
  tokenCall,
  withBearer,
} from '../kit/index.js';

const PAGE_SIZE = 100;
/** How long a bulk change may take before its monitor reports it as not applied. */
const BULK_DEADLINE_MS = 10 * 60_000;
const apiIccid = (key: string) => (key.length === 20 ? key.slice(0, 19) : key);
const day = (d: Date) => d.toISOString().slice(0, 10);
/** 1NCE dates look like "2018-03-09T07:59:09.000+0000". */
const parseDate = (v: string | null | undefined) => (v ? new Date(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : null);

export function oneNceAdapter(deps: AdapterDeps): PlatformAdapter {
  const {
    account,
    account: { platform },
    statuses,
  } = deps;
  const { username, password, organizationId } = requireCredentials(account, ['username', 'password']);
  const http = platformClient(deps, {
    rate: { key: organizationId ?? username, perSecond: 10 },
    rateLimitWaitMs: 15_000,
    errors: (status, body) => {
      const e = body as { message?: string; errorCode?: string } | null;
      const known: Record<number, string> = {
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        409: 'Conflict',
        422: 'The SIM is expired or the request was not valid (only extensions are permitted on expired SIMs)',
      };
      return { message: e?.message ?? known[status] ?? `HTTP ${status}`, code: e?.errorCode };
    },
  });
  const token = {
    operation: 'token',
    path: 'management-api/oauth/token',
    headers: basicAuth(username, password),
    json: { grant_type: 'client_credentials' },
    schema: OAuthToken,
  };
  const bearer = withBearer(http, tokenCall(http, token, oauthToken));
  const call = <R extends PlatformRequest>(req: R) => bearer({ ...req, path: `management-api/v1/${req.path}` });
  /** A GET answering 404 for an unknown SIM. */
  const get = async <S extends z.ZodType>(
    operation: string,
    path: string,
    schema: S,
    searchParams?: Record<string, string>,
  ): Promise<z.output<S> | null> => {
    const res = await call({ operation, path, searchParams, acceptStatuses: [404], schema });
    return res.status === 404 ? null : (res.body as z.output<S>);
  };

  const simCard = (s: OneNceSim): SimCardRecord => ({
    iccid: s.iccid_with_luhn,
    imsi: s.imsi ?? null,
    msisdn: s.msisdn ?? null,
    imei: s.imei || null,
    eid: null,
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    activatedAt: parseDate(s.activation_date),
    characteristics: [
      { name: 'label', value: s.label || null },
      { name: 'ipAddress', value: s.ip_address ?? null },
    ],
  });
  const toProduct = (s: OneNceSim): ProductRecord => ({
    platform,
    key: s.iccid_with_luhn,
    accountId: account.id,
    connectivityType: 'CELLULAR',
    status: statuses.normalize(s.status),
    platformStatus: s.status,
    startDate: parseDate(s.activation_date),
    productOffering: { id: null, name: '1NCE IoT Flat Rate' },
    characteristics: [{ name: 'label', value: s.label || null }],
    iccid: s.iccid_with_luhn,
    imsi: s.imsi ?? null,
    msisdn: s.msisdn ?? null,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    prefetched: { simCard: simCard(s) },
  });
  const sim = (key: string) => get('getSim', `sims/${apiIccid(key)}`, Sim);
  const sims = perKey(sim);

  return {
    platform,
    account,
    maxChangeBatch: 100,
    ...lookups({
      products: sims.map(toProduct),
      simCards: sims.map(simCard),
      dataConnectivity: perKey(async (key): Promise<DataConnectivityRecord | null> => {
        const c = await get('connectivityStatus', `sims/${apiIccid(key)}/status`, Connectivity);
        if (!c) return null;
        const rat = c.pdp_context?.rat_type?.description;
        // The v1 status call names no APN; the RAT only while a PDP context is open.
        return {
          networkProvider: '1NCE',
          connectivityTypes: rat ? [rat] : [],
          communicationPlan: '1NCE IoT Flat Rate',
          apns: [],
        };
      }),
      usage: perKey(async (key): Promise<UsageRecord | null> => {
        const now = new Date();
        const period = monthToDate(now); // calendar month to date, from the daily records
        const u = await get('usage', `sims/${apiIccid(key)}/usage`, Usage, {
          start_dt: day(period.start),
          end_dt: day(now),
        });
        if (!u) return null;
        const mb = u.stats.reduce((sum, d) => sum + d.data.volume, 0);
        const sms = u.stats.reduce((sum, d) => sum + d.sms.volume, 0);
        return {
          buckets: [
            {
              level: 'GLOBAL',
              usageType: 'DATA',
              used: { amount: Number(mb.toFixed(6)), units: 'MB' },
              limit: null,
              remaining: null,
              period,
            },
            {
              level: 'GLOBAL',
              usageType: 'SMS',
              used: { amount: sms, units: 'messages' },
              limit: null,
              remaining: null,
              period,
            },
          ],
        };
      }),
    }),
    async list(position): Promise<ListPage> {
      const page = position ? Number(position) : 1;
      const res = await call({
        operation: 'listSims',
        path: 'sims',
        searchParams: { page, pageSize: PAGE_SIZE },
        schema: Sims,
      });
      const totalPages = Number(res.headers['x-total-pages'] ?? 0);
      return {
        items: res.body.map(toProduct),
        next: page < totalPages ? String(page + 1) : null,
        total: Number(res.headers['x-total-count'] ?? NaN) || null,
      };
    },
    async changeSimStatus(change: StatusChange): Promise<ChangeOutcome> {
      const status = statuses.target(change.target);
      if (change.keys.length === 1) {
        const key = change.keys[0]!;
        await call({
          operation: 'updateSim',
          method: 'PUT',
          path: `sims/${apiIccid(key)}`,
          json: { iccid: apiIccid(key), status },
        });
        const s = await sim(key);
        return { kind: 'applied', products: [s && toProduct(s)] };
      }
      await call({
        operation: 'bulkUpdateSims',
        method: 'POST',
        path: 'sims',
        json: change.keys.map((k) => ({ iccid: apiIccid(k), status })),
      });
      return {
        kind: 'accepted',
        ref: { id: `bulk-${Date.now()}`, keys: [...change.keys], status, since: Date.now() },
        cancellable: false,
      };
    },
    /** A bulk change has no tracking id: it is done for a SIM once the SIM shows the status asked for. */
    async pollOperation(ref: OperationRef): Promise<OperationProgress> {
      const late = Date.now() - Number(ref.since ?? 0) > BULK_DEADLINE_MS;
      return progressOf(
        await Promise.all(
          ref.keys.map(async (key) => {
            const s = await sim(key);
            const state = s?.status === ref.status ? 'DONE' : late || !s ? 'FAILED' : 'IN_PROGRESS';
            return {
              key,
              state,
              statusCode: s ? 200 : 404,
              message: state === 'FAILED' ? (s ? `Still ${s.status} after the bulk change` : 'SIM not found') : null,
              body: null,
            } as const;
          }),
        ),
      );
    },
  };
}
