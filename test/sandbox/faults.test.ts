/** The sandbox's fault injection and counters, switched at run time through the admin API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turkcellSimulator } from '../../sandbox/simulators/turkcell/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let headers: Record<string, string>;
const call = (signal?: AbortSignal) => fetch(`${sb.url()}/tcell/m2m/v1/lines?pageSize=1`, { headers, signal });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'TURKCELL', factory: turkcellSimulator }], { fleetSize: 5 });
  const c = sb.account(1).credentials;
  headers = { 'x-customer-no': c.customerNo!, 'x-api-key': c.apiKey! };
});
afterAll(async () => sb?.close());

describe('fault injection', () => {
  it('adds latency', async () => {
    await sb.admin('PUT', '/admin/faults/TURKCELL', { latencyMs: 150 });
    const started = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await sb.admin('DELETE', '/admin/faults/TURKCELL');
  });

  it('holds requests without an answer (timeouts) and drops connections', async () => {
    await sb.admin('PUT', '/admin/faults/TURKCELL', { timeoutRate: 1 });
    await expect(call(AbortSignal.timeout(300))).rejects.toThrow(/abort|timeout/i);
    await sb.admin('PUT', '/admin/faults/TURKCELL', { timeoutRate: 0, dropRate: 1 });
    await expect(call()).rejects.toThrow(/fetch failed/);
    await sb.admin('DELETE', '/admin/faults/TURKCELL');
    expect((await call()).status).toBe(200);
  });

  it('forces 429 with Retry-After in the platform shape', async () => {
    await sb.admin('PUT', '/admin/faults/TURKCELL', { rateLimitRate: 1, retryAfterSeconds: 7 });
    const res = await call();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ resultCode: '1029' });
    await sb.admin('DELETE', '/admin/faults/TURKCELL');
  });

  it('refuses bad settings and unknown platforms', async () => {
    expect((await sb.admin('PUT', '/admin/faults/TURKCELL', { errorRate: 2 })).status).toBe(400);
    expect((await sb.admin('PUT', '/admin/faults/NOPE', { errorRate: 1 })).status).toBe(404);
    expect((await sb.admin('PUT', '/admin/settings/TURKCELL', { asyncDelayMs: -1 })).status).toBe(400);
  });

  it('counts requests per endpoint and resets the counters', async () => {
    await sb.admin('DELETE', '/admin/counters');
    await call();
    await call();
    expect(await sb.counts('TURKCELL')).toEqual({ 'GET /tcell/m2m/v1/lines': 2 });
    await sb.admin('DELETE', '/admin/counters');
    expect(await sb.counts('TURKCELL')).toEqual({});
  });
});
