/** The GALAXY1 simulator over HTTP: auth, cursor paging, batchGet, async service orders, errors, limits, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { galaxy1Simulator } from '../../sandbox/simulators/galaxy1/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.url()}/galaxy/v1${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'GALAXY1', factory: galaxy1Simulator }], { fleetSize: 26, asyncDelayMs: 60 });
  const { clientId, clientSecret } = sb.account(1).credentials as { clientId: string; clientSecret: string };
  token = (
    (await (
      await fetch(`${sb.url()}/galaxy/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, clientSecret }),
      })
    ).json()) as { token: string }
  ).token;
});
afterAll(async () => sb?.close());

type T = { serial: string; lifecycleState: string; sim: { iccid: string } };

describe('GALAXY1 simulator', () => {
  it('refuses requests without a token, in its fault shape', async () => {
    const res = await fetch(`${sb.url()}/galaxy/v1/terminals`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ fault: { code: 'unauthenticated', detail: expect.any(String) } });
  });

  it('pages with cursors through every terminal once; terminals carry a SIM', async () => {
    const seen: T[] = [];
    let cursor: string | null = null;
    do {
      const body = (await (await api(`/terminals?limit=10${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        items: T[];
        nextCursor: string | null;
      };
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((t) => t.serial)).size).toBe(26);
    expect(seen.every((t) => /^8988307\d{12}$/.test(t.sim.iccid))).toBe(true);
    const batch = (await (
      await api('/terminals:batchGet', {
        method: 'POST',
        body: JSON.stringify({ serials: [seen[1]!.serial, 'VS99999999'] }),
      })
    ).json()) as { items: T[]; missing: string[] };
    expect(batch.items.map((t) => t.serial)).toEqual([seen[1]!.serial]);
    expect(batch.missing).toEqual(['VS99999999']);
  });

  it('suspends an in-service terminal through an async service order and refuses the wrong precondition', async () => {
    const items = ((await (await api('/terminals?limit=26')).json()) as { items: T[] }).items;
    const inService = items.find((t) => t.lifecycleState === 'IN_SERVICE')!;
    const created = await api('/service-orders', {
      method: 'POST',
      body: JSON.stringify({ serial: inService.serial, action: 'SUSPEND' }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await new Promise((r) => setTimeout(r, 150));
    expect(((await (await api(`/service-orders/${id}`)).json()) as { state: string }).state).toBe('DONE');
    expect(((await (await api(`/terminals/${inService.serial}`)).json()) as T).lifecycleState).toBe('SUSPENDED');
    const refused = await api('/service-orders', {
      method: 'POST',
      body: JSON.stringify({ serial: inService.serial, action: 'SUSPEND' }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ fault: { code: 'failed_precondition' } });
  });

  it('throttles over 15 requests/s, and faults on and off', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => api('/terminals?limit=1').then((r) => r.status)),
    );
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/GALAXY1', { errorRate: 1 });
    expect(await (await api('/terminals?limit=1')).json()).toMatchObject({ fault: { code: 'unavailable' } });
    await sb.admin('DELETE', '/admin/faults/GALAXY1');
    expect((await api('/terminals?limit=1')).status).toBe(200);
  });
});
