/**
 * Subscriptions live no longer than their credentials (issue 16, finding 4): a graphql-ws connection is closed with
 * 4401 "Access token expired" when its token (2 s lifetime here) expires, and the client can reconnect with a new
 * one; with 4401 when its signing key is withdrawn; and with 4403 "Application revoked" within seconds of a
 * revocation in the shared store — on both replicas of a PostgreSQL + Redis deployment, not only the one that saw it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/auth/tokens.js';
import { openDb } from '../../src/store/db.js';
import { TenantStore } from '../../src/store/tenants.js';
import type { ProductStatusEventPayload } from '../../src/subscriptions/events.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startGatewayProcess, type GatewayProcess } from '../helpers/process.js';
import { collect, wsClient } from '../helpers/ws.js';

const SUB = 'subscription { productStatusChanged { productId } }';
type Received = { productStatusChanged: { productId: string } };

/** A subscriber whose socket's close code and reason are recorded. */
function subscriber(url: string, tenant: string, token: string) {
  const closed: { code?: number; reason?: string; at?: number } = {};
  const client = wsClient(url, tenant, token, {
    closed: (code, reason) => Object.assign(closed, { code, reason, at: Date.now() }),
  });
  const events = collect<Received>(client, SUB);
  return {
    client,
    events,
    closed,
    whenClosed: async (timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while (closed.code === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return closed;
    },
  };
}

const statusEvent = (tenantId: string, productId: string): ProductStatusEventPayload => ({
  tenantId,
  productId,
  platform: 'TMUS',
  previous: 'ACTIVE',
  status: 'SUSPENDED',
  occurredAt: new Date().toISOString(),
  monitorId: null,
  source: 'GATEWAY',
});

describe('one gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw?.close());

  it('closes a subscription with 4401 when its token expires, and accepts a new token', async () => {
    const { clientId } = await gw.application(['alpha'], 'read');
    const app = (await gw.gateway.deps.tenants.getApplication(clientId))!;
    const shortLived = new TokenService(gw.gateway.deps.keys, gw.config.PUBLIC_URL, 2); // TOKEN_TTL_SECONDS=2
    const issued = Date.now();
    const sub = subscriber(gw.url, 'alpha', (await shortLived.issue(app)).accessToken);
    await new Promise((r) => setTimeout(r, 300));
    gw.gateway.deps.events.productStatusChanged(statusEvent('alpha', 'TMUS-before-expiry'));
    await sub.events.until((v) => v.length === 1);

    const closed = await sub.whenClosed(5_000);
    expect(closed).toMatchObject({ code: 4401, reason: 'Access token expired' });
    expect(closed.at! - issued).toBeLessThan(3_500); // exp is whole seconds: at most 3 s after issue, plus a little

    // The client reconnects with a new token and receives events again.
    const renewed = subscriber(gw.url, 'alpha', (await shortLived.issue(app)).accessToken);
    await new Promise((r) => setTimeout(r, 300));
    gw.gateway.deps.events.productStatusChanged(statusEvent('alpha', 'TMUS-after-renewal'));
    await renewed.events.until((v) => v.some((e) => e.productStatusChanged.productId === 'TMUS-after-renewal'));
    expect(sub.events.values.map((e) => e.productStatusChanged.productId)).toEqual(['TMUS-before-expiry']);
    await renewed.client.dispose();
  });

  it('keeps subscriptions across an ordinary key rotation, and closes them within seconds when the old key is withdrawn', async () => {
    const token = await gw.token(['alpha'], 'read');
    const sub = subscriber(gw.url, 'alpha', token);
    await new Promise((r) => setTimeout(r, 300));
    await gw.gateway.deps.keys.rotate();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(sub.closed.code).toBeUndefined();

    const afterRotation = await gw.token(['alpha'], 'read'); // signed by the second key
    const second = subscriber(gw.url, 'alpha', afterRotation);
    await new Promise((r) => setTimeout(r, 300));
    const withdrawnAt = Date.now();
    await gw.gateway.deps.keys.rotate({ withdrawOld: true });
    const [first, other] = await Promise.all([sub.whenClosed(5_000), second.whenClosed(5_000)]);
    expect(first).toMatchObject({ code: 4401, reason: 'Access token signing key withdrawn' });
    expect(other).toMatchObject({ code: 4401 });
    expect(first.at! - withdrawnAt).toBeLessThan(3_000);
    // HTTP refuses the withdrawn key's tokens too (within the 5 s key reload), and a new token works.
    let status = 200;
    for (let i = 0; i < 70 && status === 200; i++) {
      status = (await gw.graphql('alpha', token, '{ backends { platform } }')).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect((await gw.graphql('alpha', await gw.token(['alpha'], 'read'), '{ backends { platform } }')).status).toBe(
      200,
    );
  });
});

describe('two replicas on PostgreSQL and Redis', () => {
  let database: { url: string; drop(): Promise<void> };
  let a: GatewayProcess;
  let b: GatewayProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379/3' };
    a = await startGatewayProcess(env);
    b = await startGatewayProcess(env);
  }, 60_000);
  afterAll(async () => {
    await a?.kill('SIGTERM');
    await b?.kill('SIGTERM');
    await database?.drop();
  });

  it('closes the revoked application’s subscriptions on both replicas within seconds', async () => {
    const db = await openDb({ databaseUrl: database.url });
    try {
      const tenants = new TenantStore(db);
      if (!(await tenants.getTenant('alpha'))) await tenants.createTenant('alpha', 'Alpha');
      const tokenOf = async (name: string) => {
        const { application, secret } = await tenants.createApplication({
          name,
          grant: 'read',
          tenants: ['alpha'],
          clientId: `${name}-${randomUUID().slice(0, 8)}`,
        });
        const res = await fetch(`${a.url}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: application.clientId,
            client_secret: secret,
          }),
        });
        return { clientId: application.clientId, token: ((await res.json()) as { access_token: string }).access_token };
      };
      const { clientId, token } = await tokenOf('revoked');
      const onA = subscriber(a.url, 'alpha', token);
      const onB = subscriber(b.url, 'alpha', token);
      const bystander = subscriber(b.url, 'alpha', (await tokenOf('bystander')).token); // another application: unaffected
      await new Promise((r) => setTimeout(r, 500));
      expect([onA.closed.code, onB.closed.code]).toEqual([undefined, undefined]);

      const revokedAt = Date.now();
      expect(await tenants.revokeApplication(clientId)).toBe(true); // what `apps revoke` does
      const [closedA, closedB] = await Promise.all([onA.whenClosed(6_000), onB.whenClosed(6_000)]);
      expect(closedA).toMatchObject({ code: 4403, reason: 'Application revoked' });
      expect(closedB).toMatchObject({ code: 4403, reason: 'Application revoked' });
      expect(Math.max(closedA.at!, closedB.at!) - revokedAt).toBeLessThan(4_000);
      expect(bystander.closed.code).toBeUndefined();
      await bystander.client.dispose();
    } finally {
      await db.close();
    }
  });
});
