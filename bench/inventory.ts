/**
 * The inventory (issue 11): what a fleet dashboard pays when the gateway reads its synced inventory.
 *
 * - `inventoryScale`: N products (10 accounts over the cellular platforms) written straight into the store, then a
 *   gateway process over it with the sync idle and every carrier unreachable: p50/p99 of (a) a 100-product page with
 *   simCard, dataConnectivity and usage, a status filter, LAST_CHANGED order and totalCount, (b) fleetSummary,
 *   (c) an ICCID-prefix search; the carrier calls they made (gateway_backend_calls_total); and the query plans.
 * - `inventoryFreshness`: the time from an out-of-band change at the sandbox to the productStatusChanged event.
 * - `inventorySyncCost`: an initial sync at the platforms' published limits, measured on a small fleet and computed
 *   for 100,000 products per platform from calls ÷ the sync's share of the rate.
 * - `inventoryPriority`: product(id, consistency: LIVE) while a full sync runs vs idle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { InventoryStore } from '../src/inventory/store.js';
import { SecretBox } from '../src/security/secret-box.js';
import { openDb, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrations.js';
import { TenantStore } from '../src/store/tenants.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { fmt, markdownTable, percentile, start, type BenchEnv, type BenchResult } from './lib.js';

const SECRETS_KEY = 'b'.repeat(64);
const ACCOUNTS: Array<[string, string]> = [
  ['TMUS', '8901260'],
  ['JASPER', '8997112'],
  ['IOTA', '8943102'],
  ['1NCE', '8988228'],
  ['TMSP', '8949226'],
  ['AIRLINQ', '8991840'],
  ['STC', '8996601'],
  ['TURKCELL', '8990011'],
  ['TMUS', '8901261'],
  ['1NCE', '8988229'],
];
const STATUSES = [
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'SUSPENDED',
  'INVENTORY',
  'TERMINATED',
  'PENDING_ACTIVE',
  'BLOCKED',
];

/** Writes `perAccount` products into each of the ten accounts of tenant `bench`, as a finished sync would. */
export async function seed(
  db: Db,
  perAccount: number,
  log: (s: string) => void,
): Promise<{ clientId: string; secret: string }> {
  const tenants = new TenantStore(db, SecretBox.fromConfig(SECRETS_KEY, os.tmpdir()));
  await tenants.createTenant('bench', 'Benchmark fleet');
  for (const [i, [platform, prefix]] of ACCOUNTS.entries()) {
    const account = await tenants.addAccount({
      tenantId: 'bench',
      platform: platform as never,
      name: `${platform} ${i}`,
      backendAccountId: `acct-${i}`,
      baseUrl: 'http://127.0.0.1:9/unreachable',
      credentials: {
        username: 'u',
        password: 'p',
        clientId: 'c',
        clientSecret: 's',
        apiKey: 'k',
        partnerId: 'p',
        customerNo: 'c',
        organizationId: 'o',
        tokenUrl: 'http://127.0.0.1:9/t',
      },
    });
    const started = Date.now();
    for (let from = 0; from < perAccount; from += 50_000) {
      const to = Math.min(perAccount, from + 50_000);
      await db.query(
        `INSERT INTO inventory_products (tenant_id, account_id, platform, key, connectivity_type, status, platform_status, iccid, imsi, msisdn,
           characteristics, sim_card, data_connectivity, details_synced_at, usage, usage_synced_at, last_changed_at, synced_at)
         SELECT 'bench', $1, $2, k, 'CELLULAR', ($3::text[])[1 + (i % 10)], 'native', k, imsi, msisdn, '[]',
           jsonb_build_object('iccid', k, 'imsi', imsi, 'msisdn', msisdn, 'imei', null, 'eid', null, 'status', 'ACTIVE', 'platformStatus', 'native', 'activatedAt', '2024-01-01T00:00:00Z', 'characteristics', '[]'::jsonb),
           jsonb_build_object('networkProvider', 'Carrier', 'connectivityTypes', '["LTE"]'::jsonb, 'communicationPlan', 'plan', 'apns', '["iot.apn"]'::jsonb),
           now(),
           jsonb_build_object('buckets', jsonb_build_array(jsonb_build_object('level', 'GLOBAL', 'usageType', 'DATA', 'used', jsonb_build_object('amount', i % 100000, 'units', 'bytes'), 'limit', null, 'remaining', null, 'period', jsonb_build_object('start', '2026-12-01T00:00:00Z', 'end', null)))),
           now(), now() - make_interval(secs => (i * 37) % 8640000), now()
         FROM generate_series($4::int, $5::int) i,
           LATERAL (SELECT $6 || lpad(i::text, 12, '0') AS k, '26201' || lpad(i::text, 10, '0') AS imsi, '4917' || lpad(i::text, 9, '0') AS msisdn) x`,
        [account.id, platform, STATUSES, from + 1, to, prefix],
      );
    }
    log(`  seeded ${platform} account ${i}: ${perAccount} products in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const far = new Date(Date.now() + 10 * 365 * 86_400_000);
  await db.query(
    `INSERT INTO inventory_sync (account_id, tenant_id, platform, state, last_full_sync_at, next_full_at, next_change_at)
     SELECT id, tenant_id, platform, 'IDLE', now(), $1, $1 FROM platform_accounts WHERE tenant_id = 'bench'`,
    [far],
  );
  await db.query('ANALYZE inventory_products');
  const { application, secret } = await tenants.createApplication({ name: 'bench', grant: 'read', tenants: ['bench'] });
  return { clientId: application.clientId, secret };
}

/** The plan PostgreSQL chooses for the inventory's own SQL of a read. */
async function plan(db: Db, run: (store: InventoryStore) => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const explaining: Db = {
    ...db,
    kind: db.kind,
    query: async <T extends object>(sql: string, params?: readonly unknown[]) => {
      const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      lines.push(...rows.map((r) => r['QUERY PLAN']));
      return [] as T[];
    },
    transaction: db.transaction.bind(db),
    exec: db.exec.bind(db),
    close: db.close.bind(db),
  };
  await run(new InventoryStore(explaining));
  return lines.join('\n');
}

export async function inventoryScale(
  options: { store: 'postgres' | 'pglite'; products: number; runs: number },
  log: (s: string) => void = console.log,
): Promise<BenchResult> {
  const perAccount = Math.ceil(options.products / ACCOUNTS.length);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-inv-'));
  const database = options.store === 'postgres' ? await createTestDatabase() : undefined;
  log(`inventory scale on ${options.store}: seeding ${perAccount * ACCOUNTS.length} products…`);
  const seedStarted = Date.now();
  const db = await openDb({ databaseUrl: database?.url, dataDir });
  await migrate(db);
  const app = await seed(db, perAccount, log);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const accountIds = (await db.query<{ id: string }>(`SELECT id FROM platform_accounts WHERE tenant_id = 'bench'`)).map(
    (r) => r.id,
  );
  const plans =
    options.store === 'postgres'
      ? {
          page: await plan(db, (s) =>
            s.page(
              { tenantId: 'bench', accountIds, statuses: ['SUSPENDED'] },
              { field: 'LAST_CHANGED', direction: 'DESC' },
              101,
              null,
            ),
          ),
          summary: await plan(db, (s) => s.statusCounts({ tenantId: 'bench', accountIds })),
          search: await plan(db, (s) =>
            s.page(
              { tenantId: 'bench', accountIds, search: '8988228000000123' },
              { field: 'ICCID', direction: 'ASC' },
              101,
              null,
            ),
          ),
        }
      : undefined;
  if (options.store === 'pglite') await db.close(); // the gateway process opens the same files
  const { proc: gateway, match } = await start(
    ['src/main.ts'],
    {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      SANDBOX: 'off',
      NODE_ENV: 'production',
      SECRETS_KEY,
      ...(database ? { DATABASE_URL: database.url } : {}),
      INVENTORY: 'on',
      APP_COST_PER_WINDOW: '1000000000',
      QUERY_MAX_COST: '10000000',
      TOKEN_TTL_SECONDS: '86400',
    },
    /listening on (http:\/\/\S+)[\s\S]*Health:/,
  );
  const url = match[1]!;
  try {
    const token = (
      (await (
        await fetch(`${url}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: app.clientId,
            client_secret: app.secret,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const query = async (q: string) => {
      const started = performance.now();
      const res = await fetch(`${url}/bench/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return { body, ms: performance.now() - started };
    };
    const calls = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('gateway_backend_calls_total{'))
        .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
    };
    const statuses = ['SUSPENDED', 'INVENTORY', 'TERMINATED', 'BLOCKED'];
    const cases: Array<[string, (i: number) => string]> = [
      [
        '(a) 100-product page: simCard, dataConnectivity, usage; status filter; LAST_CHANGED desc; totalCount',
        (i) =>
          `{ products(first: 100, filter: { statuses: [${statuses[i % statuses.length]}] }, orderBy: { field: LAST_CHANGED, direction: DESC }) {
          totalCount edges { node { id status syncedAt simCard { imsi } dataConnectivity { apns } usage { buckets { used { amount units } } } } } } }`,
      ],
      [
        '(b) fleetSummary',
        () =>
          '{ fleetSummary { total byStatus { status count } byPlatform { platform total byStatus { status count } } oldestSyncedAt } }',
      ],
      // The first 16 of an ICCID's 19 digits, as a user types them: up to 10 products match.
      [
        '(c) ICCID-prefix search, 16 digits (100 per page, with totalCount)',
        (i) =>
          `{ products(first: 100, filter: { search: "${`${ACCOUNTS[i % ACCOUNTS.length]![1]}${String((i * 7919) % perAccount).padStart(12, '0')}`.slice(0, 16)}" }) { totalCount edges { node { id iccid } } } }`,
      ],
      [
        "(d) ICCID-prefix search, 7 digits: one account's 100,000 products (100 per page, with totalCount)",
        (i) =>
          `{ products(first: 100, filter: { search: "${ACCOUNTS[i % ACCOUNTS.length]![1]}" }) { totalCount edges { node { id iccid } } } }`,
      ],
    ];
    const callsBefore = await calls();
    const rows: Array<Array<string | number>> = [];
    for (const [name, make] of cases) {
      for (let i = 0; i < 10; i++) await query(make(i)); // warm-up
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) times.push((await query(make(i))).ms);
      rows.push([name, options.runs, fmt(percentile(times, 50)), fmt(percentile(times, 99))]);
    }
    const carrierCalls = (await calls()) - callsBefore;
    const rss = await (await fetch(`${url}/metrics`)).text().then((t) =>
      Number(
        t
          .split('\n')
          .find((l) => l.startsWith('process_resident_memory_bytes '))
          ?.split(' ')
          .pop(),
      ),
    );
    const notes = [
      `${(perAccount * ACCOUNTS.length).toLocaleString('en-US')} products in 10 accounts on ${options.store === 'postgres' ? "PostgreSQL (the machine's server)" : 'PGlite (embedded, in the gateway process)'}; seeded in ${fmt(seedSeconds, 0)} s straight into the store (as finished sync passes leave it), sync idle, every carrier unreachable.`,
      `Carrier calls made by all ${options.runs * cases.length} timed queries and their warm-ups: **${carrierCalls}** (gateway_backend_calls_total).`,
      `Gateway resident memory after the runs: ${fmt(rss / 2 ** 20, 0)} MiB.`,
      'Times are wall time at the client, one query at a time, over HTTP on loopback.',
    ];
    if (plans) {
      notes.push(`Plan of (a)'s SQL (PostgreSQL EXPLAIN):\n\n\`\`\`\n${plans.page}\n\`\`\``);
      notes.push(`Plan of (b)'s SQL — the counts kept by triggers, not a scan:\n\n\`\`\`\n${plans.summary}\n\`\`\``);
      notes.push(`Plan of (c)'s SQL:\n\n\`\`\`\n${plans.search}\n\`\`\``);
    }
    return {
      title: `Inventory reads over ${(perAccount * ACCOUNTS.length).toLocaleString('en-US')} products on ${options.store === 'postgres' ? 'PostgreSQL' : 'PGlite'}`,
      table: markdownTable(['query', 'runs', 'p50 (ms)', 'p99 (ms)'], rows),
      notes,
    };
  } finally {
    await gateway.stop();
    if (options.store === 'postgres') await db.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const WORDS: Record<string, [string, string]> = {
  TMUS: ['DEACTIVATED', 'ACTIVATED'],
  JASPER: ['DEACTIVATED', 'ACTIVATED'],
  IOTA: ['DEACTIVATED', 'ACTIVE'],
  '1NCE': ['Disabled', 'Enabled'],
  STC: ['SUSPENDED', 'ACTIVE'],
  TMSP: ['Suspended', 'Productive'],
  AIRLINQ: ['SUSPEND', 'ACTIVE'],
  GALAXY1: ['SUSPENDED', 'IN_SERVICE'],
};
const ENUM: Record<string, string> = { '1NCE': 'ONE_NCE' };

/** Waits for every account of the demo tenant to have a complete listing. */
export async function waitSynced(env: BenchEnv, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { body } = await env.query<{ inventorySync: Array<{ lastFullSyncAt: string | null }> }>(
      '{ inventorySync { lastFullSyncAt } }',
    );
    const rows = body.data?.inventorySync ?? [];
    if (rows.length && rows.every((r) => r.lastFullSyncAt)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error('the inventory did not sync in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function inventoryFreshness(
  env: BenchEnv,
  options: { changes: number; intervalS: number },
): Promise<BenchResult> {
  await waitSynced(env);
  const wsUrl = `${env.gatewayUrl.replace('http', 'ws')}/demo/graphql`;
  const seen = new Map<string, number>();
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
    ws.once('error', reject);
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${env.token}` } })),
    );
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        type: string;
        payload?: { data?: { productStatusChanged?: { productId: string; source: string } } };
      };
      if (msg.type === 'connection_ack') {
        ws.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: 'subscription { productStatusChanged { productId source } }' },
          }),
        );
        setTimeout(() => resolve(ws), 300);
      }
      const event = msg.payload?.data?.productStatusChanged;
      if (msg.type === 'next' && event?.source === 'PLATFORM' && !seen.has(event.productId))
        seen.set(event.productId, performance.now());
    });
  });
  const platforms = Object.keys(WORDS);
  const targets: Array<{ id: string; key: string; platform: string }> = [];
  for (const platform of platforms) {
    const { body } = await env.query<{
      products: { edges: Array<{ node: { id: string; iccid: string | null; serialNumber: string | null } }> };
    }>(
      `{ products(first: ${Math.ceil(options.changes / platforms.length)}, filter: { platforms: [${ENUM[platform] ?? platform}], statuses: [ACTIVE] }) { edges { node { id iccid serialNumber } } } }`,
    );
    for (const { node } of body.data?.products.edges ?? [])
      targets.push({ id: node.id, key: node.iccid ?? node.serialNumber!, platform });
  }
  const latencies: number[] = [];
  const chosen = targets.slice(0, options.changes);
  for (let i = 0; i < chosen.length; i += 5) {
    const round = chosen.slice(i, i + 5);
    const sent = new Map<string, number>();
    for (const t of round) {
      await env.admin('POST', `/admin/platforms/${t.platform}/changes`, { key: t.key, status: WORDS[t.platform]![0] });
      sent.set(t.id, performance.now());
    }
    const deadline = Date.now() + (options.intervalS + 60) * 1000;
    while ([...sent.keys()].some((id) => !seen.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    for (const [id, at] of sent) if (seen.has(id)) latencies.push(seen.get(id)! - at);
  }
  socket.close();
  return {
    title: 'Inventory freshness: an out-of-band change at a carrier to the productStatusChanged event',
    table: markdownTable(
      ['changes', 'events received', 'p50 (s)', 'max (s)', 'change interval (s)'],
      [
        [
          chosen.length,
          latencies.length,
          fmt(percentile(latencies, 50) / 1000, 2),
          fmt(Math.max(...latencies) / 1000, 2),
          options.intervalS,
        ],
      ],
    ),
    notes: [
      `Each change made through the sandbox admin API (as the carrier's own portal would), over ${platforms.length} platforms, five at a time; the event is the one the sync publishes with source PLATFORM.`,
      "Cisco (TMUS, JASPER) is followed by its modifiedSince listing; the other platforms by a full listing each change interval, so an event waits for the next pass plus the time that pass takes at the platform's rate limit. Platform rate limits on.",
    ],
  };
}

/** Published rates (calls/s) and list page sizes the adapters use; 100k products need ceil(100k / page) list calls. */
const PUBLISHED: Record<string, { rate: number; page: number; perProductDetails?: boolean }> = {
  TMSP: { rate: 20, page: 100 },
  TMUS: { rate: 5, page: 50, perProductDetails: true },
  JASPER: { rate: 5, page: 50, perProductDetails: true },
  IOTA: { rate: 10, page: 500 },
  INTELSAT: { rate: 20, page: 100 },
  AIRLINQ: { rate: 50, page: 100 },
  '1NCE': { rate: 10, page: 100 },
  STC: { rate: 30, page: 100 },
  TURKCELL: { rate: 25, page: 100 },
  GALAXY1: { rate: 15, page: 100 },
};

export async function inventorySyncCost(
  env: BenchEnv,
  options: { fleetSize: number; share: number },
): Promise<BenchResult> {
  const ms = await waitSynced(env);
  const counts = await env.counts();
  const { body } = await env.query<{
    inventorySync: Array<{ platform: string; products: number; lastFullSyncAt: string }>;
  }>('{ inventorySync { platform products lastFullSyncAt } }');
  const rows = (body.data?.inventorySync ?? []).map((r) => {
    const code = r.platform === 'ONE_NCE' ? '1NCE' : r.platform;
    const calls = counts
      .filter((c) => c.platform === code && !/token|oauth|login/.test(c.endpoint))
      .reduce((s, c) => s + c.count, 0);
    const p = PUBLISHED[code]!;
    const listCalls = Math.ceil(100_000 / p.page);
    const detailCalls = p.perProductDetails ? 100_000 : 0;
    const rate = p.rate * options.share;
    return [
      r.platform,
      r.products,
      calls,
      listCalls,
      fmt(listCalls / rate / 60, 1),
      detailCalls ? `${detailCalls.toLocaleString('en-US')} (${fmt(detailCalls / rate / 3600, 1)} h)` : '—',
    ];
  });
  return {
    title: `Initial sync at the platforms' published limits (sync share ${options.share})`,
    table: markdownTable(
      [
        'platform',
        `products (measured, ${options.fleetSize} per account)`,
        'calls made (measured)',
        'list calls for 100,000 (computed)',
        'listing 100,000 (min, computed)',
        'per-product detail calls for 100,000',
      ],
      rows,
    ),
    notes: [
      `Measured: all ten accounts of the demo tenant listed from empty in ${fmt(ms / 1000, 1)} s (${options.fleetSize} products each, rate limits on, the sync at ${options.share} of each platform's budget).`,
      "Computed: calls ÷ (published rate × sync share). Listing 100,000 products is minutes on every platform; Cisco's per-device details (IMSI, MSISDN, activation date) take one call each and are filled in the background at the budget left, and on first read.",
    ],
  };
}

export async function inventoryPriority(env: BenchEnv, options: { runs: number }): Promise<BenchResult> {
  await waitSynced(env);
  const { body } = await env.query<{ products: { edges: Array<{ node: { id: string } }> } }>(
    '{ products(first: 5, filter: { platforms: [TMUS] }) { edges { node { id } } } }',
  );
  const ids = body.data!.products.edges.map((e) => e.node.id);
  const measure = async () => {
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const r = await env.query(
        `{ product(id: "${ids[i % ids.length]}", consistency: LIVE) { id status simCard { imsi } } }`,
      );
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      times.push(r.ms);
      await new Promise((res) => setTimeout(res, 100));
    }
    return times;
  };
  const idle = await measure();
  await env.query('mutation { syncInventory(full: true) { state } }');
  await new Promise((r) => setTimeout(r, 500));
  const busy = await measure();
  const { body: state } = await env.query<{ inventorySync: Array<{ platform: string; state: string }> }>(
    '{ inventorySync { platform state } }',
  );
  return {
    title: 'Interactive latency while the inventory syncs (priority of interactive calls)',
    table: markdownTable(
      ['product(id, consistency: LIVE) on TMUS', 'runs', 'p50 (ms)', 'p99 (ms)'],
      [
        ['idle', idle.length, fmt(percentile(idle, 50)), fmt(percentile(idle, 99))],
        ['during a full sync of every account', busy.length, fmt(percentile(busy, 50)), fmt(percentile(busy, 99))],
      ],
    ),
    notes: [
      "Cisco allows 5 calls/s per account: a LIVE read with simCard takes two calls. The sync's calls wait while any interactive call waits and use at most their share of the rate, so the read does not queue behind the listing.",
      `Sync states when the busy runs ended: ${(state.data?.inventorySync ?? []).map((s) => `${s.platform} ${s.state}`).join(', ')}.`,
    ],
  };
}
