/**
 * A monitor part left in phase `sending` by a process that died (issue 16, item 8): the carrier write is never
 * repeated, but the products are read back from the platform once it answers. A product the carrier changed is
 * DONE, one it did not change is FAILED "not applied" (safe to retry) — and while the platform does not answer the
 * monitor waits instead of guessing. The monitor record stands as the dead process left it (written to the store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { parseProductId } from '../../src/domain/ids.js';
import type { TrackedPart } from '../../src/monitors/model.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let accountId: string;
let active: string[];
beforeAll(async () => {
  stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], {
    fleetSize: 30,
    env: { TRACKER_INTERVAL_MS: '100' },
  });
  accountId = (await stack.gateway.gateway.deps.tenants.listAccounts('demo')).find((a) => a.platform === 'TMUS')!.id;
  const list = await stack.query('{ products(first: 30, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
  active = (list.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges.map((e) => e.node.id);
});
afterAll(async () => stack?.close());

/** Writes the monitor a process left behind when it died while sending `ids` (SUSPENDED) in one part each. */
async function leftBehind(ids: string[]): Promise<string> {
  const deps = stack.gateway.gateway.deps;
  const tracking: TrackedPart[] = ids.map((id) => ({
    accountId,
    platform: 'TMUS',
    keys: [parseProductId(id).key],
    phase: 'sending',
    kind: 'SIM_STATUS',
    target: 'SUSPENDED',
    previous: { [parseProductId(id).key]: 'ACTIVE' },
  }));
  const monitor = await deps.monitors.create({
    tenantId: 'demo',
    applicationId: null,
    sourceId: null,
    operation: 'BATCH_UPDATE',
    request: { productIds: ids, status: 'SUSPENDED' },
    responses: ids.map((id) => ({
      productId: id,
      platform: 'TMUS',
      state: 'IN_PROGRESS',
      statusCode: null,
      message: null,
      body: null,
    })),
    tracking,
    cancellable: false,
  });
  deps.tracker.wake();
  return monitor.id;
}

type MonitorView = { state: string; responses: Array<{ productId: string; state: string; message: string | null }> };
async function monitor(id: string): Promise<MonitorView> {
  return (
    (await stack.query('query($id: ID!) { monitor(id: $id) { state responses { productId state message } } }', { id }))
      .data as { monitor: MonitorView }
  ).monitor;
}
async function settled(id: string, timeoutMs = 30_000): Promise<MonitorView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = await monitor(id);
    if (m.state !== 'IN_PROGRESS' || Date.now() > until) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a part whose sending process died', () => {
  it('is DONE where the carrier applied it and FAILED "not applied" where it did not, with no second write', async () => {
    const [applied, notApplied] = active;
    // The dead process's write reached the carrier for one product only.
    const change = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id: applied },
    );
    expect(change.errors).toBeUndefined();
    await stack.sandbox.admin('DELETE', '/admin/counters');

    const m = await settled(await leftBehind([applied!, notApplied!]));
    expect(m.state).toBe('PARTIALLY_FAILED');
    const byId = Object.fromEntries(m.responses.map((r) => [r.productId, r]));
    expect(byId[applied!]).toMatchObject({ state: 'DONE', message: expect.stringMatching(/applied/) });
    expect(byId[notApplied!]).toMatchObject({
      state: 'FAILED',
      message: expect.stringMatching(/not applied \(the product is ACTIVE\), so it is safe to retry/),
    });
    const writes = Object.entries(await stack.sandbox.counts('TMUS')).filter(([route]) => route.startsWith('PUT'));
    expect(writes).toEqual([]); // read back, never written again
  });

  it('waits while the platform does not answer, and settles once it does', async () => {
    const target = active[2]!;
    expect(
      (
        await stack.query('mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }', {
          id: target,
        })
      ).errors,
    ).toBeUndefined();
    await stack.sandbox.admin('PUT', '/admin/faults/TMUS', { errorRate: 1, errorStatus: 503 });
    let id: string;
    try {
      id = await leftBehind([target]);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await monitor(id)).state).toBe('IN_PROGRESS');
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults');
    }
    const m = await settled(id!, 60_000);
    expect(m).toMatchObject({ state: 'DONE', responses: [{ productId: target, state: 'DONE' }] });
  }, 90_000);
});
