/**
 * Subscriptions over graphql-ws: a monitor followed from IN_PROGRESS to its end (then completing), every monitor of
 * the tenant, product status changes, and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 40 });
});
afterAll(async () => stack?.close());

async function activeIds(n: number): Promise<string[]> {
  const res = await stack.query(`{ products(first: 40, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }`);
  return (res.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges
    .slice(0, n)
    .map((e) => e.node.id);
}

type MonitorMsg = { monitorUpdated: { id: string; state: string; responses: Array<{ state: string }> } };

describe('subscriptions', () => {
  it('monitorUpdated sends the current state at once, then changes, and completes after the final state', async () => {
    const ids = await activeIds(3);
    const created = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id state } }',
      { ids },
    );
    const monitorId = (created.data as { batchUpdate: { id: string } }).batchUpdate.id;
    const client = wsClient(stack.gateway.url, 'demo', stack.token);
    const sub = collect<MonitorMsg>(
      client,
      'subscription($id: ID!) { monitorUpdated(id: $id) { id state responses { state } } }',
      { id: monitorId },
    );
    const values = await sub.until((v) => v.some((m) => m.monitorUpdated.state !== 'IN_PROGRESS'));
    expect(values[0]!.monitorUpdated.id).toBe(monitorId);
    expect(values.at(-1)!.monitorUpdated.state).toBe('DONE');
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.completed).toBe(true);
    await client.dispose();
  });

  it('monitorsUpdated and productStatusChanged deliver the tenant own events only', async () => {
    const demo = wsClient(stack.gateway.url, 'demo', stack.token);
    const acmeToken = await stack.gateway.token(['acme']);
    const acme = wsClient(stack.gateway.url, 'acme', acmeToken);
    const mine = collect<{ monitorsUpdated: { id: string; state: string } }>(
      demo,
      'subscription { monitorsUpdated(states: [DONE]) { id state } }',
    );
    const statuses = collect<{
      productStatusChanged: { productId: string; previous: string; status: string; monitorId: string | null };
    }>(
      demo,
      'subscription { productStatusChanged(filter: { platforms: [TMUS] }) { productId previous status monitorId } }',
    );
    const theirs = collect<unknown>(acme, 'subscription { monitorsUpdated { id } }');
    const theirStatuses = collect<unknown>(acme, 'subscription { productStatusChanged { productId } }');
    await new Promise((r) => setTimeout(r, 200)); // let the subscriptions start
    const [id] = await activeIds(1);
    const change = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id },
    );
    expect(change.errors).toBeUndefined();
    const created = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "k", value: "v" }] }) { id } }',
      { ids: [id] },
    );
    const monitorId = (created.data as { batchUpdate: { id: string } }).batchUpdate.id;

    await mine.until((v) => v.some((m) => m.monitorsUpdated.id === monitorId && m.monitorsUpdated.state === 'DONE'));
    await statuses.until((v) => v.some((e) => e.productStatusChanged.productId === id));
    expect(statuses.values.find((e) => e.productStatusChanged.productId === id)!.productStatusChanged).toMatchObject({
      previous: 'ACTIVE',
      status: 'SUSPENDED',
      monitorId: null,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.values).toEqual([]);
    expect(theirStatuses.values).toEqual([]);
    await demo.dispose();
    await acme.dispose();
  });

  it("refuses another tenant's monitor id exactly like an unknown one", async () => {
    const ids = await activeIds(1);
    const created = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "x", value: "y" }] }) { id } }',
      { ids },
    );
    const monitorId = (created.data as { batchUpdate: { id: string } }).batchUpdate.id;
    const acme = wsClient(stack.gateway.url, 'acme', await stack.gateway.token(['acme']));
    const foreign = collect<unknown>(acme, 'subscription($id: ID!) { monitorUpdated(id: $id) { id } }', {
      id: monitorId,
    });
    const unknown = collect<unknown>(acme, 'subscription($id: ID!) { monitorUpdated(id: $id) { id } }', {
      id: 'monitor-00000000-0000-4000-8000-000000000000',
    });
    await new Promise((r) => setTimeout(r, 500));
    const codes = (c: { errors: unknown[] }) =>
      c.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    expect(foreign.values).toEqual([]);
    expect(codes(foreign)).toEqual(['NOT_FOUND']);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    const query = await stack.query(
      'query($id: ID!) { monitor(id: $id) { id } }',
      { id: monitorId },
      'acme',
      await stack.gateway.token(['acme']),
    );
    expect(query.data).toEqual({ monitor: null });
    await acme.dispose();
  });
});
