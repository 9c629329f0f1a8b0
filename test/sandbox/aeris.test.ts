/** The Aeris IoT Accelerator simulator over HTTP, as the published OpenAPI describes it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aerisSimulator } from '../../sandbox/simulators/aeris/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
const api = (path: string, init: RequestInit = {}) => fetch(`${sb.url()}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
type Sub = { iccid: string; state: string; monthlyData: number; apns: Array<{ apn: string }> };

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'IOTA', factory: aerisSimulator }], { fleetSize: 50, asyncDelayMs: 60 });
  const c = sb.account(1).credentials;
  const res = await fetch(`${sb.url()}/iot/api/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId!, username: c.username!, password: c.password! }) });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => sb?.close());

describe('Aeris simulator', () => {
  it('refuses bad credentials and missing tokens with RFC 7807 problems', async () => {
    const res = await fetch(`${sb.url()}/iot/api/subscriptions/details`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ title: 'Unauthorized', status: 401, detail: expect.any(String) });
  });

  it('pages with cursors (next link) through every subscription once, and answers the multi-id details call', async () => {
    const seen: Sub[] = [];
    let path: string | null = '/iot/api/subscriptions/details?limit=20';
    while (path) {
      const body = (await (await api(path)).json()) as { subscriptions: Sub[]; next?: string };
      seen.push(...body.subscriptions);
      path = body.next ? `/iot/api/subscriptions${body.next}` : null;
    }
    expect(new Set(seen.map((s) => s.iccid)).size).toBe(50);
    const picked = [seen[3]!.iccid, seen[7]!.iccid, '8943030199999999999'];
    const body = (await (await api('/iot/api/subscriptions/details', { method: 'POST', body: JSON.stringify({ identifierType: 'ICC', identifierValues: picked }) })).json()) as { subscriptions: Sub[] };
    expect(body.subscriptions.map((s) => s.iccid)).toEqual(picked.slice(0, 2));
    expect(body.subscriptions[0]!.apns.length).toBeGreaterThan(0);
  });

  it('tracks bulk state changes with per-resource results, rejecting what its rules forbid', async () => {
    const all = ((await (await api('/iot/api/subscriptions/details?limit=50')).json()) as { subscriptions: Sub[] }).subscriptions;
    const active = all.find((s) => s.state === 'ACTIVE')!;
    const terminated = all.find((s) => s.state === 'TERMINATED')!;
    const created = await api('/iot/api/sica/subscriptions/requests/state-changes', { method: 'POST', body: JSON.stringify({ subscriptions: { identifier_type: 'ICC', identifiers: [active.iccid, terminated.iccid] }, change: { state: 'DEACTIVATED' } }) });
    expect(created.status).toBe(201);
    const { subscription_request_id: id } = (await created.json()) as { subscription_request_id: string };
    await new Promise((r) => setTimeout(r, 150));
    const doc = (await (await api(`/dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/${id}`)).json()) as { subscriptionRequestState: string; subscriptionRequestResourceCounters: Record<string, number> };
    expect(doc.subscriptionRequestState).toBe('COMPLETED_WITH_FAILURES');
    expect(doc.subscriptionRequestResourceCounters).toMatchObject({ completed: 1, rejected: 1 });
  });

  it('answers 429 with X-RateLimit headers over 10/s, and faults on and off', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => api('/iot/api/subscriptions/details?limit=1')));
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(limited.headers.get('x-ratelimit-remaining-second')).toBe('0');
    expect(limited.headers.get('retry-after')).toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/IOTA', { errorRate: 1 });
    expect(await (await api('/iot/api/subscriptions/details?limit=1')).json()).toMatchObject({ status: 503 });
    await sb.admin('DELETE', '/admin/faults/IOTA');
    expect((await api('/iot/api/subscriptions/details?limit=1')).status).toBe(200);
  });
});
