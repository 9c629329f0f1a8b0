/**
 * The product inventory through the gateway, on PGlite and on PostgreSQL: a fleet of five platforms (Cisco with its
 * per-device details, Aeris, 1NCE, STC asynchronous, GALAXY1 satellite) synced by the engine, then read, counted,
 * paged while it changes, changed out of band at the carriers, grown and shrunk, and one platform taken down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';

const CODES = ['TMUS', 'IOTA', '1NCE', 'STC', 'GALAXY1'];
const simulators = PLATFORM_SIMULATORS.filter((p) => CODES.includes(p.code));

interface Node {
  id: string;
  platform: string;
  status: string;
  iccid: string | null;
  serialNumber: string | null;
  syncedAt: string | null;
  relatedParty: Array<{ id: string }>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const SYNC = '{ inventorySync { platform accountId state products lastFullSyncAt lastChangeSyncAt lagSeconds error } }';

for (const store of ['pglite', 'postgres'] as const) {
  describe(`inventory on ${store}`, () => {
    let stack: TestStack;
    let database: { url: string; drop(): Promise<void> } | undefined;

    const q = async (query: string, variables?: Record<string, unknown>) => {
      const res = await stack.query(query, variables);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data as any;
    };
    const synced = async () => {
      const rows = (await q(SYNC)).inventorySync as Array<{ lastFullSyncAt: string | null; state: string }>;
      return rows.length === CODES.length && rows.every((r) => r.lastFullSyncAt) ? rows : undefined;
    };
    /** Every id of a filtered, ordered list, page by page; checks every page but the last is full. */
    const pageAll = async (
      filter: string,
      orderBy: string,
      size: number,
      between?: (page: number) => Promise<void>,
    ) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 200; page++) {
        const data = await q(
          `query($after: String) { products(first: ${size}, after: $after, filter: ${filter}, orderBy: ${orderBy}) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
          { after },
        );
        const conn = data.products;
        ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!conn.pageInfo.hasNextPage) return { ids, totalCount: conn.totalCount as number };
        expect(conn.edges).toHaveLength(size);
        after = conn.pageInfo.endCursor;
        await between?.(page);
      }
      throw new Error('too many pages');
    };

    beforeAll(async () => {
      database = store === 'postgres' ? await createTestDatabase() : undefined;
      stack = await startStack(simulators, {
        fleetSize: 24,
        env: {
          INVENTORY: 'on',
          INVENTORY_CHANGE_INTERVAL_S: '1',
          INVENTORY_FULL_INTERVAL_S: '600',
          ...(database ? { DATABASE_URL: database.url } : {}),
        },
      });
      await waitFor('the first sync of every account', synced);
    }, 120_000);
    afterAll(async () => {
      await stack?.close();
      await database?.drop();
    });

    it('reports every account synced, with its product count, and answers from the inventory without carrier calls', async () => {
      const rows = (await q(SYNC)).inventorySync;
      expect(rows.map((r: { platform: string }) => r.platform).sort()).toEqual([
        'GALAXY1',
        'IOTA',
        'ONE_NCE',
        'STC',
        'TMUS',
      ]);
      for (const row of rows) {
        expect(row.products).toBe(24);
        expect(row.error).toBeNull();
        expect(row.lagSeconds).toBeGreaterThanOrEqual(0);
      }
      // Reads of what the inventory holds call no carrier: the page, the counts, one product, a business-id look-up.
      const page = await q(
        '{ products(first: 20, orderBy: { field: LAST_CHANGED, direction: DESC }, filter: { statuses: [ACTIVE, SUSPENDED] }) { totalCount summary { total } edges { node { id iccid serialNumber status syncedAt lastChangedAt } } } }',
      );
      const one = page.products.edges[0].node;
      // The engine's own passes call the carriers on their schedule: pause it to count what the reads call.
      const engine = stack.gateway.gateway.deps.sync!;
      await engine.stop();
      await stack.sandbox.admin('DELETE', '/admin/counters');
      const again = await q(
        '{ products(first: 20, orderBy: { field: LAST_CHANGED, direction: DESC }, filter: { statuses: [ACTIVE, SUSPENDED] }) { totalCount summary { total byPlatform { platform total } } edges { node { id status syncedAt } } } }',
      );
      await q(`{ product(id: "${one.id}") { id status syncedAt } fleetSummary { total } }`);
      await q(
        `{ productsByBusinessId(iccids: ["${one.iccid ?? '8901260010000000005'}"], serialNumbers: ["${one.serialNumber ?? 'X1'}"]) { products { id } notFound } }`,
      );
      expect(await stack.sandbox.counts()).toEqual({});
      engine.start();
      expect(again.products.totalCount).toBe(again.products.summary.total);
      expect(again.products.edges.every((e: { node: Node }) => e.node.syncedAt)).toBe(true);
    });

    it('gives exact totals and full pages under filters, each product once', async () => {
      const summary = (
        await q(
          '{ fleetSummary { total byStatus { status count } byPlatform { platform total byStatus { status count } } oldestSyncedAt } }',
        )
      ).fleetSummary;
      expect(summary.total).toBe(CODES.length * 24);
      expect(summary.byPlatform.reduce((s: number, p: { total: number }) => s + p.total, 0)).toBe(summary.total);
      expect(summary.oldestSyncedAt).not.toBeNull();
      const active = summary.byStatus.find((s: { status: string }) => s.status === 'ACTIVE').count;
      const listed = await pageAll('{ statuses: [ACTIVE] }', '{ field: LAST_CHANGED, direction: DESC }', 13);
      expect(listed.totalCount).toBe(active);
      expect(listed.ids).toHaveLength(active);
      expect(new Set(listed.ids).size).toBe(active);

      const both = await pageAll('{ platforms: [ONE_NCE, STC], statuses: [SUSPENDED, ACTIVE] }', '{ field: ICCID }', 7);
      const expected = summary.byPlatform
        .filter((p: { platform: string }) => ['ONE_NCE', 'STC'].includes(p.platform))
        .flatMap((p: { byStatus: Array<{ status: string; count: number }> }) => p.byStatus)
        .filter((s: { status: string }) => ['ACTIVE', 'SUSPENDED'].includes(s.status))
        .reduce((n: number, s: { count: number }) => n + s.count, 0);
      expect(both.totalCount).toBe(expected);
      expect(new Set(both.ids).size).toBe(expected);
      expect(both.ids.every((id) => id.startsWith('1NCE-') || id.startsWith('STC-'))).toBe(true);

      // A search by ICCID prefix and by a word of a terminal name; counts agree with the pages.
      const search = await pageAll('{ search: "8988" }', '{ field: ICCID }', 10);
      expect(search.totalCount).toBeGreaterThan(0);
      expect(search.ids.length).toBe(search.totalCount);
      const sats = (
        await q('{ products(first: 1, filter: { platforms: [GALAXY1] }) { edges { node { terminalName } } } }')
      ).products.edges[0].node.terminalName as string | null;
      expect(sats).toBeTruthy(); // GALAXY1 names its terminals (vessel, aircraft, site)
      const word = sats!.split(/\s+/)[0]!;
      const byName = await q(
        `{ products(first: 100, filter: { search: "${word}" }) { totalCount edges { node { terminalName } } } }`,
      );
      expect(byName.products.totalCount).toBeGreaterThan(0);
      expect(
        byName.products.edges.every((e: { node: { terminalName: string | null } }) =>
          e.node.terminalName?.toLowerCase().includes(word.toLowerCase()),
        ),
      ).toBe(true);
    });

    it('pages by keyset while products change between pages: each product once, none skipped', async () => {
      const before = await pageAll('{ platforms: [ONE_NCE, IOTA] }', '{ field: ICCID }', 500);
      const changed: string[] = [];
      const during = await pageAll('{ platforms: [ONE_NCE, IOTA] }', '{ field: ICCID }', 9, async (page) => {
        // Between pages: a status changes at the carrier and a product is added, as a fleet does while it is read.
        const id = before.ids[page * 9 + 20];
        if (id?.startsWith('1NCE-')) {
          const res = await stack.sandbox.admin('POST', '/admin/platforms/1NCE/changes', {
            key: id.slice(5),
            status: 'Disabled',
          });
          expect(res.status).toBe(200);
          changed.push(id);
        }
        if (page === 1)
          expect((await stack.sandbox.admin('POST', '/admin/platforms/1NCE/products', { count: 1 })).status).toBe(201);
        await q('mutation { syncInventory(full: true) { state } }');
        await new Promise((r) => setTimeout(r, 1_500));
      });
      expect(new Set(during.ids).size).toBe(during.ids.length); // none twice
      for (const id of before.ids) expect(during.ids).toContain(id); // none skipped
    });

    it('publishes a status changed at the carrier as productStatusChanged with source PLATFORM, and updates the inventory', async () => {
      const target = (
        await q(
          '{ products(first: 1, filter: { platforms: [STC], statuses: [ACTIVE] }) { edges { node { id iccid } } } }',
        )
      ).products.edges[0].node;
      const client = wsClient(stack.gateway.url, 'demo', stack.token);
      const events = collect<{
        productStatusChanged: { productId: string; previous: string; status: string; source: string };
      }>(
        client,
        'subscription { productStatusChanged(filter: { platforms: [STC] }) { productId previous status source } }',
      );
      await new Promise((r) => setTimeout(r, 300));
      const res = await stack.sandbox.admin('POST', '/admin/platforms/STC/changes', {
        key: target.iccid,
        status: 'SUSPENDED',
      });
      expect(res.status).toBe(200);
      const got = await events.until((v) => v.some((e) => e.productStatusChanged.productId === target.id), 15_000);
      expect(got.find((e) => e.productStatusChanged.productId === target.id)!.productStatusChanged).toEqual({
        productId: target.id,
        previous: 'ACTIVE',
        status: 'SUSPENDED',
        source: 'PLATFORM',
      });
      expect((await q(`{ product(id: "${target.id}") { status } }`)).product.status).toBe('SUSPENDED');
      await client.dispose();
    });

    it('notices products that appear and vanish at the platform on a full pass', async () => {
      const before = (await q('{ fleetSummary(filter: { platforms: [GALAXY1] }) { total } }')).fleetSummary
        .total as number;
      const victim = (
        await q(
          '{ products(first: 1, filter: { platforms: [GALAXY1] }, orderBy: { field: SERIAL_NUMBER, direction: DESC }) { edges { node { id serialNumber } } } }',
        )
      ).products.edges[0].node;
      const added = await stack.sandbox.admin('POST', '/admin/platforms/GALAXY1/products', { count: 2 });
      expect(added.status).toBe(201);
      expect(
        (await stack.sandbox.admin('DELETE', `/admin/platforms/GALAXY1/products/${victim.serialNumber}`)).status,
      ).toBe(204);
      await q('mutation { syncInventory(full: true) { state } }');
      await waitFor(
        'the appeared and vanished products',
        async () =>
          (await q('{ fleetSummary(filter: { platforms: [GALAXY1] }) { total } }')).fleetSummary.total === before + 1,
      );
      expect((await q(`{ product(id: "${victim.id}") { id } }`)).product).toBeNull();
      const live = await stack.query(`{ product(id: "${victim.id}", consistency: LIVE) { id } }`);
      expect((live.data as any).product).toBeNull();
    });

    it('agrees with the live path product by product', async () => {
      const page = (
        await q(
          '{ products(first: 30, filter: { platforms: [TMUS, IOTA, ONE_NCE, GALAXY1] }) { edges { node { id status platformStatus iccid serialNumber msisdn } } } }',
        )
      ).products.edges.map((e: { node: Node }) => e.node);
      for (const node of page.slice(0, 12)) {
        const live = (
          await q(
            `{ product(id: "${node.id}", consistency: LIVE) { id status platformStatus iccid serialNumber msisdn } }`,
          )
        ).product;
        expect(live).toEqual(node);
      }
    });

    it('keeps an account whose platform is down in place, marked FAILED with the error, the others fine', async () => {
      const before = (await q('{ fleetSummary(filter: { platforms: [IOTA] }) { total } }')).fleetSummary
        .total as number;
      expect((await stack.sandbox.admin('PUT', '/admin/faults/IOTA', { errorRate: 1 })).status).toBe(200);
      try {
        await q('mutation { syncInventory(full: true) { state } }');
        const rows = await waitFor('IOTA to fail', async () => {
          const all = (await q(SYNC)).inventorySync as Array<{ platform: string; state: string; error: string | null }>;
          return all.filter((r) => r.platform === 'IOTA').every((r) => r.state === 'FAILED') ? all : undefined;
        });
        for (const row of rows.filter((r) => r.platform === 'IOTA'))
          expect(row.error).toMatch(/IOTA|HTTP|unavailable/i);
        for (const row of rows.filter((r) => r.platform !== 'IOTA')) expect(row.state).not.toBe('FAILED');
        // Its products are still served from the inventory.
        expect((await q('{ fleetSummary(filter: { platforms: [IOTA] }) { total } }')).fleetSummary.total).toBe(before);
        const page = await q(
          '{ products(first: 5, filter: { platforms: [IOTA] }) { edges { node { id syncedAt } } } }',
        );
        expect(page.products.edges).toHaveLength(5);
      } finally {
        await stack.sandbox.admin('DELETE', '/admin/faults/IOTA');
      }
    });
  });
}
