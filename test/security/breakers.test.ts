/**
 * Breakers count platform failures only (issue 16, finding 3), counted through the sandbox's counters and faults:
 * look-ups the platform refuses or does not find (4xx) leave the breaker closed and the next mutation works; a
 * platform that hangs opens its breaker after a few calls, and later pages fail fast naming it; a 429 surfaces as
 * RATE_LIMITED with `retryAfter` in seconds, never opens the breaker, and nothing is sent to the platform before
 * the time it asked for has passed.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stcSimulator } from '../../sandbox/simulators/stc/index.js';
import { PlatformHttpClient } from '../../src/datasources/kit/client.js';
import { createLogger } from '../../src/logging.js';
import { Metrics } from '../../src/observability/metrics.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let known: string[];
const LIVE_PAGE = '{ products(first: 3, consistency: LIVE) { edges { node { id } } } }';
const UPDATE = 'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode product { id } } }';

/** An ICCID with a valid Luhn check digit that the sandbox does not hold. */
function unknownIccid(n: number): string {
  const body = `899999${String(n).padStart(12, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const calls = async () => Object.values(await stack.sandbox.counts('STC')).reduce((a, b) => a + b, 0);
const breakerOpen = () =>
  stack.gateway.gateway.deps.metrics.breakerState
    .get()
    .then((m) => m.values.some((v) => v.labels.platform === 'STC' && v.value === 1));

beforeAll(async () => {
  // Per-attempt timeout 400 ms so a hanging platform costs the test little.
  stack = await startStack([{ code: 'STC', factory: stcSimulator }], {
    fleetSize: 10,
    env: { BACKEND_TIMEOUT_MS: '400' },
  });
  const page = await stack.query(LIVE_PAGE);
  known = (page.data as { products: { edges: { node: { id: string } }[] } }).products.edges.map((e) => e.node.id);
});
afterAll(async () => stack?.close());

describe('circuit breakers', () => {
  it('stay closed after look-ups of unknown products (4xx answers), and the next mutation works', async () => {
    await stack.sandbox.admin('DELETE', '/admin/counters');
    for (let i = 0; i < 8; i++) {
      const res = await stack.query('query($id: ID!) { product(id: $id, consistency: LIVE) { id } }', {
        id: `STC-${unknownIccid(i)}`,
      });
      expect(res.errors?.map((e) => e.extensions?.code).filter((c) => c === 'BACKEND_UNAVAILABLE') ?? []).toEqual([]);
    }
    expect(await calls()).toBeGreaterThanOrEqual(8); // the platform was asked each time, and answered "not found"
    expect(await breakerOpen()).toBe(false);
    const write = await stack.query(UPDATE, { id: known[0] });
    expect(write.errors, JSON.stringify(write.errors)).toBeUndefined();
  });

  it('open when the platform hangs, and later pages fail fast naming it', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { latencyMs: 5_000 });
    try {
      const failures: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await stack.query(LIVE_PAGE);
        failures.push(String(res.errors?.[0]?.extensions?.code));
      }
      expect(failures).toEqual(['BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE']);
      expect(await breakerOpen()).toBe(true);
      await stack.sandbox.admin('DELETE', '/admin/counters');
      const started = Date.now();
      const res = await stack.query(LIVE_PAGE);
      expect(Date.now() - started).toBeLessThan(400); // no call waited for the platform
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', platform: 'STC' });
      expect(res.errors?.[0]?.message).toMatch(/STC.*circuit open/);
      expect(await calls()).toBe(0);
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/STC');
    }
  }, 30_000);
});

describe('carrier 429s', () => {
  it('surface as RATE_LIMITED with retryAfter, keep the breaker closed, and nothing is sent before Retry-After', async () => {
    // A fresh stack: the breaker of the previous test is open for its reset time.
    const own = await startStack([{ code: 'STC', factory: stcSimulator }], { fleetSize: 10 });
    try {
      await own.query(LIVE_PAGE); // token fetched
      await own.sandbox.admin('DELETE', '/admin/counters');
      await own.sandbox.admin('PUT', '/admin/faults/STC', { rateLimitRate: 1, retryAfterSeconds: 5 });
      const first = await own.query(LIVE_PAGE);
      const asked = Date.now();
      expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', platform: 'STC', retryAfter: 5 });
      const sent = Object.values(await own.sandbox.counts('STC')).reduce((a, b) => a + b, 0);
      expect(sent).toBe(1); // a 5 s wait is longer than the gateway waits: no retry

      // Within the 5 s: answered at once with the time left, nothing sent, breaker closed.
      for (let i = 0; i < 6; i++) {
        const again = await own.query(LIVE_PAGE);
        expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', platform: 'STC' });
        expect(again.errors?.[0]?.extensions?.retryAfter).toBeLessThanOrEqual(5);
      }
      expect(Object.values(await own.sandbox.counts('STC')).reduce((a, b) => a + b, 0)).toBe(1);
      const states = await own.gateway.gateway.deps.metrics.breakerState.get();
      expect(states.values.filter((v) => v.labels.platform === 'STC').every((v) => v.value === 0)).toBe(true);

      // The platform recovers; once its Retry-After has passed the next page is served.
      await own.sandbox.admin('DELETE', '/admin/faults/STC');
      await new Promise((r) => setTimeout(r, Math.max(0, 5_000 - (Date.now() - asked)) + 100));
      const later = await own.query(LIVE_PAGE);
      expect(later.errors).toBeUndefined();
    } finally {
      await own.close();
    }
  }, 30_000);

  it('hold the half-open probe of an open breaker until a 503 Retry-After has passed', async () => {
    let seen = 0;
    const server = http.createServer((_req, res) => {
      seen++;
      res.writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = new PlatformHttpClient({
      platform: 'STC',
      accountId: 'probe',
      baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      logger: createLogger('silent'),
      metrics: new Metrics(),
      describeError: () => ({ message: 'x' }),
      retries: 0,
      breaker: { resetTimeoutMs: 200 },
    });
    try {
      for (let i = 0; i < 3; i++)
        await expect(client.request({ operation: 'read', path: 'x' })).rejects.toMatchObject({
          code: 'BACKEND_UNAVAILABLE',
        });
      expect(client.isOpen).toBe(true);
      expect(seen).toBe(3);
      await new Promise((r) => setTimeout(r, 500)); // past resetTimeout, before Retry-After
      await expect(client.request({ operation: 'read', path: 'x' })).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
      });
      expect(seen).toBe(3); // no probe yet
      await new Promise((r) => setTimeout(r, 1_700));
      await expect(client.request({ operation: 'read', path: 'x' })).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
      });
      expect(seen).toBe(4); // the probe, after the time the platform named
    } finally {
      server.close();
    }
  });
});
