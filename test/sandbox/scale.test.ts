/**
 * A 1,000,000-product fleet pages with flat memory: the simulators generate products from their index and hold only
 * changes. Pages from the start, the middle and the end of the fleet; the heap grows by less than a few MB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox(
    PLATFORM_SIMULATORS.filter((p) => ['TMSP', 'IOTA', 'TURKCELL'].includes(p.code)),
    { fleetSize: 1_000_000, accountsPerPlatform: 1, rateLimits: false },
  );
});
afterAll(async () => sb?.close());

describe('a 1,000,000-product fleet', () => {
  it('pages anywhere in the fleet with flat memory', async () => {
    const { customerNo, apiKey } = sb.account(1, 'TURKCELL').credentials;
    const page = async (pageNo: number) => {
      const res = await fetch(`${sb.url('TURKCELL')}/tcell/m2m/v1/lines?pageNo=${pageNo}&pageSize=100`, {
        headers: { 'x-customer-no': customerNo!, 'x-api-key': apiKey! },
      });
      return (await res.json()) as { totalCount: number; lines: Array<{ iccid: string }> };
    };
    await page(1);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let seen = 0;
    for (const start of [1, 5_000, 9_999]) {
      for (let p = start; p < start + 200 && p <= 10_000; p++) {
        const body = await page(p);
        expect(body.totalCount).toBe(1_000_000);
        seen += body.lines.length;
      }
    }
    global.gc?.();
    const grownMB = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    expect(seen).toBe(200 * 100 * 2 + 2 * 100);
    expect(grownMB).toBeLessThan(40); // 40,200 products generated and served; nothing retained
    const last = await page(10_000);
    expect(last.lines.at(-1)!.iccid.slice(8, 18)).toBe('0000999999'); // the last product: index 999,999
  }, 120_000);
});
