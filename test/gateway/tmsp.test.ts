/** TMSP through the gateway: async changes with monitors, cancellation, characteristics, usage levels, batching, the token from the account's OIDC token URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmspSimulator } from '../../sandbox/simulators/tmsp/index.js';
import { platformSuite } from '../helpers/platform-suite.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';
import { startTestGateway } from '../helpers/gateway.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { startRecordingProxy, type Exchange } from '../specs/proxy.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';

platformSuite({
  spec: { code: 'TMSP', factory: tmspSimulator },
  name: 'TMSP',
  statusChange: { mode: 'ASYNC', from: 'ACTIVE', to: 'SUSPENDED', notAllowed: 'TERMINATED' },
  // One list call; SIM cards come with it; connectivity and usage: one selection call each.
  maxCallsForPage: () => 3,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});

describe('TMSP specifics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack([{ code: 'TMSP', factory: tmspSimulator }], { fleetSize: 150, asyncDelayMs: 400 });
  });
  afterAll(async () => stack?.close());
  const active = async (n: number) => {
    const res = await stack.query('{ products(first: 150, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
    return (res.data as any).products.edges.slice(0, n).map((e: any) => e.node.id) as string[];
  };
  const waitFinal = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const m = (
        await stack.query('query($id: ID!) { monitor(id: $id) { state cancellable responses { state message } } }', {
          id,
        })
      ).data as any;
      if (m.monitor.state !== 'IN_PROGRESS') return m.monitor;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('monitor did not finish');
  };

  it('pushes a status change from IN_PROGRESS to DONE to a graphql-ws subscriber, then completes', async () => {
    const [id] = await active(1);
    const change = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode monitor { id state cancellable } } }',
      { id },
    );
    const monitor = (change.data as any).updateSimCardStatus.monitor;
    expect(monitor).toMatchObject({ state: 'IN_PROGRESS', cancellable: true });
    const client = wsClient(stack.gateway.url, 'demo', stack.token);
    const sub = collect<{ monitorUpdated: { state: string } }>(
      client,
      'subscription($id: ID!) { monitorUpdated(id: $id) { state } }',
      { id: monitor.id },
    );
    await sub.until((v) => v.some((m) => m.monitorUpdated.state === 'DONE'));
    expect(sub.values[0]!.monitorUpdated.state).toBe('IN_PROGRESS');
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.completed).toBe(true);
    await client.dispose();
  });

  it('cancels an operation TMSP has not processed yet, and not one it has', async () => {
    const [id] = await active(1);
    const change = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { monitor { id } } }',
      { id },
    );
    const monitorId = (change.data as any).updateSimCardStatus.monitor.id;
    const cancel = await stack.query(
      'mutation($id: ID!) { cancelMonitor(id: $id) { state cancellable responses { state } } }',
      { id: monitorId },
    );
    expect(cancel.errors).toBeUndefined();
    expect((cancel.data as any).cancelMonitor).toEqual({
      state: 'CANCELLED',
      cancellable: false,
      responses: [{ state: 'CANCELLED' }],
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(
      ((await stack.query('query($id: ID!) { product(id: $id) { status } }', { id })).data as any).product.status,
    ).toBe('ACTIVE');
    const again = await stack.query('mutation($id: ID!) { cancelMonitor(id: $id) { id } }', { id: monitorId });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('updates characteristics asynchronously', async () => {
    const [id] = await active(1);
    const res = await stack.query(
      'mutation($id: ID!) { updateProductCharacteristics(productId: $id, input: { simProfile: "SP-LTEM", productOffering: "PO-1002" }) { mode monitor { id } } }',
      { id },
    );
    expect((res.data as any).updateProductCharacteristics.mode).toBe('ASYNC');
    expect((await waitFinal((res.data as any).updateProductCharacteristics.monitor.id)).state).toBe('DONE');
    const p = await stack.query(
      'query($id: ID!) { product(id: $id) { productOffering { id } characteristics { name value } } }',
      { id },
    );
    expect((p.data as any).product.productOffering.id).toBe('PO-1002');
    expect((p.data as any).product.characteristics).toContainEqual({ name: 'simProfile', value: 'SP-LTEM' });
  });

  it('reports usage at global, cellular and satellite level where both networks were used', async () => {
    const res = await stack.query(
      '{ products(first: 150) { edges { node { id usage { buckets { level usageType used { amount } } } } } } }',
    );
    const usages = (res.data as any).products.edges.map((e: any) =>
      e.node.usage.buckets.filter((b: any) => b.usageType === 'DATA'),
    );
    const both = usages.find((b: any[]) => b.length === 3);
    expect(both.map((b: any) => b.level)).toEqual(['GLOBAL', 'CELLULAR', 'SATELLITE']);
    expect(both[0].used.amount).toBe(both[1].used.amount + both[2].used.amount);
    expect(usages.some((b: any[]) => b.length === 1 && b[0].level === 'GLOBAL')).toBe(true);
  });

  it('costs one list call plus one selection call per sub-resource for a page of 100', async () => {
    await stack.sandbox.admin('DELETE', '/admin/counters');
    const res = await stack.query(
      '{ products(first: 100) { edges { node { id simCard { imsi } dataConnectivity { apns } usage { buckets { level } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const counts = await stack.sandbox.counts('TMSP');
    expect(counts['GET /iot/connectivity/management/v1/partners/:partnerId/sims']).toBe(1);
    expect(counts['POST /iot/connectivity/management/v1/partners/:partnerId/sims/selection']).toBe(2);
  });
});

describe('TMSP token from the OIDC service the account names', () => {
  it('posts for its token to the tokenUrl credential (here a recording proxy before the OIDC endpoint), nowhere else', async () => {
    const sandbox = await startTestSandbox([{ code: 'TMSP', factory: tmspSimulator }], { fleetSize: 20 });
    const gateway = await startTestGateway();
    const seen: Exchange[] = [];
    const manifest = await fetchManifest(`${sandbox.sandbox.adminUrl}/admin/manifest`);
    const account = manifest.platforms[0]!.accounts[0]!;
    const tokenUrl = new URL(account.credentials.tokenUrl!);
    const proxy = await startRecordingProxy('TMSP-OIDC', tokenUrl.origin, seen);
    try {
      account.credentials.tokenUrl = `${proxy.url}${tokenUrl.pathname}`;
      await ensureDemoTenants(gateway.gateway.deps, manifest);
      const res = await gateway.graphql(
        'demo',
        await gateway.token(['demo']),
        '{ products(first: 5, consistency: LIVE) { edges { node { id } } } }',
      );
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as any).products.edges).toHaveLength(5);
      expect(seen.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /oidc/realms/m2m/protocol/openid-connect/token']);
      expect(seen[0]!.status).toBe(200);
    } finally {
      await gateway.close();
      await proxy.close();
      await sandbox.close();
    }
  });
});
