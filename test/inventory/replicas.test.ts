/**
 * The inventory's sync shared by replicas on PostgreSQL and Redis: a replica killed (SIGKILL) in the middle of a
 * full listing leaves its lease to expire, and another replica resumes the listing from the stored checkpoint (it
 * does not start again from the first page); a status changed at a carrier reaches subscribers on every replica
 * once, with source PLATFORM.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startGatewayProcess, type GatewayProcess } from '../helpers/process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { collect, wsClient } from '../helpers/ws.js';

const FLEET = 1_500;
let sandbox: TestSandbox;
let database: { url: string; drop(): Promise<void> };
let db: pg.Client;
const processes: GatewayProcess[] = [];

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const syncRow = async (platform: string) =>
  (
    await db.query<{
      checkpoint: { position: string | null } | null;
      last_full_sync_at: Date | null;
      lease_owner: string | null;
    }>(
      `SELECT s.checkpoint, s.last_full_sync_at, s.lease_owner FROM inventory_sync s JOIN platform_accounts a ON a.id = s.account_id
     WHERE a.tenant_id = 'demo' AND s.platform = $1`,
      [platform],
    )
  ).rows[0];

beforeAll(async () => {
  sandbox = await startTestSandbox(
    [
      { code: 'TMUS', factory: ciscoSimulator },
      { code: '1NCE', factory: oneNceSimulator },
    ],
    { fleetSize: FLEET, accountsPerPlatform: 1 },
  );
  database = await createTestDatabase();
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 60_000);
afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL').catch(() => undefined);
  await db?.end();
  await sandbox?.close();
  await database?.drop();
});

const env = () => ({
  DATABASE_URL: database.url,
  REDIS_URL: 'redis://127.0.0.1:6379/5',
  SANDBOX_MANIFEST_URL: `${sandbox.sandbox.adminUrl}/admin/manifest`,
  INVENTORY: 'on',
  INVENTORY_CHANGE_INTERVAL_S: '1',
  INVENTORY_LEASE_S: '3',
});

describe('inventory sync across replicas', () => {
  it('resumes a full listing from its checkpoint after the replica doing it is killed', async () => {
    const a = await startGatewayProcess(env());
    processes.push(a);
    // Let A list a few Cisco pages (50 devices each, at its share of 5 calls/s), then kill it without warning.
    const listCallsNow = async () => (await sandbox.counts('TMUS'))['GET /rws/api/v1/devices'] ?? 0;
    await waitFor('A to be part-way through the Cisco listing', async () => {
      const row = await syncRow('TMUS');
      return row?.checkpoint?.position && (await listCallsNow()) >= 5 ? row : undefined;
    });
    await a.kill('SIGKILL');
    const listCallsBefore = await listCallsNow();

    const b = await startGatewayProcess(env());
    processes.push(b);
    const done = await waitFor(
      'B to finish the listing',
      async () => {
        const row = await syncRow('TMUS');
        return row?.last_full_sync_at ? row : undefined;
      },
      90_000,
    );
    expect(done.last_full_sync_at).toBeInstanceOf(Date);
    const listCalls = (await sandbox.counts('TMUS'))['GET /rws/api/v1/devices'] ?? 0;
    const pages = Math.ceil(FLEET / 50);
    // B carried on from A's checkpoint: the pages were listed about once in all (a page in flight may be repeated),
    // not once by A and then all over again by B.
    expect(listCallsBefore).toBeGreaterThanOrEqual(5);
    expect(listCalls).toBeLessThanOrEqual(pages + 3);
    const count = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM inventory_products WHERE platform = 'TMUS' AND tenant_id = 'demo'`,
    );
    expect(Number(count.rows[0]!.n)).toBe(FLEET);
    const summary = await b.query('{ fleetSummary(filter: { platforms: [TMUS] }) { total } }');
    expect(summary.data.fleetSummary.total).toBe(FLEET);
  }, 150_000);

  it('delivers a carrier-side change to subscribers on every replica once, with source PLATFORM', async () => {
    const b = processes[1]!;
    const c = await startGatewayProcess(env());
    processes.push(c);
    await waitFor('1NCE to be synced', async () => (await syncRow('1NCE'))?.last_full_sync_at);
    const page = await c.query(
      '{ products(first: 1, filter: { platforms: [ONE_NCE], statuses: [ACTIVE] }) { edges { node { id iccid } } } }',
    );
    const target = page.data.products.edges[0].node as { id: string; iccid: string };
    const onB = collect<{ productStatusChanged: { productId: string; status: string; source: string } }>(
      wsClient(b.url, 'demo', await b.token()),
      'subscription { productStatusChanged(filter: { platforms: [ONE_NCE] }) { productId status source } }',
    );
    const onC = collect<{ productStatusChanged: { productId: string; status: string; source: string } }>(
      wsClient(c.url, 'demo', await c.token()),
      'subscription { productStatusChanged(filter: { platforms: [ONE_NCE] }) { productId status source } }',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await sandbox.admin('POST', '/admin/platforms/1NCE/changes', { key: target.iccid, status: 'Disabled' })).status,
    ).toBe(200);
    const expected = { productId: target.id, status: 'SUSPENDED', source: 'PLATFORM' };
    await onB.until((v) => v.some((e) => e.productStatusChanged.productId === target.id), 20_000);
    await onC.until((v) => v.some((e) => e.productStatusChanged.productId === target.id), 20_000);
    await new Promise((r) => setTimeout(r, 2_500)); // later passes on either replica must not report it again
    for (const events of [onB, onC]) {
      expect(
        events.values.filter((e) => e.productStatusChanged.productId === target.id).map((e) => e.productStatusChanged),
      ).toEqual([expected]);
    }
    onB.dispose();
    onC.dispose();
  }, 90_000);
});
