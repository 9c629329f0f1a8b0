/** The Intelsat simulator over HTTP: auth, paging, async service orders, errors, rate limit, faults, determinism. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intelsatSimulator } from '../../sandbox/simulators/intelsat/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.url()}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'INTELSAT', factory: intelsatSimulator }], { fleetSize: 45, asyncDelayMs: 80 });
  const { clientId, clientSecret } = sb.account(1).credentials as { clientId: string; clientSecret: string };
  const res = await fetch(`${sb.url()}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => sb?.close());

describe('Intelsat simulator', () => {
  it('refuses requests without or with a bad token, in its error shape', async () => {
    expect((await fetch(`${sb.url()}/api/v2/terminals`)).status).toBe(401);
    const bad = await fetch(`${sb.url()}/api/v2/terminals`, { headers: { authorization: 'Bearer nope' } });
    expect(await bad.json()).toEqual({ error: { code: 'INVALID_TOKEN', message: expect.any(String) } });
    const wrong = await fetch(`${sb.url()}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
    });
    expect(wrong.status).toBe(401);
  });

  it('pages through the whole fleet once, with totals, deterministically', async () => {
    const serials: string[] = [];
    for (let page = 0; ; page++) {
      const body = (await (await api(`/api/v2/terminals?page=${page}&size=20`)).json()) as {
        content: Array<{ serialNumber: string }>;
        page: { totalElements: number; totalPages: number };
      };
      expect(body.page.totalElements).toBe(45);
      serials.push(...body.content.map((t) => t.serialNumber));
      if (page + 1 >= body.page.totalPages) break;
    }
    expect(serials).toHaveLength(45);
    expect(new Set(serials).size).toBe(45);
    const again = (await (await api(`/api/v2/terminals/${serials[3]}`)).json()) as { name: string; model: string };
    const other = await startTestSandbox([{ code: 'INTELSAT', factory: intelsatSimulator }], { fleetSize: 45 });
    try {
      const { clientId, clientSecret } = other.account(1).credentials as { clientId: string; clientSecret: string };
      const t = (
        (await (
          await fetch(`${other.url()}/oauth/token`, {
            method: 'POST',
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: clientId,
              client_secret: clientSecret,
            }),
          })
        ).json()) as { access_token: string }
      ).access_token;
      const same = (await (
        await fetch(`${other.url()}/api/v2/terminals/${serials[3]}`, { headers: { authorization: `Bearer ${t}` } })
      ).json()) as { name: string; model: string };
      expect(same).toMatchObject({ name: again.name, model: again.model });
    } finally {
      await other.close();
    }
  });

  it('suspends an active terminal asynchronously and refuses what the contract does not allow', async () => {
    const list = (await (await api('/api/v2/terminals?page=0&size=45')).json()) as {
      content: Array<{
        serialNumber: string;
        contract: { status: string; changeActionsAllowed: boolean };
        terminalStatus: string;
      }>;
    };
    const active = list.content.find(
      (t) => t.contract.status === 'active' && t.contract.changeActionsAllowed && t.terminalStatus === 'online',
    )!;
    const accepted = await api('/api/v2/service-orders', {
      method: 'POST',
      body: JSON.stringify({ serialNumber: active.serialNumber, action: 'SUSPEND' }),
    });
    expect(accepted.status).toBe(202);
    const order = (await accepted.json()) as { orderId: string; state: string };
    expect(order.state).toBe('PENDING');
    let state = order.state;
    for (let i = 0; i < 50 && state === 'PENDING'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = ((await (await api(`/api/v2/service-orders/${order.orderId}`)).json()) as { state: string }).state;
    }
    expect(state).toBe('COMPLETED');
    const after = (await (await api(`/api/v2/terminals/${active.serialNumber}`)).json()) as {
      contract: { status: string };
      terminalStatus: string;
    };
    expect(after).toMatchObject({ contract: { status: 'suspended' }, terminalStatus: 'suspended' });
    const refused = await api('/api/v2/service-orders', {
      method: 'POST',
      body: JSON.stringify({ serialNumber: active.serialNumber, action: 'SUSPEND' }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: { code: 'ACTION_NOT_ALLOWED', message: expect.stringContaining('suspended') },
    });
    const bad = await api('/api/v2/service-orders', {
      method: 'POST',
      body: JSON.stringify({ serialNumber: active.serialNumber, action: 'REBOOT' }),
    });
    expect(bad.status).toBe(400);
  });

  it('answers 429 over its rate limit, and faults switched on and off', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => api('/api/v2/terminals?size=1').then((r) => r.status)),
    );
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/INTELSAT', { errorRate: 1, errorStatus: 503 });
    const failing = await api('/api/v2/terminals?size=1');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });
    await sb.admin('DELETE', '/admin/faults/INTELSAT');
    expect((await api('/api/v2/terminals?size=1')).status).toBe(200);
  });
});
