/** The TMSP simulator over HTTP: OAuth, HAL paging, selection, async requests with cancellation, errors, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmspSimulator } from '../../sandbox/simulators/tmsp/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
let base: string;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
type Sim = { iccid: string; status: string; _embedded?: { usage?: unknown; connectivity?: unknown } };

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'TMSP', factory: tmspSimulator }], { fleetSize: 45, asyncDelayMs: 150 });
  const c = sb.account(1).credentials;
  const res = await fetch(c.tokenUrl!, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
  base = `${sb.url()}/iot/connectivity/management/v1/partners/${c.partnerId}`;
});
afterAll(async () => sb?.close());

describe('TMSP simulator', () => {
  it('publishes the token URL of every account, a separate OIDC endpoint, in the manifest; the API itself serves no token', async () => {
    const manifest = (await (await sb.admin('GET', '/admin/manifest')).json()) as {
      platforms: Array<{ baseUrl: string; accounts: Array<{ credentials: Record<string, string> }> }>;
    };
    const tmsp = manifest.platforms[0]!;
    for (const a of tmsp.accounts)
      expect(a.credentials.tokenUrl).toBe(`${tmsp.baseUrl}/oidc/realms/m2m/protocol/openid-connect/token`);
    expect(token).toMatch(/\S{16,}/);
    const c = sb.account(1).credentials;
    const basic = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    expect(
      (
        await fetch(`${sb.url()}/oauth2/token`, {
          method: 'POST',
          headers: { authorization: basic },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await fetch(c.tokenUrl!, {
          method: 'POST',
          headers: { authorization: 'Basic eDp5' },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        })
      ).status,
    ).toBe(401);
  });

  it('refuses missing tokens and foreign partners', async () => {
    expect((await fetch(`${base}/sims`)).status).toBe(401);
    const other = await fetch(`${base.replace(/\d+$/, '3100002')}/sims`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ status: 403, error: 'Forbidden', message: expect.any(String) });
  });

  it('pages HAL+JSON through every SIM once and selects many SIMs with embedded sub-resources', async () => {
    const seen: Sim[] = [];
    let page = 0;
    for (;;) {
      const res = await api(`/sims?page=${page}&size=20`);
      expect(res.headers.get('content-type')).toContain('application/hal+json');
      const body = (await res.json()) as {
        _embedded: { sims: Sim[] };
        _links: { next?: unknown };
        page: { totalElements: number };
      };
      expect(body.page.totalElements).toBe(45);
      seen.push(...body._embedded.sims);
      if (!body._links.next) break;
      page++;
    }
    expect(new Set(seen.map((s) => s.iccid)).size).toBe(45);
    const sel = (await (
      await api('/sims/selection?embed=connectivity,usage', {
        method: 'POST',
        body: JSON.stringify({ identifierType: 'ICCID', identifiers: [seen[0]!.iccid, '8949020199999999999'] }),
      })
    ).json()) as { _embedded: { sims: Sim[] }; notFound: string[] };
    expect(sel._embedded.sims[0]!._embedded).toMatchObject({
      usage: expect.any(Object),
      connectivity: expect.any(Object),
    });
    expect(sel.notFound).toEqual(['8949020199999999999']);
  });

  it('runs status requests asynchronously, per ICCID, and cancels them only while pending', async () => {
    const sims = ((await (await api('/sims?size=45')).json()) as { _embedded: { sims: Sim[] } })._embedded.sims;
    const productive = sims.filter((s) => s.status === 'Productive');
    const onStock = sims.find((s) => s.status === 'On Stock' || s.status === 'Delivered')!;
    const created = await api('/requests', {
      method: 'POST',
      body: JSON.stringify({
        type: 'STATUS_CHANGE',
        iccids: [productive[0]!.iccid, onStock.iccid],
        targetStatus: 'Suspended',
      }),
    });
    expect(created.status).toBe(202);
    const req = (await created.json()) as { requestId: string; state: string };
    expect(req.state).toBe('PENDING');
    await new Promise((r) => setTimeout(r, 300));
    const done = (await (await api(`/requests/${req.requestId}`)).json()) as {
      state: string;
      results: Array<{ iccid: string; state: string; reason: string | null }>;
    };
    expect(done.state).toBe('PARTIALLY_DONE');
    expect(done.results.find((r) => r.iccid === onStock.iccid)).toMatchObject({
      state: 'FAILED',
      reason: expect.stringContaining('not permitted'),
    });
    expect((await api(`/requests/${req.requestId}`, { method: 'DELETE' })).status).toBe(409);

    const second = (await (
      await api('/requests', {
        method: 'POST',
        body: JSON.stringify({ type: 'STATUS_CHANGE', iccids: [productive[1]!.iccid], targetStatus: 'Suspended' }),
      })
    ).json()) as { requestId: string };
    const cancelled = await api(`/requests/${second.requestId}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { state: string }).state).toBe('CANCELLED');
    await new Promise((r) => setTimeout(r, 300));
    expect(((await (await api(`/sims/${productive[1]!.iccid}`)).json()) as Sim).status).toBe('Productive');
  });

  it('answers 429 with Retry-After, bad input in its error body, and faults on and off', async () => {
    expect(await (await api('/sims/123')).json()).toMatchObject({ status: 400, code: 'TMSP-ICCID' });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => api('/sims?size=1').then((r) => r.status)));
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/TMSP', { errorRate: 1 });
    expect(await (await api('/sims?size=1')).json()).toMatchObject({ status: 503, error: 'Service Unavailable' });
    await sb.admin('DELETE', '/admin/faults/TMSP');
    expect((await api('/sims?size=1')).status).toBe(200);
  });
});
