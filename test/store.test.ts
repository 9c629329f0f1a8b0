/**
 * The store on both engines: PGlite (embedded default, files under DATA_DIR) and the machine's PostgreSQL server.
 * Same migrations, same queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../src/auth/keys.js';
import { openDb, type Db } from '../src/store/db.js';
import { isMigrated, migrate, MIGRATIONS } from '../src/store/migrations.js';
import { TenantStore } from '../src/store/tenants.js';
import { createTestDatabase } from './helpers/postgres.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const engines: Array<[string, () => Promise<{ open: () => Promise<Db> }>]> = [
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gw-store-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return { open: () => openDb({ dataDir: dir }) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      return { open: () => openDb({ databaseUrl: database.url }) };
    },
  ],
];

describe.each(engines)('store on %s', (_name, setup) => {
  it('applies migrations once, and keeps data and the signing key across a restart', async () => {
    const { open } = await setup();
    let db = await open();
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    expect(await isMigrated(db)).toBe(true);

    const tenants = new TenantStore(db);
    await tenants.createTenant('acme', 'Acme');
    const { application, secret } = await tenants.createApplication({
      name: 'fleet ui',
      grant: 'read',
      tenants: ['acme'],
    });
    await tenants.addAccount({
      tenantId: 'acme',
      platform: '1NCE',
      name: '1NCE main',
      backendAccountId: 'org-1',
      baseUrl: 'http://127.0.0.1:1',
      credentials: { username: 'u', password: 'p' },
    });
    const kid = (await new KeyStore(db, 300).signingKey()).kid;
    await db.close();

    db = await open();
    expect(await migrate(db)).toEqual([]);
    const again = new TenantStore(db);
    expect(await again.getTenant('acme')).toEqual({ id: 'acme', name: 'Acme' });
    expect(await again.authenticate(application.clientId, secret)).toMatchObject({
      clientId: application.clientId,
      grant: 'read',
      tenants: ['acme'],
    });
    expect(await again.authenticate(application.clientId, secret + 'x')).toBeUndefined();
    expect((await again.listAccounts('acme')).map((a) => [a.platform, a.credentials])).toEqual([
      ['1NCE', { username: 'u', password: 'p' }],
    ]);
    expect((await new KeyStore(db, 300).signingKey()).kid).toBe(kid);
    await db.close();
  });

  it('stores client secrets only as hashes', async () => {
    const { open } = await setup();
    const db = await open();
    await migrate(db);
    const tenants = new TenantStore(db);
    await tenants.createTenant('t1', 'T1');
    const { application, secret } = await tenants.createApplication({
      name: 'x',
      grant: 'read_write',
      tenants: ['t1'],
    });
    const rows = await db.query<{ secret_hash: string }>('SELECT secret_hash FROM applications WHERE client_id = $1', [
      application.clientId,
    ]);
    expect(rows[0]!.secret_hash).toMatch(/^scrypt\$/);
    expect(rows[0]!.secret_hash).not.toContain(secret);
    await db.close();
  });

  it('rotating the signing key keeps the old key in the JWKS for one token lifetime', async () => {
    const { open } = await setup();
    const db = await open();
    await migrate(db);
    const keys = new KeyStore(db, 300);
    const first = (await keys.signingKey()).kid;
    const second = await keys.rotate();
    expect((await keys.signingKey()).kid).toBe(second);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual([second, first]);
    await db.query("UPDATE signing_keys SET retired_at = now() - interval '1 hour' WHERE kid = $1", [first]);
    expect((await keys.publicJwks()).keys.map((k) => k.kid)).toEqual([second]);
    await db.close();
  });
});
