/**
 * Cisco IoT Control Center simulator (TMUS and JASPER instances), over real HTTP. The sandbox clock is driven by
 * the test (usage growth, future-dated edits, billing cycles); the 5 calls/s budget runs on wall-clock time, so
 * the client below backs off on 429 like the gateway adapter must, and tests spread over accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iccidFor, isLuhnValid } from '../../sandbox/core/identifiers.js';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { generateDevice } from '../../sandbox/simulators/cisco/fleet.js';
import { OPERATOR_PROFILES } from '../../sandbox/simulators/cisco/profiles.js';
import { DEVICE_STATUSES } from '../../sandbox/simulators/cisco/statuses.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const FLEET = 12;
const START = Date.UTC(2025, 5, 15, 12, 0, 0);
let clock = START;
const now = () => clock;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const ALL = `modifiedSince=${encodeURIComponent('2000-01-01T00:00:00+00:00')}`;

interface ErrorBody {
  errorMessage: string;
  errorCode?: string;
}
interface ListBody {
  pageNumber: number;
  devices: Array<{ iccid: string; status: string; ratePlan: string; communicationPlan: string }>;
  lastPage: boolean;
}
type Json = Record<string, unknown>;

let sb: TestSandbox;

/** A Control Center API client for one account: Basic auth, JSON, and back-off on 429 (unless `raw`). */
function client(code: 'TMUS' | 'JASPER', n: number, sandbox: TestSandbox = sb) {
  const { username, apiKey } = sandbox.account(n, code).credentials as { username: string; apiKey: string };
  const authorization = 'Basic ' + Buffer.from(`${username}:${apiKey}`).toString('base64');
  const call = async (method: string, path: string, body?: unknown, raw = false): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${sandbox.url(code)}/rws/api/v1${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      if (raw || res.status !== 429 || attempt > 20) return res;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 220));
    }
  };
  return {
    call,
    get: async <T = Json>(path: string) => {
      const res = await call('GET', path);
      return { status: res.status, body: (await res.json()) as T };
    },
    put: async <T = Json>(path: string, body: unknown) => {
      const res = await call('PUT', path, body);
      return { status: res.status, body: (await res.json()) as T };
    },
    /** Every device of the account through the paging loop the adapter will use. */
    async listAll(query = ALL, pageSize = 5): Promise<{ pages: ListBody[]; iccids: string[] }> {
      const pages: ListBody[] = [];
      for (let page = 1; page < 100; page++) {
        const { status, body } = await this.get<ListBody>(`/devices?${query}&pageSize=${pageSize}&pageNumber=${page}`);
        expect(status).toBe(200);
        pages.push(body);
        if (body.lastPage) break;
      }
      return { pages, iccids: pages.flatMap((p) => p.devices.map((d) => d.iccid)) };
    },
    async firstWithStatus(status: string): Promise<string> {
      const { body } = await this.get<ListBody>(`/devices?${ALL}&status=${status}`);
      const iccid = body.devices[0]?.iccid;
      if (!iccid) throw new Error(`no ${status} device in the test fleet`);
      return iccid;
    },
  };
}

beforeAll(async () => {
  sb = await startTestSandbox(
    [
      { code: 'TMUS', factory: ciscoSimulator },
      { code: 'JASPER', factory: ciscoSimulator },
    ],
    { seed: 'cisco-test', fleetSize: FLEET, accountsPerPlatform: 6, now },
  );
});
afterAll(async () => {
  await sb?.close();
});

