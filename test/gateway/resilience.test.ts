/**
 * What the gateway does with a platform's 429s and dropped connections: a 429 asking for a short wait is retried
 * after it and the client never sees it; one asking for longer than the gateway waits surfaces as RATE_LIMITED;
 * dropped connections become BACKEND_UNAVAILABLE. Writes are never retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stcSimulator } from '../../sandbox/simulators/stc/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack([{ code: 'STC', factory: stcSimulator }], { fleetSize: 20 });
  await stack.query('{ products(first: 1) { edges { node { id } } } }'); // token fetched
});
afterAll(async () => stack?.close());

const LIST = '{ products(first: 5) { edges { node { id } } } }';

describe('platform 429s and failures', () => {
  it('retries a 429 after the Retry-After it asked for, invisibly to the client', async () => {
    await stack.sandbox.admin('DELETE', '/admin/counters');
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { rateLimitRate: 1, retryAfterSeconds: 1 });
    // The platform recovers before the second attempt is due.
    const recover = new Promise((r) => setTimeout(r, 300)).then(() =>
      stack.sandbox.admin('DELETE', '/admin/faults/STC'),
    );
    const started = Date.now();
    const res = await stack.query(LIST);
    await recover;
    expect(res.errors).toBeUndefined();
    expect((res.data as any).products.edges).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it waited for the Retry-After
    expect((await stack.sandbox.counts('STC'))['GET /connectme/api/v1/sims']).toBe(2); // the 429 and the retry
  });

  it('surfaces RATE_LIMITED when the platform asks for a longer wait than the gateway gives', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { rateLimitRate: 1, retryAfterSeconds: 4 });
    try {
      const res = await stack.query(LIST);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', platform: 'STC', retryAfter: 4 });
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/STC');
      await new Promise((r) => setTimeout(r, 4_100)); // the account is paused for the Retry-After it was given
    }
  });

  it('reports dropped connections as BACKEND_UNAVAILABLE after retrying the read', async () => {
    await stack.sandbox.admin('DELETE', '/admin/counters');
    await stack.sandbox.admin('PUT', '/admin/faults/STC', { dropRate: 1 });
    try {
      const read = await stack.query(LIST);
      expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', platform: 'STC' });
      const reads = (await stack.sandbox.counts('STC'))['GET /connectme/api/v1/sims'] ?? 0;
      expect(reads).toBe(3); // a read is tried three times
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/STC');
    }
  });
});

describe('the platform HTTP client', () => {
  it('retries reads but sends a write exactly once, even when the connection drops', async () => {
    const http = await import('node:http');
    const { PlatformHttpClient } = await import('../../src/datasources/kit/client.js');
    const { Metrics } = await import('../../src/observability/metrics.js');
    const { createLogger } = await import('../../src/logging.js');
    const seen: string[] = [];
    const server = http.createServer((req) => {
      seen.push(req.method!);
      req.socket.destroy(); // the platform drops every connection
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = new PlatformHttpClient({
      platform: 'STC',
      accountId: 'a',
      baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      logger: createLogger('silent'),
      metrics: new Metrics(),
      describeError: () => ({ message: 'x' }),
      timeoutMs: 1_000,
    });
    try {
      await expect(client.request({ operation: 'read', path: 'x' })).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        platform: 'STC',
      });
      expect(seen).toEqual(['GET', 'GET', 'GET']);
      seen.length = 0;
      await expect(client.request({ operation: 'write', method: 'POST', path: 'x', json: {} })).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        platform: 'STC',
      });
      expect(seen).toEqual(['POST']);
    } finally {
      server.close();
    }
  });
});
