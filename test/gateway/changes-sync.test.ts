/**
 * Changing products on synchronous platforms (TMUS, JASPER — Cisco), through the gateway against the sandbox:
 * SYNC answers, refusals before any backend call, idempotent retries, batches answered with a monitor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnDigit } from '../../sandbox/core/identifiers.js';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack(
    [
      { code: 'TMUS', factory: ciscoSimulator },
      { code: 'JASPER', factory: ciscoSimulator },
    ],
    { fleetSize: 40 },
  );
});
afterAll(async () => stack?.close());

type Node = { id: string; status: string; platform: string };
async function productsWith(platform: string, status: string, count: number): Promise<Node[]> {
  const res = await stack.query(
    `{ products(first: 40, filter: { platforms: [${platform}], statuses: [${status}] }) { edges { node { id status platform } } } }`,
  );
  const nodes = (res.data as { products: { edges: Array<{ node: Node }> } }).products.edges.map((e) => e.node);
  expect(nodes.length).toBeGreaterThanOrEqual(count);
  return nodes.slice(0, count);
}

const UPDATE = `mutation($id: ID!, $status: ProductStatus!, $key: String) {
  updateSimCardStatus(productId: $id, status: $status, idempotencyKey: $key) { mode product { id status platformStatus } monitor { id state } }
}`;

async function waitForMonitor(id: string, timeoutMs = 20_000): Promise<Record<string, any>> {
  const started = Date.now();
  for (;;) {
    const res = await stack.query(
      'query($id: ID!) { monitor(id: $id) { id state operation responses { productId platform state statusCode message } errors { productId code message } } }',
      { id },
    );
    const m = (res.data as { monitor: Record<string, any> }).monitor;
    if (m.state !== 'IN_PROGRESS' || Date.now() - started > timeoutMs) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('synchronous status changes', () => {
  it('applies ACTIVE → SUSPENDED at once and answers SYNC with the changed product', async () => {
    const [p] = await productsWith('JASPER', 'ACTIVE', 1);
    const res = await stack.query(UPDATE, { id: p!.id, status: 'SUSPENDED' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      updateSimCardStatus: {
        mode: 'SYNC',
        product: { id: p!.id, status: 'SUSPENDED', platformStatus: 'DEACTIVATED' },
        monitor: null,
      },
    });
    const again = await stack.query('query($id: ID!) { product(id: $id) { status } }', { id: p!.id });
    expect(again.data).toEqual({ product: { status: 'SUSPENDED' } });
  });

  it('refuses a transition the table does not list, naming from/to/platform, without a backend call', async () => {
    const [p] = await productsWith('TMUS', 'ACTIVE', 1);
    const before = await stack.sandbox.counts('TMUS');
    const res = await stack.query(UPDATE, { id: p!.id, status: 'BLOCKED' });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      from: 'ACTIVE',
      to: 'BLOCKED',
      platform: 'TMUS',
    });
    const after = await stack.sandbox.counts('TMUS');
    expect(after['PUT /rws/api/v1/devices/:iccid'] ?? 0).toBe(before['PUT /rws/api/v1/devices/:iccid'] ?? 0);
  });

  it('refuses an operation the platform lacks with NOT_SUPPORTED before anything else', async () => {
    const res = await stack.query(UPDATE, {
      id: `TURKCELL-899001010000000000${luhnDigit('899001010000000000')}`,
      status: 'SUSPENDED',
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_SUPPORTED', platform: 'TURKCELL' });
    const chars = await stack.query(
      'mutation { updateProductCharacteristics(productId: "JASPER-8997112010000000003", input: { simProfile: "x" }) { mode } }',
    );
    expect(chars.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_SUPPORTED', platform: 'JASPER' });
  });

  it('passes on the platform refusing a listed transition as BACKEND_REJECTED with its message', async () => {
    // Etisalat lets the gateway purge (TERMINATED); the table allows TERMINATED → ACTIVE, but Cisco never
    // re-activates a purged SIM.
    const [p] = await productsWith('JASPER', 'ACTIVE', 1);
    const purged = await stack.query(UPDATE, { id: p!.id, status: 'TERMINATED' });
    expect((purged.data as any).updateSimCardStatus.product).toMatchObject({
      status: 'TERMINATED',
      platformStatus: 'PURGED',
    });
    const res = await stack.query(UPDATE, { id: p!.id, status: 'ACTIVE' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BACKEND_REJECTED', platform: 'JASPER' });
    expect(String(res.errors?.[0]?.extensions?.platformMessage)).not.toBe('');
  });

  it('does not change a SIM twice for a retried idempotency key, and refuses the key for another request', async () => {
    const [p, q] = await productsWith('TMUS', 'ACTIVE', 2);
    const first = await stack.query(UPDATE, { id: p!.id, status: 'SUSPENDED', key: 'retry-1' });
    expect((first.data as any).updateSimCardStatus.product.status).toBe('SUSPENDED');
    const puts = (await stack.sandbox.counts('TMUS'))['PUT /rws/api/v1/devices/:iccid'];
    const second = await stack.query(UPDATE, { id: p!.id, status: 'SUSPENDED', key: 'retry-1' });
    expect(second.errors).toBeUndefined();
    expect((second.data as any).updateSimCardStatus).toMatchObject({
      mode: 'SYNC',
      product: { id: p!.id, status: 'SUSPENDED' },
    });
    expect((await stack.sandbox.counts('TMUS'))['PUT /rws/api/v1/devices/:iccid']).toBe(puts);
    const other = await stack.query(UPDATE, { id: q!.id, status: 'SUSPENDED', key: 'retry-1' });
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('batches', () => {
  it('answers a mixed-platform batch with a monitor and per-product results', async () => {
    const tmus = await productsWith('TMUS', 'ACTIVE', 3);
    const jasper = await productsWith('JASPER', 'ACTIVE', 3);
    const blocked = (await productsWith('JASPER', 'INVENTORY', 1))[0]!; // INVENTORY → SUSPENDED is not allowed
    const ids = [...tmus, ...jasper, blocked].map((p) => p.id);
    const res = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED, customProperties: [{ name: "batch", value: "b1" }] }) { id state operation responses { productId state } } }',
      { ids },
    );
    expect(res.errors).toBeUndefined();
    const monitor = (res.data as any).batchUpdate;
    expect(monitor.operation).toBe('BATCH_UPDATE');
    expect(monitor.responses).toHaveLength(7);
    const done = await waitForMonitor(monitor.id);
    expect(done.state).toBe('PARTIALLY_FAILED');
    const byId = Object.fromEntries(
      done.responses.map((r: { productId: string; state: string }) => [r.productId, r.state]),
    );
    for (const p of [...tmus, ...jasper]) expect(byId[p.id], p.id).toBe('DONE');
    expect(byId[blocked.id]).toBe('FAILED');
    expect(done.errors).toEqual([expect.objectContaining({ productId: blocked.id, code: 'TRANSITION_NOT_ALLOWED' })]);
    const check = await stack.query('query($id: ID!) { product(id: $id) { status customProperties { name value } } }', {
      id: tmus[0]!.id,
    });
    expect(check.data).toEqual({
      product: { status: 'SUSPENDED', customProperties: [{ name: 'batch', value: 'b1' }] },
    });
  });

  it('refuses malformed batches before doing anything', async () => {
    for (const [input, why] of [
      ['{ productIds: [], status: ACTIVE }', 'empty'],
      ['{ productIds: ["JASPER-1"], status: ACTIVE }', 'malformed id'],
      ['{ productIds: ["JASPER-8997112010000000003"] }', 'no change'],
      ['{ productIds: ["JASPER-8997112010000000003", "JASPER-8997112010000000003"], status: ACTIVE }', 'duplicate'],
    ] as const) {
      const res = await stack.query(`mutation { batchUpdate(input: ${input}) { id } }`);
      expect(res.errors?.[0]?.extensions?.code, why).toBe('BAD_USER_INPUT');
    }
    const big = Array.from({ length: 1001 }, () => 'JASPER-8997112010000000003');
    const res = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: ACTIVE }) { id } }',
      { ids: big },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists monitors newest first, by state, with cursors', async () => {
    const res = await stack.query(
      '{ monitors(first: 1) { edges { node { id operation state } } pageInfo { hasNextPage endCursor } } }',
    );
    const conn = (res.data as any).monitors;
    expect(conn.edges[0].node.operation).toBe('BATCH_UPDATE');
    const failed = await stack.query('{ monitors(first: 5, states: [FAILED]) { edges { node { state } } } }');
    expect(
      (failed.data as any).monitors.edges.every((e: { node: { state: string } }) => e.node.state === 'FAILED'),
    ).toBe(true);
  });
});
