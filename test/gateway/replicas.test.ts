/**
 * Two gateway processes sharing PostgreSQL and Redis, as replicas behind a load balancer: a subscriber connected to
 * process A receives the events caused by mutations sent to process B; another tenant's subscriber on A receives
 * nothing. The 1NCE-style shared rate limit and events both travel through Redis.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { openDb } from '../../src/store/db.js';
import { TenantStore } from '../../src/store/tenants.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startGatewayProcess, type GatewayProcess } from '../helpers/process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { collect, wsClient } from '../helpers/ws.js';

let sandbox: TestSandbox;
let database: { url: string; drop(): Promise<void> };
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  sandbox = await startTestSandbox([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 40 });
  database = await createTestDatabase();
  // A Redis database of its own (keys are prefixed per run anyway, channels are per tenant).
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379/3',
    SANDBOX_MANIFEST_URL: `${sandbox.sandbox.adminUrl}/admin/manifest`,
    TRACKER_INTERVAL_MS: '100',
  };
  a = await startGatewayProcess(env);
  b = await startGatewayProcess(env);
}, 60_000);
afterAll(async () => {
  await a?.kill('SIGTERM');
  await b?.kill('SIGTERM');
  await sandbox?.close();
  await database?.drop();
});

describe('replicas sharing PostgreSQL and Redis', () => {
  it('delivers to a subscriber on A the events of a mutation sent to B, and nothing to another tenant', async () => {
    const token = await a.token();
    const subscriber = wsClient(a.url, 'demo', token);
    const statuses = collect<{ productStatusChanged: { productId: string; status: string } }>(
      subscriber,
      'subscription { productStatusChanged { productId status } }',
    );
    const monitors = collect<{ monitorsUpdated: { id: string; state: string } }>(
      subscriber,
      'subscription { monitorsUpdated { id state } }',
    );

    // A second tenant's subscriber on A, with its own application (written straight into the shared store).
    const db = await openDb({ databaseUrl: database.url });
    const { application, secret } = await new TenantStore(db).createApplication({
      name: 'acme app',
      grant: 'read',
      tenants: ['acme'],
      clientId: `acme-${randomUUID().slice(0, 8)}`,
    });
    await db.close();
    const acmeToken = (
      (await (
        await fetch(`${a.url}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: application.clientId,
            client_secret: secret,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const foreign = wsClient(a.url, 'acme', acmeToken);
    const foreignStatuses = collect<unknown>(foreign, 'subscription { productStatusChanged { productId } }');
    const foreignMonitors = collect<unknown>(foreign, 'subscription { monitorsUpdated { id } }');
    await new Promise((r) => setTimeout(r, 300));

    const list = await b.query('{ products(first: 40, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
    const [first, second] = list.data.products.edges.map((e: { node: { id: string } }) => e.node.id);
    const change = await b.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id: first },
    );
    expect(change.data.updateSimCardStatus.mode).toBe('SYNC');
    const batch = await b.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id } }',
      { ids: [second] },
    );
    const monitorId = batch.data.batchUpdate.id;

    await statuses.until((v) =>
      v.some((e) => e.productStatusChanged.productId === first && e.productStatusChanged.status === 'SUSPENDED'),
    );
    await monitors.until((v) =>
      v.some((m) => m.monitorsUpdated.id === monitorId && m.monitorsUpdated.state === 'DONE'),
    );
    await statuses.until((v) => v.some((e) => e.productStatusChanged.productId === second));
    await new Promise((r) => setTimeout(r, 300));
    expect(foreignStatuses.values).toEqual([]);
    expect(foreignMonitors.values).toEqual([]);
    expect(foreignStatuses.errors).toEqual([]);
    await subscriber.dispose();
    await foreign.dispose();
  });
});
