import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlinqSimulator } from '../../sandbox/simulators/airlinq/index.js';
import { platformSuite } from '../helpers/platform-suite.js';
import { startStack, type TestStack } from '../helpers/stack.js';

platformSuite({
  spec: { code: 'AIRLINQ', factory: airlinqSimulator },
  name: 'AIRLINQ',
  statusChange: { mode: 'ASYNC', from: 'ACTIVE', to: 'BLOCKED', notAllowed: 'TERMINATED' },
  // One list call; SIM card and connectivity come with it; usage is one call per SIM.
  maxCallsForPage: (n) => 1 + n,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});

describe('AIRLINQ state change as public clients send it', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack([{ code: 'AIRLINQ', factory: airlinqSimulator }], { fleetSize: 30 });
  });
  afterAll(async () => stack?.close());

  it('sends PUT /gcapi/device/changeState', async () => {
    const list = await stack.query('{ products(first: 30, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
    const id = (list.data as any).products.edges[0].node.id as string;
    await stack.sandbox.admin('DELETE', '/admin/counters');
    const res = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect((await stack.sandbox.counts('AIRLINQ'))['PUT /gcapi/device/changeState']).toBe(1);
  });
});
