/**
 * A mixed-platform batch of 300 products, on PostgreSQL: split per platform account, sent the way each platform
 * takes it (one bulk request on TMSP and IOTA, bulk POSTs on 1NCE), with one platform down. The monitor answers one
 * response per product and ends PARTIALLY_FAILED; the failing platform's products carry its error. Every change is
 * in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aerisSimulator } from '../../sandbox/simulators/aeris/index.js';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { stcSimulator } from '../../sandbox/simulators/stc/index.js';
import { tmspSimulator } from '../../sandbox/simulators/tmsp/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  stack = await startStack(
    [
      { code: 'TMSP', factory: tmspSimulator },
      { code: 'IOTA', factory: aerisSimulator },
      { code: '1NCE', factory: oneNceSimulator },
      { code: 'STC', factory: stcSimulator },
    ],
    { fleetSize: 300, asyncDelayMs: 200, env: { DATABASE_URL: db.url } },
  );
});
afterAll(async () => {
  await stack?.close();
  await drop?.();
});

async function activeIds(platform: string, n: number): Promise<string[]> {
  const res = await stack.query(
    `{ products(first: 300, filter: { platforms: [${platform}], statuses: [ACTIVE] }) { edges { node { id } } } }`,
  );
  const ids = (res.data as any).products.edges.map((e: any) => e.node.id) as string[];
  expect(ids.length).toBeGreaterThanOrEqual(n);
  return ids.slice(0, n);
}

describe('a mixed batch of 300 products', () => {
  it('answers per product, splits per platform, and reports the platform that is down', async () => {
    const tmsp = await activeIds('TMSP', 100);
    const iota = await activeIds('IOTA', 100);
    const onence = await activeIds('ONE_NCE', 50);
    const stc = await activeIds('STC', 50);
    await stack.sandbox.admin('DELETE', '/admin/counters');
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { errorRate: 1, errorStatus: 503 });
    try {
      const created = await stack.query(
        'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }, idempotencyKey: "batch-300") { id state responses { productId } } }',
        { ids: [...tmsp, ...iota, ...onence, ...stc] },
      );
      expect(created.errors).toBeUndefined();
      const monitorId = (created.data as any).batchUpdate.id;
      expect((created.data as any).batchUpdate.responses).toHaveLength(300);
      let monitor: any;
      for (let i = 0; i < 300; i++) {
        monitor = (
          (
            await stack.query(
              'query($id: ID!) { monitor(id: $id) { state responses { productId platform state } errors { productId platform code } } }',
              { id: monitorId },
            )
          ).data as any
        ).monitor;
        if (monitor.state !== 'IN_PROGRESS') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(monitor.state).toBe('PARTIALLY_FAILED');
      expect(monitor.responses).toHaveLength(300);
      const stateOf = (ids: string[]) =>
        new Set(ids.map((id) => monitor.responses.find((r: any) => r.productId === id).state));
      expect(stateOf([...tmsp, ...iota, ...onence])).toEqual(new Set(['DONE']));
      expect(stateOf(stc)).toEqual(new Set(['FAILED']));
      expect(monitor.errors).toHaveLength(50);
      expect(monitor.errors.every((e: any) => e.platform === 'STC' && e.code === 'BACKEND_UNAVAILABLE')).toBe(true);

      const counts = await stack.sandbox.counts();
      expect(counts['TMSP POST /iot/connectivity/management/v1/partners/:partnerId/requests']).toBe(1); // one bulk request
      expect(counts['IOTA POST /iot/api/sica/subscriptions/requests/state-changes']).toBe(1);
      expect(counts['1NCE POST /management-api/v1/sims']).toBe(1); // 50 SIMs in one bulk POST

      const check = await stack.query(
        'query($a: ID!, $b: ID!, $c: ID!) { a: product(id: $a) { status } b: product(id: $b) { status } c: product(id: $c) { status } }',
        { a: tmsp[99], b: iota[0], c: onence[49] },
      );
      expect(check.data).toEqual({
        a: { status: 'SUSPENDED' },
        b: { status: 'SUSPENDED' },
        c: { status: 'SUSPENDED' },
      });

      const again = await stack.query(
        'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }, idempotencyKey: "batch-300") { id } }',
        { ids: [...tmsp, ...iota, ...onence, ...stc] },
      );
      expect((again.data as any).batchUpdate.id).toBe(monitorId); // the retry returns the first result
      const audit = await stack.gateway.gateway.deps.audit.recent('demo', 5);
      expect(
        audit.some((a) => a.action === 'BATCH_UPDATE' && (a.result as { monitorId?: string }).monitorId === monitorId),
      ).toBe(true);
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/STC');
    }
  }, 120_000);
});