describe('authentication', () => {
  it('refuses a request without credentials with 401, the Jasper realm and no errorCode', async () => {
    const res = await fetch(`${sb.url('TMUS')}/rws/api/v1/devices?${ALL}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Jasper"');
    expect(await res.json()).toEqual({ errorMessage: 'Full authentication is required to access this resource' });
  });

  it("refuses a wrong API key, and another tenant's credentials, with 10000001", async () => {
    const { username } = sb.account(1, 'TMUS').credentials as { username: string };
    const wrong = 'Basic ' + Buffer.from(`${username}:not-the-key`).toString('base64');
    const res = await fetch(`${sb.url('TMUS')}/rws/api/v1/devices?${ALL}`, { headers: { authorization: wrong } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Jasper"');
    expect(await res.json()).toEqual({ errorMessage: 'Invalid credentials', errorCode: '10000001' });

    const { username: u, apiKey } = sb.account(1, 'JASPER').credentials as { username: string; apiKey: string };
    const other = 'Basic ' + Buffer.from(`${u}:${apiKey}`).toString('base64');
    const res2 = await fetch(`${sb.url('TMUS')}/rws/api/v1/devices/8901260010000000005`, {
      headers: { authorization: other },
    });
    expect(res2.status).toBe(401);
    expect(((await res2.json()) as ErrorBody).errorCode).toBe('10000001');
  });

  it('publishes username, apiKey and accountId in the manifest', async () => {
    const account = sb.account(1, 'TMUS');
    expect(Object.keys(account.credentials).sort()).toEqual(['accountId', 'apiKey', 'username']);
    expect(account.credentials.apiKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(account.credentials.accountId).toBe(account.id);
    const { body } = await client('TMUS', 6).get<Json>('/echo/hello');
    expect(body).toEqual({ context: 'hello' });
  });
});

describe('Search Devices paging', () => {
  it('visits every device of the account exactly once, 5 per page, ending on lastPage', async () => {
    const tmus = client('TMUS', 1);
    const { pages, iccids } = await tmus.listAll();
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(pages.map((p) => p.devices.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.lastPage)).toEqual([false, false, true]);
    expect(new Set(iccids).size).toBe(FLEET);
    for (const iccid of iccids) {
      expect(iccid).toMatch(/^890126001\d{10}$/);
      expect(isLuhnValid(iccid)).toBe(true);
    }
    // Each ICCID resolves, and belongs to this account only.
    const { status, body } = await tmus.get<Json>(`/devices/${iccids[7]}`);
    expect(status).toBe(200);
    expect(body.accountId).toBe(sb.account(1, 'TMUS').id);
    const foreign = await client('TMUS', 2).get<ErrorBody>(`/devices/${iccids[7]}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ errorMessage: 'Resource not found - Invalid ICCID.', errorCode: '20000001' });
  });

  it('defaults to 50 per page, answers an empty last page past the end, filters by status', async () => {
    const tmus = client('TMUS', 1);
    const all = await tmus.get<ListBody>(`/devices?${ALL}`);
    expect(all.body.devices).toHaveLength(FLEET);
    expect(all.body.lastPage).toBe(true);
    const beyond = await tmus.get<ListBody>(`/devices?${ALL}&pageNumber=9`);
    expect(beyond.body).toEqual({ pageNumber: 9, devices: [], lastPage: true });
    const activated = await tmus.get<ListBody>(`/devices?${ALL}&status=ACTIVATED`);
    expect(activated.body.devices.length).toBeGreaterThan(0);
    expect(activated.body.devices.every((d) => d.status === 'ACTIVATED')).toBe(true);
    expect(activated.body.devices.length).toBe(all.body.devices.filter((d) => d.status === 'ACTIVATED').length);
  });

  it('pages a 1,000,000-device account without materialising it', async () => {
    const big = await startTestSandbox(
      [{ code: 'JASPER', factory: ciscoSimulator, accounts: [{ number: 7, name: 'big', size: 1_000_000 }] }],
      {
        seed: 'cisco-big',
      },
    );
    try {
      const c = client('JASPER', 1, big);
      const t0 = Date.now();
      const last = await c.get<ListBody>(`/devices?${ALL}&pageNumber=20000`);
      expect(last.body.devices).toHaveLength(50);
      expect(last.body.lastPage).toBe(true);
      expect(last.body.devices.at(-1)!.iccid.slice(9, 18)).toBe('000999999');
      const one = await c.get<Json>(`/devices/${last.body.devices.at(-1)!.iccid}`);
      expect(one.body.imsi).toBe('424020700999999');
      // A filtered search walks page after page from where the previous one stopped.
      const p1 = await c.get<ListBody>(`/devices?${ALL}&status=REPLACED&pageSize=50&pageNumber=1`);
      const p2 = await c.get<ListBody>(`/devices?${ALL}&status=REPLACED&pageSize=50&pageNumber=2`);
      expect(p1.body.devices.every((d) => d.status === 'REPLACED')).toBe(true);
      expect(p2.body.devices).toHaveLength(50);
      expect(p2.body.devices[0]!.iccid > p1.body.devices[49]!.iccid).toBe(true);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await big.close();
    }
  });
});

