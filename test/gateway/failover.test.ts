/**
 * No monitor is lost when a gateway process is killed mid-operation: process A accepts a batch and starts sending
 * it; A is killed with SIGKILL; process B, sharing the PostgreSQL store, picks the monitor up and drives it to the
 * end. No SIM is changed twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startGatewayProcess, type GatewayProcess } from '../helpers/process.js';

let sandbox: TestSandbox;
let database: { url: string; drop(): Promise<void> };
const processes: GatewayProcess[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 200 });
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) await p.kill('SIGKILL');
  await sandbox?.close();
  await database?.drop();
});

const env = () => ({
  DATABASE_URL: database.url,
  SANDBOX_MANIFEST_URL: `${sandbox.sandbox.adminUrl}/admin/manifest`,
  TRACKER_INTERVAL_MS: '100',
  TRACKER_LEASE_MS: '2000',
});

describe('a gateway process killed mid-batch', () => {
  it('leaves its monitor to the next process, which finishes it without repeating a carrier write', async () => {
    const a = await startGatewayProcess(env());
    processes.push(a);
    const list = await a.query('{ products(first: 100, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
    const ids: string[] = list.data.products.edges.map((e: { node: { id: string } }) => e.node.id).slice(0, 30);
    expect(ids.length).toBe(30);
    await sandbox.admin('DELETE', '/admin/counters');

    const created = await a.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id } }',
      { ids },
    );
    const monitorId: string = created.data.batchUpdate.id;
    // Cisco takes one call at a time, 5 per second: kill A once a few products are done.
    for (let i = 0; i < 100; i++) {
      const m = await a.query('query($id: ID!) { monitor(id: $id) { responses { state } } }', { id: monitorId });
      if (m.data.monitor.responses.filter((r: { state: string }) => r.state === 'DONE').length >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await a.kill('SIGKILL')).toBeNull();
    const doneByA = await sandbox.counts('TMUS');

    const b = await startGatewayProcess(env());
    processes.push(b);
    let monitor:
      { state: string; responses: Array<{ productId: string; state: string; message: string | null }> } | undefined;
    for (let i = 0; i < 300; i++) {
      monitor = (
        await b.query('query($id: ID!) { monitor(id: $id) { state responses { productId state message } } }', {
          id: monitorId,
        })
      ).data.monitor;
      if (monitor!.state !== 'IN_PROGRESS') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(monitor!.state).not.toBe('IN_PROGRESS');
    expect(monitor!.responses).toHaveLength(30);
    const unknown = monitor!.responses.filter((r) => r.state === 'FAILED');
    expect(unknown.length).toBeLessThanOrEqual(1); // at most the one A was sending when it died
    for (const r of unknown) expect(r.message).toMatch(/Outcome unknown/);
    expect(monitor!.responses.filter((r) => r.state === 'DONE').length).toBeGreaterThanOrEqual(29);

    // Every SIM was written at most once, whichever process wrote it.
    const puts = (await sandbox.counts('TMUS'))['PUT /rws/api/v1/devices/:iccid'] ?? 0;
    expect(puts).toBeLessThanOrEqual(30);
    expect(puts).toBeGreaterThan(doneByA['PUT /rws/api/v1/devices/:iccid'] ?? 0);
    const check = await b.query('query($id: ID!) { product(id: $id) { status } }', { id: ids[29] });
    expect(check.data.product.status).toBe('SUSPENDED');
    await b.kill('SIGTERM');
  }, 90_000);
});
