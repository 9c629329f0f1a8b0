/**
 * The Aeris IoT Accelerator simulator over HTTP, as the published OpenAPI documents describe it: token, search with
 * cursors and field groups, look-ups by ICC/IMSI/MSISDN, tracked state changes, the subscription change history,
 * rate-limit headers and RFC 7807 problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aerisSimulator } from '../../sandbox/simulators/aeris/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
/** A call with the test's token; waits and retries on 429 (the limits are 10/s per endpoint) unless `raw`. */
async function api(path: string, init: RequestInit = {}, raw = false): Promise<Response> {
  const url = path.startsWith('http') ? path : `${sb.url()}${path}`;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    if (raw || res.status !== 429 || attempt > 20) return res;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 150));
  }
}
type Sub = {
  iccid: string;
  imsi: string;
  msisdn: string;
  state: string;
  subscriptionPackageName: string;
  firstActivatedAt?: string;
  monthlyData: number;
  apns: Array<{ apn: string }>;
};
type Change = {
  occured_at: string;
  imsi: string;
  change: string;
  initiated_by: string;
  subscription_request_id?: string;
  new_values: Record<string, string>;
};
const all = async () =>
  (
    (await (
      await api('/iot/api/subscriptions/details?limit=50&additionalFields=PACKAGE&additionalFields=DATES')
    ).json()) as { subscriptions: Sub[] }
  ).subscriptions;

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'IOTA', factory: aerisSimulator }], { fleetSize: 50, asyncDelayMs: 60 });
  const c = sb.account(1).credentials;
  const res = await fetch(`${sb.url()}/iot/api/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: c.clientId!,
      username: c.username!,
      password: c.password!,
    }),
  });
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
    const body = (await (
      await api('/iot/api/subscriptions/details?additionalFields=INDIVIDUAL_APN', {
        method: 'POST',
        body: JSON.stringify({ identifierType: 'ICC', identifierValues: picked }),
      })
    ).json()) as { subscriptions: Sub[] };
    expect(body.subscriptions.map((s) => s.iccid)).toEqual(picked.slice(0, 2));
    expect(body.subscriptions[0]!.apns.length).toBeGreaterThan(0);
  });

  it('tracks bulk state changes with per-resource results, rejecting what its rules forbid', async () => {
    const all = ((await (await api('/iot/api/subscriptions/details?limit=50')).json()) as { subscriptions: Sub[] })
      .subscriptions;
    const active = all.find((s) => s.state === 'ACTIVE')!;
    const terminated = all.find((s) => s.state === 'TERMINATED')!;
    const created = await api('/iot/api/sica/subscriptions/requests/state-changes', {
      method: 'POST',
      body: JSON.stringify({
        subscriptions: { identifier_type: 'ICC', identifiers: [active.iccid, terminated.iccid] },
        change: { state: 'DEACTIVATED' },
      }),
    });
    expect(created.status).toBe(201);
    const { subscription_request_id: id } = (await created.json()) as { subscription_request_id: string };
    await new Promise((r) => setTimeout(r, 150));
    const tracked = await api(`/dcpapi/rest/subscriptionManagement/v1/subscriptions/requests/${id}`);
    expect(tracked.headers.get('content-type')).toMatch(/^application\/vnd\.dcp-v1\+json/);
    const doc = (await tracked.json()) as {
      subscriptionRequestState: string;
      subscriptionRequestResourceCounters: Record<string, number>;
    };
    expect(doc.subscriptionRequestState).toBe('COMPLETED_WITH_FAILURES');
    expect(doc.subscriptionRequestResourceCounters).toMatchObject({ completed: 1, rejected: 1 });
  });

  it('answers 429 with X-RateLimit headers over 10/s, and faults on and off', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api('/iot/api/subscriptions/details?limit=1', {}, true)),
    );
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

  it('answers the multi-id call by IMSI and MSISDN too, and leaves null dates out', async () => {
    const subs = await all();
    const [a, b] = [subs[4]!, subs[9]!];
    for (const [identifierType, values] of [
      ['IMSI', [a.imsi, b.imsi]],
      ['MSISDN', [a.msisdn, b.msisdn]],
    ] as const) {
      const body = (await (
        await api('/iot/api/subscriptions/details', {
          method: 'POST',
          body: JSON.stringify({ identifierType, identifierValues: [...values, '999'] }),
        })
      ).json()) as { subscriptions: Sub[] };
      expect(body.subscriptions.map((s) => s.iccid)).toEqual([a.iccid, b.iccid]);
    }
    const neverActivated = subs.find((s) => s.state === 'ACTIVE_NO_BILLING');
    expect(neverActivated).toBeDefined();
    expect(Object.keys(neverActivated!)).not.toContain('firstActivatedAt');
    expect(
      subs.filter((s) => s.firstActivatedAt !== undefined).every((s) => typeof s.firstActivatedAt === 'string'),
    ).toBe(true);
  });

  it('sends X-RateLimit-Limit/Remaining headers on successful answers', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const first = await api('/iot/api/subscriptions/details?limit=1', {}, true);
    const second = await api('/iot/api/subscriptions/details?limit=1', {}, true);
    expect(first.status).toBe(200);
    for (const h of [
      'x-ratelimit-limit-second',
      'x-ratelimit-remaining-second',
      'x-ratelimit-limit-minute',
      'x-ratelimit-remaining-minute',
    ])
      expect(first.headers.get(h)).toMatch(/^\d+$/);
    expect(Number(second.headers.get('x-ratelimit-remaining-second'))).toBeLessThan(
      Number(first.headers.get('x-ratelimit-remaining-second')),
    );
  });

  it('filters the search with q (label, company) and pages it by cursor', async () => {
    const subs = await all();
    const label = (await (
      await api('/iot/api/subscriptions/details?limit=3&q=label==fleet-2&additionalFields=LABEL')
    ).json()) as { subscriptions: Array<Sub & { label: string }>; next?: string };
    expect(label.subscriptions.map((s) => s.label)).toEqual(['fleet-2', 'fleet-2', 'fleet-2']);
    const seen = [...label.subscriptions];
    for (let next = label.next; next;) {
      const page = (await (await api(`/iot/api/subscriptions${next}`)).json()) as {
        subscriptions: Array<Sub & { label: string }>;
        next?: string;
      };
      expect(page.subscriptions.every((s) => s.label === 'fleet-2')).toBe(true);
      seen.push(...page.subscriptions);
      next = page.next;
    }
    expect(seen.map((s) => s.iccid)).toEqual(subs.filter((_, i) => i % 7 === 2).map((s) => s.iccid));
    const other = (await (await api('/iot/api/subscriptions/details?q=company==123')).json()) as {
      subscriptions: Sub[];
    };
    expect(other.subscriptions).toEqual([]);
    expect((await api('/iot/api/subscriptions/details?q=colour==red')).status).toBe(400);
  });
  it('sends the optional field groups only when additionalFields asks for them, and carries them on in next links', async () => {
    const bare = (await (await api('/iot/api/subscriptions/details?limit=2&order=ICC')).json()) as {
      subscriptions: Array<Record<string, unknown>>;
      next: string;
    };
    for (const s of bare.subscriptions) {
      expect(Object.keys(s).sort()).toEqual([
        'detectedImei',
        'enterprise',
        'iccid',
        'imsi',
        'msisdn',
        'organizationId',
        'state',
      ]);
    }
    expect(bare.next).not.toContain('additionalFields');
    const asked = (await (
      await api(
        '/iot/api/subscriptions/details?limit=2&order=ICC&additionalFields=INDIVIDUAL_APN,PACKAGE&additionalFields=MONTHLY_DATA',
      )
    ).json()) as { subscriptions: Array<Record<string, unknown>>; next: string };
    for (const s of asked.subscriptions) {
      expect(s).toMatchObject({
        apns: expect.any(Array),
        subscriptionPackageName: expect.any(String),
        subscriptionPackageDescription: expect.any(String),
        monthlyData: expect.any(Number),
      });
      expect(Object.keys(s)).not.toContain('label');
      expect(Object.keys(s)).not.toContain('monthlySms');
    }
    expect(asked.next).toContain('additionalFields=INDIVIDUAL_APN');
    const page2 = (await (await api(`/iot/api/subscriptions${asked.next}`)).json()) as {
      subscriptions: Array<Record<string, unknown>>;
    };
    expect(page2.subscriptions[0]).toMatchObject({ apns: expect.any(Array), monthlyData: expect.any(Number) });
    const byPost = (await (
      await api('/iot/api/subscriptions/details?additionalFields=LABEL', {
        method: 'POST',
        body: JSON.stringify({ identifierType: 'ICC', identifierValues: [bare.subscriptions[0]!.iccid] }),
      })
    ).json()) as { subscriptions: Array<Record<string, unknown>> };
    expect(Object.keys(byPost.subscriptions[0]!)).toContain('label');
    expect(Object.keys(byPost.subscriptions[0]!)).not.toContain('apns');
    const unknown = await api('/iot/api/subscriptions/details?additionalFields=EVERYTHING');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toContain('MONTHLY_DATA');
  });
});

describe('subscription change history (published spec 1.0.2)', () => {
  const history = (body: unknown) =>
    api('/iot/api/subscriptions/changes/requests', { method: 'POST', body: JSON.stringify(body) });
  async function changesOf(location: string, pageLimitPages = 20): Promise<{ changes: Change[]; pages: number }> {
    const changes: Change[] = [];
    let url: string | undefined = `${sb.url()}${location}`;
    let pages = 0;
    while (url && pages < pageLimitPages) {
      const res = await api(url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { changes: Change[]; next?: string };
      changes.push(...body.changes);
      url = body.next;
      pages++;
    }
    return { changes, pages };
  }

  it('records state changes made by requests and out of band, found by IMSI, range or package', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const subs = await all();
    const active = subs.filter((s) => s.state === 'ACTIVE');
    const [viaApi, viaPortal] = [active[0]!, active[1]!];
    const created = await api('/iot/api/sica/subscriptions/requests/state-changes', {
      method: 'POST',
      body: JSON.stringify({
        subscriptions: { identifier_type: 'ICC', identifiers: [viaApi.iccid] },
        change: { state: 'PAUSE' },
      }),
    });
    const { subscription_request_id: requestId } = (await created.json()) as { subscription_request_id: string };
    await new Promise((r) => setTimeout(r, 150));
    expect(
      (await sb.admin('POST', '/admin/platforms/IOTA/changes', { key: viaPortal.iccid, status: 'OPERATOR_BLOCKED' }))
        .status,
    ).toBe(200);

    const res = await history({ identifier_type: 'imsi', identifiers: [viaApi.imsi, viaPortal.imsi], since });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/iot\/api\/subscriptions\/changes\/requests\/\w+$/);
    const { changes } = await changesOf(location);
    expect(changes).toEqual([
      {
        occured_at: expect.any(String),
        imsi: viaApi.imsi,
        change: 'CHANGE_SUBSCRIPTIONSTATE',
        initiated_by: sb.account(1).credentials.username,
        subscription_request_id: requestId,
        new_values: { subscription_state: 'PAUSE' },
      },
      {
        occured_at: expect.any(String),
        imsi: viaPortal.imsi,
        change: 'CHANGE_SUBSCRIPTIONSTATE',
        initiated_by: expect.stringContaining('portal'),
        new_values: { subscription_state: 'OPERATOR-BLOCKED' },
      },
    ]);
    expect(Date.parse(changes[0]!.occured_at)).toBeLessThanOrEqual(Date.parse(changes[1]!.occured_at));

    const sorted = [viaApi.imsi, viaPortal.imsi].sort();
    const byRange = await history({
      identifier_type: 'imsi',
      identifier_ranges: [{ start: sorted[0], end: sorted[1] }],
      since,
    });
    expect((await changesOf(byRange.headers.get('location')!)).changes.map((c) => c.imsi).sort()).toEqual(sorted);
    const byPackage = await history({
      identifier_type: 'subscription-package',
      identifiers: [viaPortal.subscriptionPackageName ?? ''],
      since,
    });
    expect((await changesOf(byPackage.headers.get('location')!)).changes.map((c) => c.imsi)).toContain(viaPortal.imsi);
    // A window that ends before the changes, and a filter on other operations, find none.
    const before = await history({
      identifier_type: 'imsi',
      identifiers: [viaApi.imsi],
      since: new Date(Date.now() - 3_600_000).toISOString(),
      until: since,
    });
    expect((await changesOf(before.headers.get('location')!)).changes).toEqual([]);
    const other = await history({
      identifier_type: 'imsi',
      identifiers: [viaApi.imsi],
      since,
      changes: ['UPDATE_IMEI'],
    });
    expect((await changesOf(other.headers.get('location')!)).changes).toEqual([]);
  });

  it('pages with page_limit through next links, and records products created and removed', async () => {
    await new Promise((r) => setTimeout(r, 5));
    const since = new Date().toISOString(); // after the changes of the other tests
    const added = (await (
      await sb.admin('POST', '/admin/platforms/IOTA/products', { count: 3, account: sb.account(1).id })
    ).json()) as { keys: string[] };
    expect((await sb.admin('DELETE', `/admin/platforms/IOTA/products/${added.keys[0]}`)).status).toBe(204);
    const subs = await all();
    const imsis = subs.map((s) => s.imsi);
    const range = { start: imsis[0]!.slice(0, 7) + '00000000', end: imsis[0]!.slice(0, 7) + '00099999' };
    const res = await history({ identifier_type: 'imsi', identifier_ranges: [range], since, page_limit: 1 });
    const { changes, pages } = await changesOf(res.headers.get('location')!);
    expect(changes.map((c) => [c.change, c.new_values.subscription_state ?? ''])).toEqual([
      ['CREATE_SUBSCRIPTION', expect.any(String)],
      ['CREATE_SUBSCRIPTION', expect.any(String)],
      ['CREATE_SUBSCRIPTION', expect.any(String)],
      ['CHANGE_SUBSCRIPTIONSTATE', 'REMOVED'],
    ]);
    expect(changes[0]!.new_values.subscription_package).toMatch(/_SP_/);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it('refuses bad requests, and requests of another organization or unknown ones', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    for (const bad of [
      { identifier_type: 'iccid', identifiers: ['1'], since },
      { identifier_type: 'imsi', since },
      { identifier_type: 'imsi', identifiers: ['1'] },
      { identifier_type: 'imsi', identifiers: ['1'], since: new Date(Date.now() - 100 * 86_400_000).toISOString() },
      { identifier_type: 'imsi', identifiers: ['1'], since, until: since },
      { identifier_type: 'imsi', identifier_ranges: [{ start: '232030100000000', end: '232030100200000' }], since },
      { identifier_type: 'subscription-package', identifiers: ['a', 'b'], since },
      { identifier_type: 'imsi', identifiers: ['1'], since, page_limit: 10_001 },
    ]) {
      const res = await history(bad);
      await new Promise((r) => setTimeout(r, 100));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const created = await history({ identifier_type: 'imsi', identifiers: ['1'], since });
    const location = created.headers.get('location')!;
    const c2 = sb.account(2).credentials;
    const t2 = (
      (await (
        await fetch(`${sb.url()}/iot/api/auth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'password',
            client_id: c2.clientId!,
            username: c2.username!,
            password: c2.password!,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    expect((await fetch(`${sb.url()}${location}`, { headers: { authorization: `Bearer ${t2}` } })).status).toBe(404);
    expect((await api('/iot/api/subscriptions/changes/requests/CH999999999')).status).toBe(404);
    expect((await api(`${location}?page=bad`)).status).toBe(400);
  });
});
