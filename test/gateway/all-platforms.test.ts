/**
 * All ten platforms behind one tenant: a page of 100 products mixes them, its backend calls stay within the budget
 * (one list call per platform page, one batched call per sub-resource where a platform has a multi-id call, at most
 * one call per product per sub-resource elsewhere), and with one platform down the other nine still answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { PLATFORM_CODES, PLATFORMS } from '../../src/datasources/registry.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack(PLATFORM_SIMULATORS, { fleetSize: 40 });
});
afterAll(async () => stack?.close());

const PAGE = `{ products(first: 100) { totalCount edges { node { id platform
  simCard { imsi } dataConnectivity { apns } usage { buckets { level } } } } } }`;

describe('all ten platforms', () => {
  it('answers a 100-product page mixing every platform within the backend call budget', async () => {
    await stack.query(PAGE); // tokens fetched
    await stack.sandbox.admin('DELETE', '/admin/counters');
    const res = await stack.query(PAGE);
    expect(res.errors).toBeUndefined();
    const nodes = (res.data as any).products.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(100);
    const perPlatform = new Map<string, number>();
    for (const n of nodes) perPlatform.set(n.platform, (perPlatform.get(n.platform) ?? 0) + 1);
    expect([...perPlatform.keys()].sort()).toEqual(PLATFORM_CODES.map((code) => PLATFORMS[code].name).sort());
    expect((res.data as any).products.totalCount).toBeNull(); // Cisco, Aeris and GALAXY1 do not report totals

    const calls = await stack.sandbox.counts();
    const of = (code: string) =>
      Object.entries(calls)
        .filter(([k]) => k.startsWith(`${code} `))
        .reduce((s, [, n]) => s + n, 0);
    // Multi-id platforms: the list plus one batched call per sub-resource at most.
    expect(of('TMSP')).toBeLessThanOrEqual(3);
    expect(of('IOTA')).toBe(1);
    // The others: never more than one call per product per sub-resource, plus their list call.
    for (const code of ['TMUS', 'JASPER', 'AIRLINQ', '1NCE', 'STC', 'TURKCELL', 'INTELSAT', 'GALAXY1']) {
      const name = code === '1NCE' ? 'ONE_NCE' : code;
      expect(of(code), code).toBeLessThanOrEqual(1 + 3 * (perPlatform.get(name) ?? 0));
    }
    const naive = 10 + 3 * 100;
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBeLessThan(naive);
  });

  it('keeps nine platforms answering while one is down, naming the one that failed', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { errorRate: 1, errorStatus: 503 });
    try {
      const res = await stack.gateway.graphql(
        'demo',
        stack.token,
        '{ products(first: 100) { edges { node { id platform } } } }',
      );
      expect(res.status).toBe(200);
      const platforms = new Set((res.body.data as any).products.edges.map((e: any) => e.node.platform));
      expect(platforms.size).toBe(9);
      expect(platforms.has('STC')).toBe(false);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({
        path: ['products'],
        extensions: { code: 'BACKEND_UNAVAILABLE', platform: 'STC' },
      });
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/STC');
    }
  });

  it('lists every platform with its capabilities and the tenant accounts', async () => {
    const res = await stack.query('{ backends { platform updateMode features accounts { id } } }');
    const backends = (res.data as any).backends as Array<{
      platform: string;
      updateMode: string;
      features: string[];
      accounts: unknown[];
    }>;
    expect(backends).toHaveLength(10);
    expect(backends.every((b) => b.accounts.length === 1)).toBe(true);
    expect(backends.find((b) => b.platform === 'TMSP')!.features).toContain('CANCEL_MONITOR');
    expect(backends.find((b) => b.platform === 'TURKCELL')!.features).not.toContain('SIM_STATUS_CHANGE');
  });
});
