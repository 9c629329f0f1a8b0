/** Reading TMUS and JASPER (Cisco IoT Control Center) products through the gateway, against the sandbox over HTTP. */
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
    { fleetSize: 60 },
  );
});
afterAll(async () => stack?.close());

const PAGE = `query Page($first: Int, $after: String) {
  products(first: $first, after: $after) {
    edges { cursor node { id platform status platformStatus iccid } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('Cisco products through the gateway', () => {
  it('pages through both platforms, visiting every product exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await stack.query(PAGE, { first: 25, after });
      expect(res.errors).toBeUndefined();
      const conn = (
        res.data as {
          products: {
            edges: Array<{ node: { id: string; platform: string } }>;
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }
      ).products;
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen.filter((id) => id.startsWith('TMUS-'))).toHaveLength(60);
    expect(seen.filter((id) => id.startsWith('JASPER-'))).toHaveLength(60);
  });

  it('mixes platforms within a page', async () => {
    const res = await stack.query(PAGE, { first: 10 });
    const ids = (res.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges.map(
      (e) => e.node.id,
    );
    expect(ids.filter((id) => id.startsWith('TMUS-')).length).toBe(5);
    expect(ids.filter((id) => id.startsWith('JASPER-')).length).toBe(5);
  });

  it('fetches a product with its SIM card, connectivity and usage, translating statuses', async () => {
    const first = await stack.query(
      '{ products(first: 1, filter: { platforms: [JASPER] }) { edges { node { id iccid } } } }',
    );
    const id = (first.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges[0]!.node.id;
    const res = await stack.query(
      `query($id: ID!) { product(id: $id) {
      id platform connectivityType status platformStatus imsi msisdn relatedParty { id name role }
      simCard { id iccid imsi status platformStatus }
      dataConnectivity { id networkProvider communicationPlan apns connectivityTypes }
      usage { id buckets { level usageType used { amount units } period { start } } }
    } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const p = (res.data as { product: Record<string, any> }).product;
    expect(p.platform).toBe('JASPER');
    expect(p.connectivityType).toBe('CELLULAR');
    expect(p.imsi).toMatch(/^42402\d{10}$/);
    expect(p.simCard.id).toBe(`${id}-simCard`);
    expect(p.dataConnectivity.networkProvider).toBe('Etisalat');
    expect(p.dataConnectivity.apns.length).toBeGreaterThan(0);
    expect(p.usage.buckets.map((b: { usageType: string }) => b.usageType).sort()).toEqual(['DATA', 'SMS', 'VOICE']);
    const map: Record<string, string> = {
      ACTIVATED: 'ACTIVE',
      TEST_READY: 'ACTIVE',
      DEACTIVATED: 'SUSPENDED',
      INVENTORY: 'INVENTORY',
      ACTIVATION_READY: 'PENDING_ACTIVE',
      RETIRED: 'PENDING_TERMINATE',
      PURGED: 'TERMINATED',
      REPLACED: 'UNKNOWN',
    };
    expect(p.status).toBe(map[p.platformStatus]);
  });

  it('refuses malformed ids with BAD_USER_INPUT and calls no backend', async () => {
    await stack.sandbox.admin('DELETE', '/admin/counters');
    for (const [id, part] of [
      ['FOO-8997112010000000003', 'platform'],
      ['JASPER-8997112010000000004', 'key'],
      ['JASPER-123', 'key'],
      ['JASPER-8997112010000000003-sim', 'suffix'],
    ] as const) {
      const res = await stack.query('query($id: ID!) { product(id: $id) { id } }', { id });
      expect(res.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.part, id).toBe(part);
    }
    expect(await stack.sandbox.counts()).toEqual({});
  });

  it('returns null for an unknown but well-formed ICCID', async () => {
    const iccid = '899711201999999999' + luhnDigit('899711201999999999');
    const res = await stack.query('query($id: ID!) { product(id: $id) { id } }', { id: `JASPER-${iccid}` });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ product: null });
  });
});

describe('one platform failing', () => {
  it('leaves the other platform answering, with an error naming the failed one, HTTP 200', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/TMUS', { errorRate: 1, errorStatus: 503 });
    try {
      const res = await stack.gateway.graphql('demo', stack.token, PAGE, { first: 20 });
      expect(res.status).toBe(200);
      const edges = (res.body.data as { products: { edges: Array<{ node: { platform: string } }> } }).products.edges;
      expect(edges).toHaveLength(20);
      expect(edges.every((e) => e.node.platform === 'JASPER')).toBe(true);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]!.path).toEqual(['products']);
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', platform: 'TMUS' });
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/TMUS');
    }
  });

  it('turns a failing field into null with an error at its path, keeping the rest', async () => {
    const ids = async (platform: string) =>
      (
        (await stack.query(`{ products(first: 1, filter: { platforms: [${platform}] }) { edges { node { id } } } }`))
          .data as { products: { edges: Array<{ node: { id: string } }> } }
      ).products.edges[0]!.node.id;
    const tmus = await ids('TMUS');
    const jasper = await ids('JASPER');
    await stack.sandbox.admin('PUT', '/admin/faults/JASPER', { errorRate: 1 });
    try {
      const res = await stack.gateway.graphql(
        'demo',
        stack.token,
        'query($a: ID!, $b: ID!) { a: product(id: $a) { id usage { id } } b: product(id: $b) { id } }',
        { a: tmus, b: jasper },
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ a: { id: tmus, usage: { id: `${tmus}-usageVolume-data` } }, b: null });
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({
        path: ['b'],
        extensions: { code: 'BACKEND_UNAVAILABLE', platform: 'JASPER' },
      });
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/JASPER');
    }
  });
});

describe('circuit breaker and metrics', () => {
  it('stops calling a platform that keeps failing (BACKEND_UNAVAILABLE, circuit open) and counts calls in /metrics', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/JASPER', { errorRate: 1 });
    try {
      // Fail until the breaker opens (it needs half of the calls in its 10 s window to fail).
      for (let i = 0; i < 40; i++) {
        const r = await stack.query(
          '{ products(first: 2, filter: { platforms: [JASPER] }) { edges { node { id } } } }',
        );
        if (/circuit open/.test(r.errors?.[0]?.message ?? '')) break;
      }
      await stack.sandbox.admin('DELETE', '/admin/counters');
      const res = await stack.query(
        '{ products(first: 2, filter: { platforms: [JASPER] }) { edges { node { id } } } }',
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', platform: 'JASPER' });
      expect(res.errors?.[0]?.message).toMatch(/circuit open/);
      expect(await stack.sandbox.counts('JASPER')).toEqual({}); // failed fast: no call reached the platform
      const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/gateway_backend_breaker_open\{platform="JASPER",account="[^"]+"\} 1/);
      expect(metrics).toMatch(/gateway_backend_calls_total\{platform="TMUS",operation="searchDevices",code="OK"\} \d+/);
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/JASPER');
    }
  }, 60_000);
});
