/**
 * The behaviour every platform must show through the gateway, against its simulator over HTTP: paging the whole
 * fleet exactly once, a product with its sub-resources and translated status, a status change with the platform's
 * sync or async behaviour (or NOT_SUPPORTED where the capability matrix says so), a refused transition, a platform
 * fault surfacing as BACKEND_UNAVAILABLE with the platform named, and the backend calls a page costs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformSpec } from '../../sandbox/core/harness.js';
import { startStack, type TestStack } from './stack.js';

export interface PlatformSuite {
  spec: PlatformSpec;
  /** GraphQL enum name. */
  name: string;
  fleetSize?: number;
  /** The mode a SIM status change answers with, or undefined when the platform offers none. */
  statusChange?: { mode: 'SYNC' | 'ASYNC'; from: string; to: string; notAllowed: string };
  /** Most backend calls a page of `pageSize` products with simCard, dataConnectivity and usage may cost. */
  maxCallsForPage?: (pageSize: number) => number;
  /** Sub-resources that must be present on listed products. */
  expect: { simCard: boolean; dataConnectivity: boolean; terminal: boolean };
}

export function platformSuite(s: PlatformSuite): void {
  describe(`${s.name} through the gateway`, () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startStack([s.spec], { fleetSize: s.fleetSize ?? 120, asyncDelayMs: 100 });
    });
    afterAll(async () => stack?.close());

    const ids = async (status?: string) => {
      const res = await stack.query(
        `{ products(first: 200${status ? `, filter: { statuses: [${status}] }` : ''}) { edges { node { id status platformStatus } } } }`,
      );
      return (
        res.data as { products: { edges: Array<{ node: { id: string; status: string; platformStatus: string } }> } }
      ).products.edges.map((e) => e.node);
    };

    it('pages through every product exactly once', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res = await stack.query(
          'query($after: String) { products(first: 35, after: $after) { edges { node { id platform } } pageInfo { hasNextPage endCursor } } }',
          { after },
        );
        expect(res.errors).toBeUndefined();
        const conn = (res.data as any).products;
        seen.push(
          ...conn.edges.map((e: { node: { id: string; platform: string } }) => {
            expect(e.node.platform).toBe(s.name);
            return e.node.id;
          }),
        );
        after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toHaveLength(s.fleetSize ?? 120);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('answers a page with sub-resources within the call budget, statuses translated', async () => {
      await stack.sandbox.admin('DELETE', '/admin/counters');
      const res = await stack.query(`{ products(first: 40) { edges { node { id status platformStatus
        simCard { id iccid imsi status } terminal { id serialNumber } dataConnectivity { id apns connectivityTypes }
        usage { buckets { level usageType used { amount units } period { start } } } } } } }`);
      expect(res.errors).toBeUndefined();
      const nodes = (res.data as any).products.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(40);
      for (const n of nodes) {
        expect(n.platformStatus).toBeTruthy();
        expect(n.usage.buckets.length).toBeGreaterThan(0);
        expect(!!n.simCard).toBe(s.expect.simCard);
        expect(!!n.terminal).toBe(s.expect.terminal);
        expect(!!n.dataConnectivity).toBe(s.expect.dataConnectivity);
      }
      expect(nodes.some((n: any) => n.status === 'ACTIVE')).toBe(true);
      const calls = Object.values(await stack.sandbox.counts()).reduce((a, b) => a + b, 0);
      if (s.maxCallsForPage) expect(calls).toBeLessThanOrEqual(s.maxCallsForPage(40));
    });

    if (s.statusChange) {
      const change = s.statusChange;
      it(`changes a SIM status ${change.from} → ${change.to} the platform's way (${change.mode})`, async () => {
        const [p] = await ids(change.from);
        const res = await stack.query(
          'mutation($id: ID!, $s: ProductStatus!) { updateSimCardStatus(productId: $id, status: $s) { mode product { status } monitor { id state } } }',
          { id: p!.id, s: change.to },
        );
        expect(res.errors).toBeUndefined();
        const payload = (res.data as any).updateSimCardStatus;
        expect(payload.mode).toBe(change.mode);
        if (change.mode === 'ASYNC') {
          let state = payload.monitor.state;
          for (let i = 0; i < 100 && state === 'IN_PROGRESS'; i++) {
            await new Promise((r) => setTimeout(r, 50));
            state = (
              (await stack.query('query($id: ID!) { monitor(id: $id) { state } }', { id: payload.monitor.id }))
                .data as any
            ).monitor.state;
          }
          expect(state).toBe('DONE');
        } else {
          expect(payload.product.status).toBe(change.to);
        }
        const after = await stack.query('query($id: ID!) { product(id: $id) { status } }', { id: p!.id });
        expect((after.data as any).product.status).toBe(change.to);
      });

      it('refuses a transition the table does not list', async () => {
        const [p] = await ids(change.from);
        const res = await stack.query(
          'mutation($id: ID!, $s: ProductStatus!) { updateSimCardStatus(productId: $id, status: $s) { mode } }',
          { id: p!.id, s: change.notAllowed },
        );
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', platform: s.name });
      });
    } else {
      it('refuses SIM status changes with NOT_SUPPORTED and no backend call', async () => {
        const [p] = await ids();
        await stack.sandbox.admin('DELETE', '/admin/counters');
        const res = await stack.query(
          'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
          { id: p!.id },
        );
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_SUPPORTED', platform: s.name });
        expect(await stack.sandbox.counts()).toEqual({});
      });
    }

    it('reports the platform failing as BACKEND_UNAVAILABLE naming it, HTTP 200', async () => {
      await stack.sandbox.admin('PUT', `/admin/faults/${s.spec.code}`, { errorRate: 1, errorStatus: 503 });
      try {
        const res = await stack.gateway.graphql(
          'demo',
          stack.token,
          '{ products(first: 5) { edges { node { id } } } }',
        );
        expect(res.status).toBe(200);
        expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', platform: s.name });
      } finally {
        await stack.sandbox.admin('DELETE', `/admin/faults/${s.spec.code}`);
      }
    });
  });
}
