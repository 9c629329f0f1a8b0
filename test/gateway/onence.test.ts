/** 1NCE through the gateway: the common platform suite, and the 10 requests/s limit held rather than hit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { platformSuite } from '../helpers/platform-suite.js';
import { startStack, type TestStack } from '../helpers/stack.js';

platformSuite({
  spec: { code: '1NCE', factory: oneNceSimulator },
  name: 'ONE_NCE',
  fleetSize: 60,
  statusChange: { mode: 'SYNC', from: 'ACTIVE', to: 'SUSPENDED', notAllowed: 'BLOCKED' },
  // One list call; SIM cards come with it; no multi-id call: status and usage one call per SIM each.
  maxCallsForPage: (n) => 1 + 2 * n,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});

describe('1NCE rate limit', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack([{ code: '1NCE', factory: oneNceSimulator }], { fleetSize: 80 });
  });
  afterAll(async () => stack?.close());

  it('answers 20 products (the live look-up cap) with details asked at once without a single 429, from the client or at the platform', async () => {
    const list = await stack.query('{ products(first: 50) { edges { node { iccid } } } }');
    // 20: the most keys looked up live on a platform without a multi-id call (MAX_LIVE_KEYS_PER_PLATFORM, issue 16).
    const iccids = (list.data as { products: { edges: Array<{ node: { iccid: string } }> } }).products.edges
      .map((e) => e.node.iccid)
      .slice(0, 20);
    await stack.sandbox.admin('DELETE', '/admin/counters');
    const started = Date.now();
    const res = await stack.query(
      'query($i: [String!]) { productsByBusinessId(iccids: $i) { products { id simCard { imsi } } notFound } }',
      { i: iccids },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(res.errors).toBeUndefined();
    expect((res.data as any).productsByBusinessId.products).toHaveLength(20);
    const counters = (await stack.sandbox.admin('GET', '/admin/counters?platform=1NCE').then((r) => r.json())) as {
      endpoints: Array<{ count: number; errors: number }>;
    };
    expect(counters.endpoints.reduce((s, e) => s + e.count, 0)).toBe(20);
    expect(counters.endpoints.reduce((s, e) => s + e.errors, 0)).toBe(0); // the platform never answered 429
    expect(seconds).toBeGreaterThan(1.5); // spaced at 10 per second
  }, 30_000);
});
