/**
 * Cisco listing under Control Center's modification-date order, through the gateway against the simulator: devices
 * changed (through the sandbox's operator portal, the admin API) between pages are neither skipped nor repeated by
 * `products(consistency: LIVE)`; the adapter's `changes(since)` lists exactly the devices changed since a date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 230 });
});
afterAll(async () => stack?.close());

const PAGE = `query($first: Int, $after: String) { products(first: $first, after: $after, consistency: LIVE) {
  edges { node { id iccid platformStatus } } pageInfo { hasNextPage endCursor } } }`;
type Node = { id: string; iccid: string; platformStatus: string };

/** The account's ICCIDs in Search Devices order, read straight from the simulator. */
async function fleetOrder(): Promise<string[]> {
  const c = stack.sandbox.account(1, 'TMUS').credentials;
  const auth = `Basic ${Buffer.from(`${c.username}:${c.apiKey}`).toString('base64')}`;
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(
      `${stack.sandbox.url('TMUS')}/rws/api/v1/devices?modifiedSince=2000-01-01T00:00:00Z&pageSize=50&pageNumber=${page}`,
      { headers: { authorization: auth } },
    );
    if (res.status === 429) {
      // Control Center's 5 calls a second, shared with the gateway's calls: wait and ask again.
      await new Promise((r) => setTimeout(r, 300));
      page--;
      continue;
    }
    const body = (await res.json()) as { devices: Array<{ iccid: string }>; lastPage: boolean };
    out.push(...body.devices.map((d) => d.iccid));
    if (body.lastPage) return out;
  }
}

const change = async (iccid: string, status: string) => {
  const res = await stack.sandbox.admin('POST', '/admin/platforms/TMUS/changes', { key: iccid, status });
  expect(res.status).toBe(200);
};

describe('Cisco paging under modification-date order', () => {
  it('sees every device exactly once while devices change between pages (ahead of and behind the walk)', async () => {
    const order = await fleetOrder();
    expect(order).toHaveLength(230);
    const seen: Node[] = [];
    let after: string | null = null;
    let pages = 0;
    const changed: string[] = [];
    do {
      // The first page takes Cisco's whole first native page (50): a new walk cannot be re-read as it was (see the
      // adapter's paging.ts); later pages take 40, so the gateway reads native pages again from their positions.
      const res = await stack.query(PAGE, { first: pages === 0 ? 50 : 40, after });
      expect(res.errors).toBeUndefined();
      const conn = (
        res.data as {
          products: { edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
        }
      ).products;
      seen.push(...conn.edges.map((e) => e.node));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
      if (after && pages <= 4) {
        // Between pages: a device already listed (a pageNumber walk repeats it at the end) and two not yet listed
        // (a pageNumber walk shifts the rest one place back each and skips the devices that slide onto read pages).
        const seenSet = new Set(seen.map((n) => n.iccid));
        const behind = seen[pages * 3]!.iccid;
        const ahead = order.filter((i) => !seenSet.has(i) && !changed.includes(i)).slice(5, 7);
        for (const iccid of [behind, ...ahead]) {
          const status =
            seen.find((n) => n.iccid === iccid)?.platformStatus === 'DEACTIVATED' ? 'ACTIVATED' : 'DEACTIVATED';
          await change(iccid, status);
          changed.push(iccid);
        }
      }
    } while (after && pages < 50);
    expect(changed.length).toBe(12);
    const iccids = seen.map((n) => n.iccid);
    expect(new Set(iccids).size).toBe(iccids.length); // nothing repeated
    expect([...iccids].sort()).toEqual([...order].sort()); // nothing skipped
  }, 120_000);

  it('changes(since) lists exactly the devices changed at or after since, paged', async () => {
    const deps = stack.gateway.gateway.deps;
    const account = (await deps.tenants.listAccounts('demo')).find((a) => a.platform === 'TMUS')!;
    const adapter = deps.pool.get(account);
    expect(adapter.changes).toBeTypeOf('function');
    const order = await fleetOrder();
    // Sandbox dates have millisecond precision, modifiedSince whole seconds: start from the next second.
    await new Promise((r) => setTimeout(r, 1_100 - (Date.now() % 1000)));
    const since = new Date();
    const targets = [order[3]!, order[100]!, order[229]!];
    for (const iccid of targets) await change(iccid, 'DEACTIVATED');
    const listed: string[] = [];
    let position: string | null = null;
    do {
      const page = await adapter.changes!(since, position);
      listed.push(...page.items.map((p) => p.key));
      position = page.next;
    } while (position);
    expect([...listed].sort()).toEqual([...targets].sort());
  });
});
