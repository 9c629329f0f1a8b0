/**
 * Carrier JSON is checked: an adapter talking to a real HTTP server (a tiny local one playing Aeris, not a mock of
 * got) turns an answer that lacks a required field or has a wrong type into BACKEND_REJECTED naming the platform
 * and the field — never a TypeError — while the groups Aeris documents as optional may be left out. The adapter asks
 * for those groups with `additionalFields`.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterDeps, PlatformAdapter } from '../../src/datasources/adapter.js';
import { PlatformError } from '../../src/datasources/errors.js';
import { statusWords } from '../../src/datasources/kit/index.js';
import { MODULES } from '../../src/datasources/registry.js';
import { GatewayError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logging.js';
import { Metrics } from '../../src/observability/metrics.js';
import { toGatewayError } from '../../src/datasources/gateway-errors.js';

/** What the fake Aeris answers to the next subscription call, and the query strings it was sent. */
let answer: unknown = { subscriptions: [] };
const queries: URLSearchParams[] = [];
let server: http.Server;
let adapter: PlatformAdapter;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/iot/api/auth/token')
        return res.end(JSON.stringify({ access_token: 't', expires_in: 3600 }));
      queries.push(url.searchParams);
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const deps: AdapterDeps = {
    account: {
      id: 'acc',
      tenantId: 't',
      platform: 'IOTA',
      name: 'Fleet',
      backendAccountId: '1.23.4',
      baseUrl: `http://127.0.0.1:${port}`,
      credentials: { clientId: 'c', username: 'u', password: 'p' },
    },
    info: MODULES.IOTA.info,
    statuses: statusWords('IOTA', MODULES.IOTA.statuses),
    logger: createLogger('silent'),
    metrics: new Metrics(),
    rateLimit: () => ({ acquire: async () => 0 }),
    timeoutMs: 2_000,
  };
  adapter = MODULES.IOTA.adapter(deps);
});
afterAll(() => server?.close());

const rejection = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
};

describe('checked carrier JSON (IOTA against a local HTTP server)', () => {
  it('rejects a subscription without its ICCID as BACKEND_REJECTED naming the platform and the field', async () => {
    answer = { subscriptions: [{ state: 'ACTIVE', imsi: '232030000000001' }] };
    const err = await rejection(adapter.list(null));
    expect(err.code).toBe('BACKEND_REJECTED');
    expect(err.message).toBe(
      'IOTA answered an unexpected shape: subscriptions[0].iccid: expected string, received undefined',
    );
    expect(err.details.field).toBe('subscriptions[0].iccid');
  });

  it('rejects a wrong type the same way, in look-ups too', async () => {
    answer = { subscriptions: [{ iccid: '8943030000000000001', state: 'ACTIVE', apns: 'iot.t-mobile.at' }] };
    const err = await rejection(adapter.products(['8943030000000000001']));
    expect(err.message).toMatch(
      /^IOTA answered an unexpected shape: subscriptions\[0\]\.apns: expected array, received string$/,
    );
    answer = { subscription: [] };
    expect((await rejection(adapter.list(null))).message).toMatch(
      /^IOTA answered an unexpected shape: subscriptions: expected array/,
    );
  });

  it('reaches the client as BACKEND_REJECTED with the platform’s GraphQL name and the field', async () => {
    // eslint-disable-next-line no-loss-of-precision -- an ICCID sent as a JSON number (losing digits) is the wrong shape under test
    answer = { subscriptions: [{ iccid: 8943030000000000001, state: 'ACTIVE' }] };
    const mapped = toGatewayError(await rejection(adapter.list(null)));
    expect(mapped).toBeInstanceOf(GatewayError);
    expect((mapped as GatewayError).extensions).toMatchObject({
      code: 'BACKEND_REJECTED',
      platform: 'IOTA',
      field: 'subscriptions[0].iccid',
      statusCode: 200,
    });
  });

  it('asks for the optional groups it shows, and reads a subscription that came without them', async () => {
    queries.length = 0;
    answer = { subscriptions: [{ iccid: '8943030000000000001', state: 'ACTIVE', firstActivatedAt: null }] };
    const page = await adapter.list(null);
    expect(queries[0]!.getAll('additionalFields')).toEqual([
      'DATES',
      'INDIVIDUAL_APN',
      'LABEL',
      'PACKAGE',
      'MONTHLY_DATA',
      'MONTHLY_SMS',
    ]);
    const [product] = page.items;
    expect(product).toMatchObject({
      key: '8943030000000000001',
      status: 'ACTIVE',
      startDate: null,
      productOffering: null,
      imsi: null,
      characteristics: [],
    });
    expect(product!.prefetched?.dataConnectivity).toMatchObject({ apns: [], communicationPlan: null });
    expect(product!.prefetched?.usage).toBeUndefined();
    expect(await adapter.usage!(['8943030000000000001'], () => undefined)).toEqual([null]);
  });

  it('reads the groups when they come', async () => {
    answer = {
      subscriptions: [
        {
          iccid: '8943030000000000001',
          state: 'DEACTIVATED',
          imsi: '232030000000001',
          msisdn: '43000',
          firstActivatedAt: '2021-03-04T00:00:00Z',
          apns: [{ apn: 'iot.t-mobile.at' }],
          label: 'fleet-1',
          subscriptionPackageName: 'SP_10',
          monthlyData: 1234,
          monthlySms: 5,
        },
      ],
    };
    const [product] = (await adapter.list(null)).items;
    expect(product).toMatchObject({
      status: 'SUSPENDED',
      platformStatus: 'DEACTIVATED',
      productOffering: { name: 'SP_10' },
      imsi: '232030000000001',
    });
    expect(product!.prefetched?.dataConnectivity?.apns).toEqual(['iot.t-mobile.at']);
    expect(product!.prefetched?.usage?.buckets.map((b) => [b.usageType, b.used.amount])).toEqual([
      ['DATA', 1234],
      ['SMS', 5],
    ]);
  });
});
