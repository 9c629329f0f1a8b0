/** The STC ConnectME simulator over HTTP: auth, offset paging, async orders, errors, rate limit, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stcSimulator } from '../../sandbox/simulators/stc/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.url()}/connectme/api/v1${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'STC', factory: stcSimulator }], { fleetSize: 33, asyncDelayMs: 60 });
  const { username, password } = sb.account(1).credentials as { username: string; password: string };
  const res = await fetch(`${sb.url()}/connectme/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  token = ((await res.json()) as { accessToken: string }).accessToken;
});
afterAll(async () => sb?.close());

describe('STC ConnectME simulator', () => {
  it('refuses missing tokens and bad credentials in its error shape', async () => {
    const res = await fetch(`${sb.url()}/connectme/api/v1/sims`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      errorCode: 'CM-AUTH-002',
      errorMessage: expect.any(String),
      timestamp: expect.any(String),
    });
  });

  it('pages with offset/limit through every SIM once', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 33; offset += 10) {
      const body = (await (await api(`/sims?offset=${offset}&limit=10`)).json()) as {
        total: number;
        items: Array<{ iccid: string }>;
      };
      expect(body.total).toBe(33);
      seen.push(...body.items.map((s) => s.iccid));
    }
    expect(new Set(seen).size).toBe(33);
    expect((await api('/sims?limit=500')).status).toBe(400);
    expect((await api('/sims/12345')).status).toBe(400);
  });

  it('runs status orders asynchronously and rejects moves ConnectME does not allow', async () => {
    const body = (await (await api('/sims?limit=33')).json()) as { items: Array<{ iccid: string; status: string }> };
    const active = body.items.find((s) => s.status === 'ACTIVE')!;
    const order = await api('/orders', {
      method: 'POST',
      body: JSON.stringify({ type: 'STATUS_CHANGE', iccid: active.iccid, targetStatus: 'SUSPENDED' }),
    });
    expect(order.status).toBe(202);
    const { orderId, status } = (await order.json()) as { orderId: string; status: string };
    expect(status).toBe('RECEIVED');
    await new Promise((r) => setTimeout(r, 150));
    expect(((await (await api(`/orders/${orderId}`)).json()) as { status: string }).status).toBe('COMPLETED');
    expect(((await (await api(`/sims/${active.iccid}`)).json()) as { status: string }).status).toBe('SUSPENDED');
    const refused = await api('/orders', {
      method: 'POST',
      body: JSON.stringify({ type: 'STATUS_CHANGE', iccid: active.iccid, targetStatus: 'DEACTIVATED' }),
    });
    expect(refused.status).toBe(409);
  });

  it('answers 429 over its limit, and faults on and off', async () => {
    const statuses = await Promise.all(Array.from({ length: 45 }, () => api('/sims?limit=1').then((r) => r.status)));
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/STC', { errorRate: 1, errorStatus: 502 });
    expect(await (await api('/sims?limit=1')).json()).toMatchObject({ errorCode: 'CM-502' });
    await sb.admin('DELETE', '/admin/faults/STC');
    expect((await api('/sims?limit=1')).status).toBe(200);
  });
});
