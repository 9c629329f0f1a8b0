/**
 * A deadline per request: with one platform answering in 3 s per call, a LIVE `products` page over all ten platforms
 * answers by REQUEST_DEADLINE_MS (+100 ms) every time, with the nine others' products and one BACKEND_UNAVAILABLE
 * (`reason: "deadline"`) naming the slow platform — over HTTP and over WebSocket alike. Mutations are not cut by it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';

const DEADLINE_MS = 1_000;
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack(PLATFORM_SIMULATORS, {
    fleetSize: 10,
    env: { REQUEST_DEADLINE_MS: String(DEADLINE_MS), PLATFORM_RATE_LIMITS: 'off' },
  });
}, 120_000);
afterAll(async () => {
  await stack?.sandbox.admin('DELETE', '/admin/faults/TURKCELL').catch(() => undefined);
  await stack?.close();
});

const PAGE = '{ products(first: 50, consistency: LIVE) { edges { node { id platform } } } }';

describe('REQUEST_DEADLINE_MS', () => {
  it('answers a LIVE page by the deadline with the nine fast platforms and names the slow one', async () => {
    const healthy = await stack.query(PAGE);
    expect(healthy.errors ?? []).toEqual([]);
    const platforms = new Set(
      (healthy.data!.products as { edges: Array<{ node: { platform: string } }> }).edges.map((e) => e.node.platform),
    );
    expect(platforms.size).toBe(10);

    await stack.sandbox.admin('PUT', '/admin/faults/TURKCELL', { latencyMs: 3_000 });
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const res = await stack.query(PAGE);
      times.push(performance.now() - started);
      const cut = (res.errors ?? []).filter((e) => e.extensions?.code === 'BACKEND_UNAVAILABLE');
      expect(cut.map((e) => [e.extensions?.platform, e.extensions?.reason])).toEqual([['TURKCELL', 'deadline']]);
      const got = new Set(
        (res.data!.products as { edges: Array<{ node: { platform: string } }> }).edges.map((e) => e.node.platform),
      );
      expect(got.has('TURKCELL')).toBe(false);
      expect(got.size).toBe(9);
    }
    expect(Math.max(...times)).toBeLessThanOrEqual(DEADLINE_MS + 100);

    // The same query over graphql-ws: the same deadline, the same answer. The deadline counts from the operation's
    // arrival, so the clock starts once the connection is up (a subscription holds it open meanwhile).
    const client = wsClient(stack.gateway.url, 'demo', stack.token);
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const holder = collect(client, 'subscription { monitorsUpdated { id } }');
    await connected;
    const started = performance.now();
    const overWs = collect<{ products: { edges: Array<{ node: { platform: string } }> } }>(client, PAGE);
    // (`until` fails on the first error; this answer has one by design)
    while (!overWs.completed && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 10));
    expect(performance.now() - started).toBeLessThanOrEqual(DEADLINE_MS + 100);
    expect(
      (overWs.errors as Array<{ extensions?: Record<string, unknown> }>).map((e) => [
        e.extensions?.platform,
        e.extensions?.reason,
      ]),
    ).toEqual([['TURKCELL', 'deadline']]);
    expect(new Set(overWs.values[0]!.products.edges.map((e) => e.node.platform)).size).toBe(9);
    holder.dispose();
    await client.dispose();
    await stack.sandbox.admin('DELETE', '/admin/faults/TURKCELL');
  }, 120_000);
});
