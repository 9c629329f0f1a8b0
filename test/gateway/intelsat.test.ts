/** INTELSAT terminals through the gateway: paging, terminal details and usage, async terminal status changes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intelsatSimulator } from '../../sandbox/simulators/intelsat/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack([{ code: 'INTELSAT', factory: intelsatSimulator }], { fleetSize: 150, asyncDelayMs: 150 });
});
afterAll(async () => stack?.close());

type Node = { id: string; status: string; platformStatus: string; serialNumber: string };

describe('INTELSAT through the gateway', () => {
  it('pages every terminal once, with total, and batches terminal look-ups', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const res = await stack.query(
        'query($after: String) { products(first: 60, after: $after) { totalCount edges { node { id connectivityType } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const conn = (res.data as any).products;
      total = conn.totalCount;
      ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBe(150);
    expect(new Set(ids).size).toBe(150);

    await stack.sandbox.admin('DELETE', '/admin/counters');
    const page = await stack.query(
      '{ products(first: 50) { edges { node { id terminal { serialNumber model status latitude } simCard { id } dataConnectivity { id } usage { buckets { level used { amount units } limit { amount } } } } } } }',
    );
    expect(page.errors).toBeUndefined();
    const nodes = (page.data as any).products.edges.map((e: any) => e.node);
    expect(
      nodes.every(
        (n: any) =>
          n.terminal && n.simCard === null && n.dataConnectivity === null && n.usage.buckets[0].level === 'GLOBAL',
      ),
    ).toBe(true);
    const counts = await stack.sandbox.counts('INTELSAT');
    expect(counts['GET /api/v2/terminals']).toBe(1); // the list carried the terminals: no further terminal calls
    expect(counts['POST /api/v2/terminals/search'] ?? 0).toBe(0);
    expect(counts['GET /api/v2/terminals/:serial/usage']).toBe(50); // no multi-id usage call on this platform
  });

  it('suspends a terminal asynchronously: ASYNC with a monitor that reaches DONE', async () => {
    const res = await stack.query(
      '{ products(first: 150, filter: { statuses: [ACTIVE] }) { edges { node { id status platformStatus } } } }',
    );
    const node = (res.data as any).products.edges[0].node as Node;
    expect(node.platformStatus).toBe('active/online');
    const change = await stack.query(
      'mutation($id: ID!) { updateTerminalStatus(productId: $id, status: SUSPENDED) { mode product { id } monitor { id state cancellable } } }',
      { id: node.id },
    );
    expect(change.errors).toBeUndefined();
    const payload = (change.data as any).updateTerminalStatus;
    expect(payload).toMatchObject({
      mode: 'ASYNC',
      product: null,
      monitor: { state: 'IN_PROGRESS', cancellable: false },
    });
    let monitor: any;
    for (let i = 0; i < 100; i++) {
      monitor = (
        await stack.query('query($id: ID!) { monitor(id: $id) { state responses { productId state } } }', {
          id: payload.monitor.id,
        })
      ).data;
      if (monitor.monitor.state !== 'IN_PROGRESS') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(monitor.monitor).toEqual({ state: 'DONE', responses: [{ productId: node.id, state: 'DONE' }] });
    const after = await stack.query('query($id: ID!) { product(id: $id) { status platformStatus } }', { id: node.id });
    expect(after.data).toEqual({ product: { status: 'SUSPENDED', platformStatus: 'suspended/suspended' } });
    const cancel = await stack.query('mutation($id: ID!) { cancelMonitor(id: $id) { id } }', {
      id: payload.monitor.id,
    });
    expect(cancel.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); // finished
  });

  it('refuses SIM operations and transitions the table lacks, before any call', async () => {
    const res = await stack.query('{ products(first: 5) { edges { node { id status } } } }');
    const node = (res.data as any).products.edges[0].node as Node;
    const sim = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id: node.id },
    );
    expect(sim.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_SUPPORTED', platform: 'INTELSAT' });
    const dc = await stack.query('query($id: ID!) { dataConnectivity(id: $id) { id } }', {
      id: `${node.id}-dataConnectivity`,
    });
    expect(dc.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_SUPPORTED', platform: 'INTELSAT' });
    const blocked = await stack.query(
      'mutation($id: ID!) { updateTerminalStatus(productId: $id, status: BLOCKED) { mode } }',
      { id: node.id },
    );
    expect(blocked.errors?.[0]?.extensions?.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('finds terminals by serial number', async () => {
    const res = await stack.query('{ products(first: 2) { edges { node { serialNumber } } } }');
    const serial = (res.data as any).products.edges[0].node.serialNumber;
    const lookup = await stack.query(
      'query($s: [String!]) { productsByBusinessId(serialNumbers: $s) { products { id } notFound } }',
      { s: [serial, '1999999'] },
    );
    expect(lookup.data).toEqual({
      productsByBusinessId: { products: [{ id: `INTELSAT-${serial}` }], notFound: ['1999999'] },
    });
  });
});
