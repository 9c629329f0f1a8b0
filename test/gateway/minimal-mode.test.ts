/**
 * Every platform through the gateway with its simulator in minimal mode (`PUT /admin/settings/{CODE}
 * { "minimal": true }`): the simulators leave out every field their platform documents as optional, and the
 * adapters' wire schemas must take that — a whole fleet pages through with its sub-resources and no error, and
 * nothing becomes BACKEND_REJECTED or an internal error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack(PLATFORM_SIMULATORS, { fleetSize: 30 });
  for (const { code } of PLATFORM_SIMULATORS) {
    const res = await stack.sandbox.admin('PUT', `/admin/settings/${code}`, { minimal: true });
    expect(res.status, code).toBeLessThan(300);
  }
});
afterAll(async () => stack?.close());

describe('all platforms, simulators in minimal mode', () => {
  it('pages through every product with SIM card, terminal, connectivity and usage, without an error', async () => {
    const seen = new Map<string, number>();
    let after: string | null = null;
    do {
      const res = await stack.query(
        `query($after: String) { products(first: 100, after: $after) {
        edges { node { id platform status platformStatus iccid startDate
          simCard { imsi imei activatedAt status } terminal { serialNumber latitude mobilityType lastUpdated }
          dataConnectivity { apns connectivityTypes communicationPlan } usage { buckets { usageType used { amount units } } } } }
        pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.errors, JSON.stringify(res.errors?.slice(0, 3))).toBeUndefined();
      const conn = (res.data as any).products;
      for (const e of conn.edges) {
        expect(e.node.platformStatus).toBeTruthy();
        // Proof the simulators really left things out: Aeris sent no IMEI and no APN group, STC no IMEI.
        if (e.node.platform === 'IOTA') expect([e.node.simCard.imei, e.node.dataConnectivity.apns]).toEqual([null, []]);
        if (e.node.platform === 'STC') expect(e.node.simCard.imei).toBeNull();
        seen.set(e.node.platform, (seen.get(e.node.platform) ?? 0) + 1);
      }
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(seen.size).toBe(PLATFORM_SIMULATORS.length);
    for (const [platform, count] of seen) expect(count, platform).toBe(30);
  });

  it('looks products up by id in minimal mode too', async () => {
    const list = await stack.query('{ products(first: 100) { edges { node { id platform } } } }');
    const nodes = (list.data as any).products.edges.map((e: any) => e.node) as Array<{ id: string; platform: string }>;
    const sample = [...new Map(nodes.map((n) => [n.platform, n.id])).values()]; // one product per platform
    expect(sample).toHaveLength(PLATFORM_SIMULATORS.length);
    const fields =
      'id status simCard { iccid imsi } terminal { serialNumber } dataConnectivity { apns } usage { buckets { usageType } }';
    const query = `{ ${sample.map((id, i) => `p${i}: product(id: ${JSON.stringify(id)}) { ${fields} }`).join(' ')} }`;
    const res = await stack.query(query);
    expect(res.errors, JSON.stringify(res.errors?.slice(0, 3))).toBeUndefined();
    expect(Object.values(res.data as Record<string, { id: string } | null>).map((p) => p?.id)).toEqual(sample);
  });
});
