/** The Airlinq (gcapi) simulator over HTTP: auth, paging, async state changes, errors, rate limit, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlinqSimulator } from '../../sandbox/simulators/airlinq/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let token: string;
const send = (method: string, path: string, body: unknown, tok = token) =>
  fetch(`${sb.url()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify(body),
  });
const post = (path: string, body: unknown, tok = token) => send('POST', path, body, tok);
/** Public Airlinq clients change a device's state with PUT. */
const put = (path: string, body: unknown) => send('PUT', path, body);

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'AIRLINQ', factory: airlinqSimulator }], { fleetSize: 30, asyncDelayMs: 60 });
  const { username, password } = sb.account(1).credentials as { username: string; password: string };
  token = ((await (await post('/gcapi/auth', { username, password }, '')).json()) as { token: string }).token;
});
afterAll(async () => sb?.close());

describe('Airlinq simulator', () => {
  it('refuses bad credentials and missing tokens in its envelope', async () => {
    expect(await (await post('/gcapi/auth', { username: 'x', password: 'y' }, '')).json()).toMatchObject({
      status: 'FAILURE',
      errorCode: 'AUTH_FAILED',
    });
    const res = await fetch(`${sb.url()}/gcapi/device/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('pages with start/length through every device once', async () => {
    const seen: string[] = [];
    for (let start = 0; ; start += 7) {
      const body = (await (await post('/gcapi/device/list', { start, length: 7 })).json()) as {
        data: Array<{ iccid: string }>;
        recordsTotal: number;
      };
      expect(body.recordsTotal).toBe(30);
      if (!body.data.length) break;
      seen.push(...body.data.map((d) => d.iccid));
    }
    expect(new Set(seen).size).toBe(30);
    expect(seen.every((i) => i.startsWith('899186') && i.length === 19)).toBe(true);
    expect((await post('/gcapi/device/list', { start: 0, length: 501 })).status).toBe(400);
  });

  it('honours DataTables search.value: devices whose ICCID, IMSI, MSISDN, state or plan contain it, paged', async () => {
    const all = (await (await post('/gcapi/device/list', { start: 0, length: 30 })).json()) as {
      data: Array<{ iccid: string; imsi: string; state: string }>;
    };
    const target = all.data[17]!;
    const one = (await (
      await post('/gcapi/device/list', { start: 0, length: 10, search: { value: target.imsi } })
    ).json()) as { data: Array<{ iccid: string }>; recordsFiltered: number; recordsTotal: number };
    expect(one).toMatchObject({ recordsFiltered: 1, recordsTotal: 30 });
    expect(one.data.map((d) => d.iccid)).toEqual([target.iccid]);
    const active = all.data.filter((d) => d.state === 'ACTIVE').map((d) => d.iccid);
    const first = (await (
      await post('/gcapi/device/list', { start: 0, length: 2, search: { value: 'active' } })
    ).json()) as { data: Array<{ iccid: string }>; recordsFiltered: number };
    const rest = (await (
      await post('/gcapi/device/list', { start: 2, length: 30, search: { value: 'active' } })
    ).json()) as { data: Array<{ iccid: string }> };
    expect(first.recordsFiltered).toBe(active.length);
    expect([...first.data, ...rest.data].map((d) => d.iccid)).toEqual(active);
    expect(
      await (await post('/gcapi/device/list', { start: 0, length: 10, search: { value: 'no-such-device' } })).json(),
    ).toMatchObject({ data: [], recordsFiltered: 0 });
  });

  it('changes state asynchronously, enforcing its moves', async () => {
    const list = (await (await post('/gcapi/device/list', { start: 0, length: 30 })).json()) as {
      data: Array<{ iccid: string; state: string }>;
    };
    const active = list.data.find((d) => d.state === 'ACTIVE')!;
    expect((await post('/gcapi/device/changeState', { iccid: active.iccid, state: 'SUSPEND' })).status).toBe(404);
    const accepted = await put('/gcapi/device/changeState', { iccid: active.iccid, state: 'SUSPEND' });
    expect(accepted.status).toBe(202);
    const { requestId } = (await accepted.json()) as { requestId: string };
    const pending = (await (
      await fetch(`${sb.url()}/gcapi/request/${requestId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { status: string };
    expect(pending.status).toBe('PENDING');
    await new Promise((r) => setTimeout(r, 150));
    const done = (await (
      await fetch(`${sb.url()}/gcapi/request/${requestId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { status: string };
    expect(done.status).toBe('SUCCESS');
    const refused = await put('/gcapi/device/changeState', { iccid: active.iccid, state: 'CEASE' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ status: 'FAILURE', errorCode: 'STATE_CHANGE_NOT_PERMITTED' });
  });

  it('answers 429 over 50 requests/s, and faults on and off', async () => {
    // Well over 50 at once: on a loaded machine a burst takes a while to arrive and the bucket refills meanwhile.
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () => post('/gcapi/device/list', { start: 0, length: 1 }).then((r) => r.status)),
    );
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/AIRLINQ', { errorRate: 1 });
    expect(await (await post('/gcapi/device/list', { start: 0, length: 1 })).json()).toMatchObject({
      status: 'FAILURE',
      errorCode: 'SERVER_ERROR',
    });
    await sb.admin('DELETE', '/admin/faults/AIRLINQ');
    expect((await post('/gcapi/device/list', { start: 0, length: 1 })).status).toBe(200);
  });
});
