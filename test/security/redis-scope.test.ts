/**
 * Deployment-scoped Redis (issue 16, finding 5): two deployments on one Redis server — different PostgreSQL
 * databases, Redis databases 7 and 8, the same tenant name — do not receive each other's events, while a replica of
 * the first deployment (same store, same Redis database) does. Keys (token-failure counters here) carry the
 * deployment prefix too. Also: many subscribers on one process's event bus raise no MaxListenersExceededWarning.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisPrefix } from '../../src/security/redis-scope.js';
import { createEventBus, TOPICS, type ProductStatusEventPayload } from '../../src/subscriptions/events.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { collect, wsClient } from '../helpers/ws.js';

const SUB = 'subscription { productStatusChanged { productId status } }';
type Received = { productStatusChanged: { productId: string; status: string } };

let dbA: Awaited<ReturnType<typeof createTestDatabase>>;
let dbB: Awaited<ReturnType<typeof createTestDatabase>>;
let a: TestGateway;
let replicaOfA: TestGateway;
let b: TestGateway;
beforeAll(async () => {
  [dbA, dbB] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  a = await startTestGateway({ DATABASE_URL: dbA.url, REDIS_URL: 'redis://127.0.0.1:6379/7' });
  replicaOfA = await startTestGateway({ DATABASE_URL: dbA.url, REDIS_URL: 'redis://127.0.0.1:6379/7' });
  b = await startTestGateway({ DATABASE_URL: dbB.url, REDIS_URL: 'redis://127.0.0.1:6379/8' });
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.close(), replicaOfA?.close(), b?.close()]);
  await Promise.all([dbA?.drop(), dbB?.drop()]);
});

const event = (productId: string): ProductStatusEventPayload => ({
  tenantId: 'alpha',
  productId,
  platform: 'TMUS',
  previous: 'ACTIVE',
  status: 'SUSPENDED',
  occurredAt: new Date().toISOString(),
  monitorId: null,
  source: 'GATEWAY',
});

describe('two deployments on one Redis server', () => {
  it('derive different prefixes from their stores, and replicas the same one', () => {
    expect(redisPrefix(a.config)).toBe(redisPrefix(replicaOfA.config));
    expect(redisPrefix(a.config)).not.toBe(redisPrefix(b.config));
    const base = { DATA_DIR: './data', DATABASE_URL: 'postgres://u:one@db:5432/gw', REDIS_URL: 'redis://r:6379/7' };
    expect(redisPrefix({ ...base, DATABASE_URL: 'postgres://u:two@db:5432/gw' })).toBe(redisPrefix(base)); // credentials do not matter
    expect(redisPrefix({ ...base, REDIS_URL: 'redis://r:6379/8' })).not.toBe(redisPrefix(base));
    expect(redisPrefix({ ...base, REDIS_PREFIX: 'prod-eu' })).toBe('prod-eu:');
    expect(redisPrefix({ DATA_DIR: 'memory://' })).not.toBe(redisPrefix({ DATA_DIR: 'memory://' }));
  });

  it('receive only their own events for a tenant of the same name', async () => {
    const [tokenReplica, tokenB] = await Promise.all([replicaOfA.token(['alpha']), b.token(['alpha'])]);
    const onReplica = wsClient(replicaOfA.url, 'alpha', tokenReplica);
    const onB = wsClient(b.url, 'alpha', tokenB);
    const replicaEvents = collect<Received>(onReplica, SUB);
    const bEvents = collect<Received>(onB, SUB);
    await new Promise((r) => setTimeout(r, 400));

    const fromA = `TMUS-${randomUUID()}`;
    a.gateway.deps.events.productStatusChanged(event(fromA));
    await replicaEvents.until((v) => v.some((e) => e.productStatusChanged.productId === fromA));
    const fromB = `TMUS-${randomUUID()}`;
    b.gateway.deps.events.productStatusChanged(event(fromB));
    await bEvents.until((v) => v.some((e) => e.productStatusChanged.productId === fromB));
    await new Promise((r) => setTimeout(r, 300));
    expect(bEvents.values.map((e) => e.productStatusChanged.productId)).toEqual([fromB]);
    expect(replicaEvents.values.map((e) => e.productStatusChanged.productId)).toEqual([fromA]);
    await onReplica.dispose();
    await onB.dispose();
  });

  it('keep their keys under their prefix', async () => {
    const clientId = `scope-${randomUUID()}`;
    await fetch(`${a.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' }),
    });
    const redis = new Redis('redis://127.0.0.1:6379/7');
    try {
      const scan = async (match: string) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
          cursor = next;
          found.push(...keys.filter((k) => k.includes(clientId)));
        } while (cursor !== '0');
        return found;
      };
      expect(await scan(`${redisPrefix(a.config)}gw-oauth-failures:*`)).toHaveLength(1);
      expect(await scan('gw-oauth-failures:*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('many subscribers on one process', () => {
  it('raise no MaxListenersExceededWarning', async () => {
    const bus = createEventBus(); // in-process, as without REDIS_URL
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const subscribers = Array.from({ length: 25 }, () =>
        bus.pubSub.subscribe(TOPICS.productStatus)[Symbol.asyncIterator](),
      );
      const firsts = subscribers.map((s) => s.next());
      await new Promise((r) => setTimeout(r, 50));
      bus.productStatusChanged(event('TMUS-many'));
      const received = await Promise.all(firsts);
      expect(received.map((r) => r.value?.productId)).toEqual(Array(25).fill('TMUS-many'));
      await Promise.all(subscribers.map((s) => s.return?.()));
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
      await bus.close();
    }
    expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
  });
});