describe('Search Devices order: modification date ascending, then ICCID', () => {
  const ciscoDate = (text: unknown) => Date.parse(String(text).replace(' ', 'T').replace('+0000', 'Z'));
  /** A fresh TMUS sandbox of one 15-device account on this file's clock, for tests that change the order. */
  async function fresh(size = 15) {
    const own = await startTestSandbox(
      [{ code: 'TMUS', factory: ciscoSimulator, accounts: [{ number: 1, name: 'order', size }] }],
      { seed: 'cisco-order', now },
    );
    return { own, c: client('TMUS', 1, own) };
  }
  async function dated(c: ReturnType<typeof client>, iccids: string[]) {
    const out: Array<{ iccid: string; at: number; status: string }> = [];
    for (const iccid of iccids) {
      const { body } = await c.get<Json>(`/devices/${iccid}`);
      out.push({ iccid, at: ciscoDate(body.dateUpdated), status: String(body.status) });
    }
    return out;
  }

  it('lists the generated fleet by its varied past modification dates, and modifiedSince/modifiedTill filter on them', async () => {
    const { own, c } = await fresh();
    try {
      const { iccids } = await c.listAll(ALL, 4);
      expect(new Set(iccids).size).toBe(15);
      const devices = await dated(c, iccids);
      for (let i = 1; i < devices.length; i++) {
        const [a, b] = [devices[i - 1]!, devices[i]!];
        expect(a.at < b.at || (a.at === b.at && a.iccid < b.iccid), `${a.iccid} before ${b.iccid}`).toBe(true);
      }
      expect(new Set(devices.map((d) => d.at)).size).toBe(15);
      expect(devices.every((d) => d.at < clock)).toBe(true);
      expect(devices.at(-1)!.at - devices[0]!.at).toBeGreaterThan(30 * 86_400_000);

      const since = devices[5]!.at;
      const sinceIso = iso(Math.ceil(since / 1000) * 1000);
      const after = (await c.listAll(`modifiedSince=${encodeURIComponent(sinceIso)}`, 50)).iccids;
      expect(after).toEqual(devices.filter((d) => d.at >= Math.ceil(since / 1000) * 1000).map((d) => d.iccid));
      const till = iso(Math.floor(devices[9]!.at / 1000) * 1000);
      const window = (
        await c.listAll(`modifiedSince=${encodeURIComponent(sinceIso)}&modifiedTill=${encodeURIComponent(till)}`, 50)
      ).iccids;
      expect(window).toEqual(
        devices
          .filter((d) => d.at >= Math.ceil(since / 1000) * 1000 && d.at <= Math.floor(devices[9]!.at / 1000) * 1000)
          .map((d) => d.iccid),
      );
      expect(window.length).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('moves a device edited through the API or changed out of band to the end, dated now', async () => {
    const { own, c } = await fresh();
    try {
      const first = (await c.listAll(ALL, 50)).iccids;
      const edited = first[2]!;
      const changed = first[7]!;
      clock += 60_000;
      const editedAt = clock;
      expect((await c.put(`/devices/${edited}`, { accountCustom4: 'portal' })).status).toBe(200);
      clock += 60_000;
      const changedAt = clock;
      const res = await own.admin('POST', '/admin/platforms/TMUS/changes', { key: changed, status: 'RETIRED' });
      expect(res.status).toBe(200);
      const record = (await res.json()) as Json;
      expect(record).toMatchObject({ iccid: changed, status: 'RETIRED' });
      expect(ciscoDate(record.dateUpdated)).toBe(changedAt);

      const order = (await c.listAll(ALL, 4)).iccids;
      expect(order).toEqual([...first.filter((i) => i !== edited && i !== changed), edited, changed]);
      // An incremental read from just before the changes finds exactly them, in change order.
      const delta = await c.get<ListBody>(`/devices?modifiedSince=${encodeURIComponent(iso(editedAt - 1000))}`);
      expect(delta.body.devices.map((d) => d.iccid)).toEqual([edited, changed]);
      expect(delta.body.devices[1]!.status).toBe('RETIRED');
      const later = await c.get<ListBody>(`/devices?modifiedSince=${encodeURIComponent(iso(changedAt))}`);
      expect(later.body.devices.map((d) => d.iccid)).toEqual([changed]);
      // The last page ends on the latest change; page arithmetic holds across the two streams.
      const page3 = await c.get<ListBody>(`/devices?${ALL}&pageSize=6&pageNumber=3`);
      expect(page3.body.devices.map((d) => d.iccid)).toEqual(order.slice(12));
      expect(page3.body.lastPage).toBe(true);
      const page2 = await c.get<ListBody>(`/devices?${ALL}&pageSize=6&pageNumber=2`);
      expect(page2.body.devices.map((d) => d.iccid)).toEqual(order.slice(6, 12));
      expect(page2.body.lastPage).toBe(false);
      // A status filter walks the same order.
      const retired = await c.get<ListBody>(`/devices?${ALL}&status=RETIRED`);
      expect(retired.body.devices.at(-1)!.iccid).toBe(changed);
    } finally {
      await own.close();
    }
  });

  it('lists added devices last (new in stock, dated now) and forgets removed ones', async () => {
    const { own, c } = await fresh();
    try {
      const first = (await c.listAll(ALL, 50)).iccids;
      clock += 60_000;
      const added = (await (await own.admin('POST', '/admin/platforms/TMUS/products', { count: 2 })).json()) as {
        keys: string[];
      };
      expect((await own.admin('DELETE', `/admin/platforms/TMUS/products/${first[0]}`)).status).toBe(204);
      const order = (await c.listAll(ALL, 5)).iccids;
      expect(order).toEqual([...first.slice(1), ...added.keys]);
      const details = await c.get<Json>(`/devices/${added.keys[0]}`);
      expect(details.body).toMatchObject({ status: 'ACTIVATION_READY', dateActivated: null });
      expect(ciscoDate(details.body.dateAdded)).toBe(clock);
      expect((await c.get<ErrorBody>(`/devices/${first[0]}`)).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  it('keeps paging arithmetic on a 1,000,000-device account with changes, without materialising it', async () => {
    const big = await startTestSandbox(
      [{ code: 'JASPER', factory: ciscoSimulator, accounts: [{ number: 8, name: 'big', size: 1_000_000 }] }],
      { seed: 'cisco-big-order', now },
    );
    try {
      const c = client('JASPER', 1, big);
      const p1 = await c.get<ListBody>(`/devices?${ALL}&pageNumber=1`);
      const moved = p1.body.devices[10]!.iccid;
      clock += 60_000;
      expect(
        (await big.admin('POST', '/admin/platforms/JASPER/changes', { key: moved, status: 'DEACTIVATED' })).status,
      ).toBe(200);
      const again = await c.get<ListBody>(`/devices?${ALL}&pageNumber=1`);
      expect(again.body.devices.map((d) => d.iccid)).not.toContain(moved);
      expect(again.body.devices[10]!.iccid).toBe(p1.body.devices[11]!.iccid);
      const last = await c.get<ListBody>(`/devices?${ALL}&pageNumber=20000`);
      expect(last.body.devices).toHaveLength(50);
      expect(last.body.lastPage).toBe(true);
      expect(last.body.devices.at(-1)).toMatchObject({ iccid: moved, status: 'DEACTIVATED' });
      expect(last.body.devices.at(-2)!.iccid.slice(9, 18)).toBe('000999999');
      const delta = await c.get<ListBody>(`/devices?modifiedSince=${encodeURIComponent(iso(clock - 1000))}`);
      expect(delta.body).toEqual({
        pageNumber: 1,
        devices: [expect.objectContaining({ iccid: moved })],
        lastPage: true,
      });
    } finally {
      await big.close();
    }
  });
});

describe('identifiers and generated fleet', () => {
  it("uses each tenant's ICCID issuer, IMSI MCC/MNC and MSISDN country code", async () => {
    for (const [code, iccid, imsi, msisdn] of [
      ['TMUS', '8901260', '310260', '1'],
      ['JASPER', '8997112', '42402', '971'],
    ] as const) {
      const c = client(code, 6);
      const { body } = await c.get<ListBody>(`/devices?${ALL}&pageSize=1`);
      const device = await c.get<Json>(`/devices/${body.devices[0]!.iccid}`);
      expect(String(device.body.iccid).startsWith(iccid)).toBe(true);
      expect(isLuhnValid(String(device.body.iccid))).toBe(true);
      expect(String(device.body.imsi)).toMatch(new RegExp(`^${imsi}\\d+$`));
      expect(String(device.body.imsi)).toHaveLength(15);
      expect(String(device.body.msisdn).startsWith(msisdn)).toBe(true);
      expect(String(device.body.dateAdded)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    }
  });

  it('spreads statuses over the whole vocabulary, mostly ACTIVATED', () => {
    const counts = new Map<string, number>();
    const account = { number: 1, name: 'x', size: 3000 };
    for (let i = 0; i < 3000; i++) {
      const s = generateDevice('spread', OPERATOR_PROFILES.TMUS, account, i).status;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...DEVICE_STATUSES].sort());
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(top[0]).toBe('ACTIVATED');
    expect(top[1]).toBeGreaterThan(1200);
    expect(counts.get('REPLACED')!).toBeLessThan(150);
  });

  it('is deterministic: the same seed gives the same credentials and devices, another seed does not', async () => {
    const again = await startTestSandbox([{ code: 'TMUS', factory: ciscoSimulator }], {
      seed: 'cisco-test',
      fleetSize: FLEET,
      accountsPerPlatform: 6,
      now,
    });
    const other = await startTestSandbox([{ code: 'TMUS', factory: ciscoSimulator }], {
      seed: 'other-seed',
      fleetSize: FLEET,
      accountsPerPlatform: 6,
      now,
    });
    try {
      expect(again.account(5, 'TMUS').credentials).toEqual(sb.account(5, 'TMUS').credentials);
      expect(other.account(5, 'TMUS').credentials.apiKey).not.toBe(sb.account(5, 'TMUS').credentials.apiKey);
      const iccid = iccidFor({ prefix: '8901260', account: 5 }, 3);
      const a = await client('TMUS', 5).get<Json>(`/devices/${iccid}`);
      const b = await client('TMUS', 5, again).get<Json>(`/devices/${iccid}`);
      const c = await client('TMUS', 5, other).get<Json>(`/devices/${iccid}`);
      expect(a.status).toBe(200);
      expect(b.body).toEqual(a.body);
      expect(c.body.iccid).toBe(iccid);
      expect(c.body).not.toEqual(a.body);
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('Edit Device Details (synchronous)', () => {
  it('changes status at once, answers {iccid}, and shows up in a modifiedSince delta', async () => {
    const tmus = client('TMUS', 2);
    const iccid = await tmus.firstWithStatus('ACTIVATED');
    clock += 60_000;
    const before = clock;
    const put = await tmus.put(`/devices/${iccid}`, { status: 'DEACTIVATED', accountCustom3: 'moved' });
    expect(put).toEqual({ status: 200, body: { iccid } });
    const after = await tmus.get<Json>(`/devices/${iccid}`);
    expect(after.body.status).toBe('DEACTIVATED');
    expect(after.body.accountCustom3).toBe('moved');
    expect(after.body.dateUpdated).toBe(new Date(before).toISOString().replace('T', ' ').replace('Z', '+0000'));

    const delta = await tmus.get<ListBody>(`/devices?modifiedSince=${encodeURIComponent(iso(before - 1000))}`);
    expect(delta.body.devices).toEqual([expect.objectContaining({ iccid, status: 'DEACTIVATED' })]);
    const none = await tmus.get<ListBody>(`/devices?modifiedSince=${encodeURIComponent(iso(before + 1000))}`);
    expect(none.body.devices).toEqual([]);
  });

  it('enforces T-Mobile US rules: DEACTIVATED→RETIRED and →INVENTORY refused, →ACTIVATED allowed', async () => {
    const tmus = client('TMUS', 2);
    const iccid = await tmus.firstWithStatus('ACTIVATED');
    expect((await tmus.put(`/devices/${iccid}`, { status: 'DEACTIVATED' })).status).toBe(200);
    const refused = await tmus.put<ErrorBody>(`/devices/${iccid}`, { status: 'RETIRED' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errorMessage: 'Status change from DEACTIVATED to RETIRED is not allowed for this device.',
      errorCode: '10000016',
    });
    const refused2 = await tmus.put<ErrorBody>(`/devices/${iccid}`, { status: 'INVENTORY' });
    expect(refused2.body.errorCode).toBe('10000016');
    expect((await tmus.get<Json>(`/devices/${iccid}`)).body.status).toBe('DEACTIVATED');
    expect((await tmus.put(`/devices/${iccid}`, { status: 'ACTIVATED' })).status).toBe(200);
    expect((await tmus.get<Json>(`/devices/${iccid}`)).body.status).toBe('ACTIVATED');
  });

  it('lets Etisalat (JASPER) retire and purge, and keeps PURGED final', async () => {
    const jasper = client('JASPER', 2);
    const iccid = await jasper.firstWithStatus('ACTIVATED');
    for (const status of ['DEACTIVATED', 'RETIRED', 'PURGED']) {
      expect((await jasper.put(`/devices/${iccid}`, { status })).status).toBe(200);
      expect((await jasper.get<Json>(`/devices/${iccid}`)).body.status).toBe(status);
    }
    const refused = await jasper.put<ErrorBody>(`/devices/${iccid}`, { status: 'ACTIVATED' });
    expect(refused.status).toBe(400);
    expect(refused.body.errorCode).toBe('10000016');
    expect(refused.body.errorMessage).toContain('PURGED to ACTIVATED');
  });

  it('holds a future-dated edit (202) until its effectiveDate, then applies it; no cancel exists', async () => {
    const tmus = client('TMUS', 3);
    const iccid = await tmus.firstWithStatus('ACTIVATED');
    const effective = clock + 3_600_000;
    const put = await tmus.put(`/devices/${iccid}`, { status: 'DEACTIVATED', effectiveDate: iso(effective) });
    expect(put).toEqual({ status: 202, body: { iccid } });
    expect((await tmus.get<Json>(`/devices/${iccid}`)).body.status).toBe('ACTIVATED');
    clock = effective + 1000;
    const later = await tmus.get<Json>(`/devices/${iccid}`);
    expect(later.body.status).toBe('DEACTIVATED');
    expect(later.body.dateUpdated).toBe(new Date(effective).toISOString().replace('T', ' ').replace('Z', '+0000'));
    const tooFar = await tmus.put<ErrorBody>(`/devices/${iccid}`, {
      status: 'ACTIVATED',
      effectiveDate: iso(clock + 200 * 86_400_000),
    });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.errorCode).toBe('10000014');
  });
});

describe('usage and sessions', () => {
  it('grows cycle-to-date usage with time while ACTIVATED, freezes it when DEACTIVATED, resets next cycle', async () => {
    const tmus = client('TMUS', 4);
    const iccid = await tmus.firstWithStatus('ACTIVATED');
    type Usage = {
      ctdDataUsage: number;
      ctdSMSUsage: number;
      ctdVoiceUsage: number;
      ctdSessionCount: number;
      status: string;
      overageLimitReached: boolean;
    };
    const u1 = (await tmus.get<Usage>(`/devices/${iccid}/ctdUsages`)).body;
    expect(u1.status).toBe('ACTIVATED');
    expect(typeof u1.overageLimitReached).toBe('boolean');
    clock += 6 * 3_600_000;
    const u2 = (await tmus.get<Usage>(`/devices/${iccid}/ctdUsages`)).body;
    expect(u2.ctdDataUsage).toBeGreaterThan(u1.ctdDataUsage);
    expect(u2.ctdSessionCount).toBeGreaterThanOrEqual(u1.ctdSessionCount);

    const session = (await tmus.get<Json>(`/devices/${iccid}/sessionInfo`)).body;
    // IPv4-only session: Control Center leaves ipv6Address out rather than sending null.
    expect(Object.keys(session).sort()).toEqual([
      'apn',
      'dateSessionEnded',
      'dateSessionStarted',
      'iccid',
      'ipAddress',
    ]);
    expect(session.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(String(session.apn)).toContain('.');
    expect((await tmus.put(`/devices/${iccid}`, { ipv6Address: '2001:db8::17' })).status).toBe(200);
    expect((await tmus.get<Json>(`/devices/${iccid}/sessionInfo`)).body.ipv6Address).toBe('2001:db8::17');

    expect((await tmus.put(`/devices/${iccid}`, { status: 'DEACTIVATED' })).status).toBe(200);
    const frozen = (await tmus.get<Usage>(`/devices/${iccid}/ctdUsages`)).body;
    clock += 3_600_000;
    const still = (await tmus.get<Usage>(`/devices/${iccid}/ctdUsages`)).body;
    expect(still.ctdDataUsage).toBe(frozen.ctdDataUsage);
    expect(still.ctdDataUsage).toBeGreaterThanOrEqual(u2.ctdDataUsage);
    const ended = (await tmus.get<Json>(`/devices/${iccid}/sessionInfo`)).body;
    expect(ended.dateSessionEnded).not.toBeNull();

    const saved = clock;
    clock = Date.UTC(2025, 7, 1, 0, 0, 1); // a new billing cycle
    expect((await tmus.get<Usage>(`/devices/${iccid}/ctdUsages`)).body.ctdDataUsage).toBe(0);
    clock = saved;
  });
});

describe('error bodies', () => {
  const cases: Array<[string, string, number, string]> = [
    ['missing modifiedSince', '/devices?pageSize=5', 400, '10000004'],
    ['malformed modifiedSince', '/devices?modifiedSince=yesterday', 400, '10000005'],
    ['oversize page', `/devices?${ALL}&pageSize=51`, 400, '10000007'],
    ['page 0', `/devices?${ALL}&pageNumber=0`, 400, '10000008'],
    ['unknown status word', `/devices?${ALL}&status=ACTIVE`, 400, '10000011'],
    ['unrecognized parameter', `/devices?${ALL}&page=2`, 400, '10000028'],
    ['malformed ICCID', '/devices/12345', 400, '10000003'],
    ['unknown ICCID', '/devices/8901260050000999998/ctdUsages', 404, '20000001'],
  ];
  it.each(cases)('answers %s in the Control Center shape', async (_name, path, status, code) => {
    const { status: got, body } = await client('TMUS', 5).get<ErrorBody>(path);
    expect(got).toBe(status);
    expect(body.errorCode).toBe(code);
    expect(typeof body.errorMessage).toBe('string');
    expect(Object.keys(body).sort()).toEqual(['errorCode', 'errorMessage']);
  });

  it('validates edit bodies: unknown field, status word, rate plan, empty body, bad JSON', async () => {
    const c = client('JASPER', 5);
    const iccid = await c.firstWithStatus('ACTIVATED');
    const expectCode = async (body: unknown, code: string) => {
      const res = await c.call('PUT', `/devices/${iccid}`, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).errorCode).toBe(code);
    };
    await expectCode({ state: 'DEACTIVATED' }, '10000028');
    await expectCode({ status: 'SUSPENDED' }, '10000011');
    await expectCode({ ratePlan: 'No Such Plan' }, '10000012');
    await expectCode({}, '10000028');
    await expectCode('{"status": ', '10000023');
    expect((await c.get<Json>(`/devices/${iccid}`)).body.status).toBe('ACTIVATED');
  });

  it('refuses other API versions with Invalid apiVersion', async () => {
    const res = await fetch(`${sb.url('TMUS')}/rws/api/v2/devices?${ALL}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errorMessage: 'Invalid apiVersion.', errorCode: '10000024' });
  });
});

describe('rate limit and faults', () => {
  it('answers 429 past 5 calls per second per account, without rate headers, then serves again', async () => {
    await sb.admin('DELETE', '/admin/counters');
    // A little latency makes the burst overlap in flight, as a careless parallel client would.
    await sb.admin('PUT', '/admin/faults/JASPER', { latencyMs: 40 });
    const c = client('JASPER', 3);
    const responses = await Promise.all(Array.from({ length: 9 }, () => c.call('GET', '/echo/burst', undefined, true)));
    await sb.admin('DELETE', '/admin/faults/JASPER');
    const statuses = responses.map((r) => r.status);
    // A burst of 5 passes (a 6th may, if the burst straddles a refill); the rest are refused.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({
      errorMessage: 'Rate limit exceeded. Make at most 5 API calls per second, one at a time.',
      errorCode: '40000029',
    });
    // Another account has its own budget.
    expect((await client('JASPER', 4).call('GET', '/echo/other', undefined, true)).status).toBe(200);
    // The harness records the concurrency Cisco asks clients to avoid.
    const counters = (await (await sb.admin('GET', '/admin/counters?platform=JASPER')).json()) as {
      maxConcurrentPerCredential: Record<string, number>;
    };
    expect(counters.maxConcurrentPerCredential.JASPER).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 450));
    expect((await c.call('GET', '/echo/again', undefined, true)).status).toBe(200);
  });

  it('injects 5xx and 429 faults in the Control Center shape, and stops when cleared', async () => {
    const c = client('TMUS', 6);
    expect((await sb.admin('PUT', '/admin/faults/TMUS', { errorRate: 1, errorStatus: 503 })).status).toBe(200);
    const failed = await c.call('GET', `/devices?${ALL}`, undefined, true);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({
      errorMessage: 'Service unavailable (injected fault)',
      errorCode: '30000001',
    });
    // The other tenant is not affected.
    expect((await client('JASPER', 6).call('GET', '/echo/ok', undefined, true)).status).toBe(200);

    expect(
      (await sb.admin('PUT', '/admin/faults/TMUS', { errorRate: 0, rateLimitRate: 1, retryAfterSeconds: 2 })).status,
    ).toBe(200);
    const limited = await c.call('GET', '/echo/x', undefined, true);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(((await limited.json()) as ErrorBody).errorCode).toBe('40000029');

    expect((await sb.admin('DELETE', '/admin/faults/TMUS')).status).toBe(204);
    const ok = await c.get<ListBody>(`/devices?${ALL}&pageSize=2`);
    expect(ok.status).toBe(200);
    expect(ok.body.devices).toHaveLength(2);
  });
});
