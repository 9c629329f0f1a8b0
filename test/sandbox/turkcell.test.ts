/** The Turkcell simulator over HTTP: API-key auth, paging, multi-ICCID query, async barring orders, errors, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turkcellSimulator } from '../../sandbox/simulators/turkcell/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let headers: Record<string, string>;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.url()}/tcell/m2m/v1${path}`, { ...init, headers: { 'content-type': 'application/json', ...headers } });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: 'TURKCELL', factory: turkcellSimulator }], { fleetSize: 40, asyncDelayMs: 60 });
  const { customerNo, apiKey } = sb.account(1).credentials as { customerNo: string; apiKey: string };
  headers = { 'x-customer-no': customerNo, 'x-api-key': apiKey };
});
afterAll(async () => sb?.close());

type Line = { iccid: string; contractStatus: string; barring: Record<string, string> };

describe('Turkcell simulator', () => {
  it('refuses calls without a valid API key, with a non-zero resultCode', async () => {
    const res = await fetch(`${sb.url()}/tcell/m2m/v1/lines`, {
      headers: { 'x-customer-no': headers['x-customer-no']!, 'x-api-key': 'wrong' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ resultCode: '1001' });
  });

  it('pages through every line once and answers a multi-ICCID query', async () => {
    const seen: Line[] = [];
    for (let pageNo = 1; pageNo <= 3; pageNo++) {
      const body = (await (await api(`/lines?pageNo=${pageNo}&pageSize=15`)).json()) as {
        resultCode: string;
        totalCount: number;
        lines: Line[];
      };
      expect(body).toMatchObject({ resultCode: '0', totalCount: 40 });
      seen.push(...body.lines);
    }
    expect(new Set(seen.map((l) => l.iccid)).size).toBe(40);
    expect(seen.every((l) => ['a', 'd'].includes(l.contractStatus) && Object.keys(l.barring).length === 5)).toBe(true);
    const q = (await (
      await api('/lines/query', {
        method: 'POST',
        body: JSON.stringify({ iccids: [seen[0]!.iccid, '8990010199999999999'] }),
      })
    ).json()) as { lines: Line[]; notFound: string[] };
    expect(q.lines.map((l) => l.iccid)).toEqual([seen[0]!.iccid]);
    expect(q.notFound).toEqual(['8990010199999999999']);
  });

  it('applies barring orders asynchronously and refuses them on deactivated lines', async () => {
    const lines = ((await (await api('/lines?pageNo=1&pageSize=40')).json()) as { lines: Line[] }).lines;
    const active = lines.find((l) => l.contractStatus === 'a' && l.barring.data === '0')!;
    const order = (await (
      await api('/orders/barring', {
        method: 'POST',
        body: JSON.stringify({ iccid: active.iccid, barring: { data: '1' } }),
      })
    ).json()) as { resultCode: string; orderNo: string };
    expect(order.resultCode).toBe('0');
    expect(((await (await api(`/orders/${order.orderNo}`)).json()) as { order: { state: string } }).order.state).toBe(
      'WAITING',
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(((await (await api(`/orders/${order.orderNo}`)).json()) as { order: { state: string } }).order.state).toBe(
      'DONE',
    );
    expect(((await (await api(`/lines/${active.iccid}`)).json()) as { line: Line }).line.barring.data).toBe('1');
    const closed = lines.find((l) => l.contractStatus === 'd')!;
    const refused = await api('/orders/barring', {
      method: 'POST',
      body: JSON.stringify({ iccid: closed.iccid, barring: { data: '0' } }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ resultCode: '1009' });
    expect(
      (
        await api('/orders/barring', {
          method: 'POST',
          body: JSON.stringify({ iccid: active.iccid, barring: { roaming: '1' } }),
        })
      ).status,
    ).toBe(400);
  });

  it('answers 429 over its limit, and faults on and off', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => api('/lines?pageSize=1').then((r) => r.status)),
    );
    expect(statuses).toContain(429);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/TURKCELL', { errorRate: 1 });
    expect(await (await api('/lines?pageSize=1')).json()).toMatchObject({ resultCode: '9999' });
    await sb.admin('DELETE', '/admin/faults/TURKCELL');
    expect((await api('/lines?pageSize=1')).status).toBe(200);
  });
});
