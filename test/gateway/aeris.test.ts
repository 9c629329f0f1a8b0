import { aerisSimulator } from '../../sandbox/simulators/aeris/index.js';
import { platformSuite } from '../helpers/platform-suite.js';

platformSuite({
  spec: { code: 'IOTA', factory: aerisSimulator },
  name: 'IOTA',
  // Aeris processes state changes later; the adapter waits a bounded time, so the mutation answers SYNC.
  statusChange: { mode: 'SYNC', from: 'ACTIVE', to: 'SUSPENDED', notAllowed: 'TERMINATED' },
  // One list call answers everything: subscriptions carry SIM, APNs and month-to-date usage.
  maxCallsForPage: () => 2,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../helpers/stack.js';

describe('IOTA multi-id batching', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack([{ code: 'IOTA', factory: aerisSimulator }], { fleetSize: 80 });
  });
  afterAll(async () => stack?.close());

  it('looks up 60 products, with SIM card, connectivity and usage, in one POST /subscriptions/details', async () => {
    const list = await stack.query('{ products(first: 60) { edges { node { iccid } } } }');
    const iccids = (list.data as { products: { edges: Array<{ node: { iccid: string } }> } }).products.edges.map(
      (e) => e.node.iccid,
    );
    await stack.sandbox.admin('DELETE', '/admin/counters');
    const res = await stack.query(
      'query($i: [String!]) { productsByBusinessId(iccids: $i) { products { id simCard { imsi } dataConnectivity { apns } usage { buckets { used { amount } } } } notFound } }',
      { i: iccids },
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as any).productsByBusinessId.products).toHaveLength(60);
    expect(await stack.sandbox.counts('IOTA')).toEqual({ 'POST /iot/api/subscriptions/details': 1 });
  });
});
