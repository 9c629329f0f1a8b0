/**
 * Attacks on tenant isolation and grants, over every entry point: another tenant's product and monitor ids on every
 * query, mutation and subscription; a read-only token on every mutation; oversized bodies and variables. Each gets
 * the right error, nothing leaks, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';

let stack: TestStack;
let acme: string;
let demoProduct: string;
let demoMonitor: string;
beforeAll(async () => {
  stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 20 });
  acme = await stack.gateway.token(['acme']);
  const list = await stack.query('{ products(first: 20, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
  demoProduct = (list.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges[0]!.node.id;
  await stack.query(
    'mutation($id: ID!) { addCustomProperties(productId: $id, properties: [{ name: "secret", value: "demo-only" }]) { productId } }',
    { id: demoProduct },
  );
  const batch = await stack.query(
    'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "b", value: "1" }] }) { id } }',
    { ids: [demoProduct] },
  );
  demoMonitor = (batch.data as { batchUpdate: { id: string } }).batchUpdate.id;
});
afterAll(async () => stack?.close());

describe("another tenant's ids", () => {
  const asAcme = (query: string, variables: Record<string, unknown> = {}) =>
    stack.query(query, variables, 'acme', acme);

  it('are not found by any query, and leak nothing', async () => {
    const sim = `${demoProduct}-simCard`;
    const res = await asAcme(
      `query($p: ID!, $s: ID!, $d: ID!, $u: ID!, $m: ID!, $i: String!) {
      product(id: $p) { id } node(id: $p) { id } simCard(id: $s) { id } dataConnectivity(id: $d) { id } usage(id: $u) { id }
      monitor(id: $m) { id } nodeMonitor: node(id: $m) { id }
      productsByBusinessId(iccids: [$i]) { products { id } notFound }
      products(first: 5, filter: { customProperty: { name: "secret", value: "demo-only" } }) { edges { node { id } } }
      monitors(first: 50) { edges { node { id } } }
    }`,
      {
        p: demoProduct,
        s: sim,
        d: `${demoProduct}-dataConnectivity`,
        u: `${demoProduct}-usageVolume-data`,
        m: demoMonitor,
        i: demoProduct.split('-')[1],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      product: null,
      node: null,
      simCard: null,
      dataConnectivity: null,
      usage: null,
      monitor: null,
      nodeMonitor: null,
      productsByBusinessId: { products: [], notFound: [demoProduct.split('-')[1]] },
      products: { edges: [] },
      monitors: { edges: [] },
    });
  });

  it('cannot be changed by any mutation', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }', { id: demoProduct }],
      [
        'mutation($id: ID!) { addCustomProperties(productId: $id, properties: [{ name: "x", value: "y" }]) { productId } }',
        { id: demoProduct },
      ],
      [
        'mutation($id: ID!) { updateCustomProperty(productId: $id, name: "secret", value: "stolen") { productId } }',
        { id: demoProduct },
      ],
      [
        'mutation($id: ID!) { deleteCustomProperties(productId: $id, names: ["secret"]) { productId } }',
        { id: demoProduct },
      ],
      ['mutation($id: ID!) { cancelMonitor(id: $id) { id } }', { id: demoMonitor }],
    ];
    for (const [query, variables] of attempts) {
      const res = await asAcme(query, variables);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
    }
    const batch = await asAcme(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id state responses { state } } }',
      { ids: [demoProduct] },
    );
    const monitorId = (batch.data as { batchUpdate: { id: string } }).batchUpdate.id;
    for (let i = 0; i < 50; i++) {
      const m = await asAcme('query($id: ID!) { monitor(id: $id) { state errors { code } } }', { id: monitorId });
      const monitor = (m.data as { monitor: { state: string; errors: Array<{ code: string }> } }).monitor;
      if (monitor.state !== 'IN_PROGRESS') {
        expect(monitor).toEqual({ state: 'FAILED', errors: [{ code: 'NOT_FOUND' }] });
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const mine = await stack.query('query($id: ID!) { product(id: $id) { status customProperties { name value } } }', {
      id: demoProduct,
    });
    expect(mine.data).toMatchObject({
      product: { status: 'ACTIVE', customProperties: expect.arrayContaining([{ name: 'secret', value: 'demo-only' }]) },
    });
  });

  it('cannot be followed by a subscription', async () => {
    const client = wsClient(stack.gateway.url, 'acme', acme);
    const sub = collect<unknown>(client, 'subscription($id: ID!) { monitorUpdated(id: $id) { id } }', {
      id: demoMonitor,
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.values).toEqual([]);
    expect(
      (sub.errors[0] as { extensions?: { code?: string } })?.extensions?.code ??
        (sub.errors[0] as Array<{ extensions?: { code?: string } }>)?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    await client.dispose();
  });
});

describe('a read-only token', () => {
  it('is refused on every mutation, before anything runs', async () => {
    const reader = await stack.gateway.token(['demo'], 'read');
    const mutations = [
      `updateSimCardStatus(productId: "${demoProduct}", status: SUSPENDED) { mode }`,
      `updateTerminalStatus(productId: "INTELSAT-27597", status: SUSPENDED) { mode }`,
      `updateProductCharacteristics(productId: "${demoProduct}", input: { simProfile: "p" }) { mode }`,
      `addCustomProperties(productId: "${demoProduct}", properties: [{ name: "r", value: "o" }]) { productId }`,
      `updateCustomProperty(productId: "${demoProduct}", name: "secret", value: "x") { productId }`,
      `deleteCustomProperties(productId: "${demoProduct}", names: ["secret"]) { productId }`,
      `batchUpdate(input: { productIds: ["${demoProduct}"], status: SUSPENDED }) { id }`,
      `cancelMonitor(id: "${demoMonitor}") { id }`,
    ];
    for (const m of mutations) {
      const res = await stack.gateway.graphql('demo', reader, `mutation { ${m} }`);
      expect(res.body.errors?.[0]?.extensions?.code, m).toBe('FORBIDDEN');
    }
    const props = await stack.query(
      'query($id: ID!) { product(id: $id) { customProperties(names: ["secret", "r"]) { name value } } }',
      { id: demoProduct },
    );
    expect(props.data).toEqual({ product: { customProperties: [{ name: 'secret', value: 'demo-only' }] } });
  });
});

describe('oversized input', () => {
  it('refuses an oversized body with 413, and keeps serving', async () => {
    const big = JSON.stringify({ query: '{ backends { platform } }', variables: { pad: 'x'.repeat(1_100_000) } });
    const res = await fetch(`${stack.gateway.url}/demo/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/too large/);
    const ok = await stack.query('{ backends { platform } }');
    expect(ok.errors).toBeUndefined();
  });

  it('refuses huge lists in variables with a clear error', async () => {
    const ids = Array.from({ length: 5000 }, () => demoProduct);
    const res = await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id } }',
      { ids },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const lookup = await stack.query('query($i: [String!]) { productsByBusinessId(iccids: $i) { notFound } }', {
      i: Array.from({ length: 1001 }, () => '8901260010000000005'),
    });
    expect(lookup.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
