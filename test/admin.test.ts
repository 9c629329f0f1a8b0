/**
 * Administration beside a running gateway, on PGlite and on PostgreSQL: every `npm run admin` command runs as a
 * child process (as an operator runs it) while the gateway runs, and what it creates is then used — the new
 * application gets a token and reads the new tenant's products from the account added to it; a rotated secret
 * replaces the old one at once; a revoked application and its live tokens are refused. Refusals (duplicate tenant,
 * unknown tenant, client id or platform, bad JSON) exit non-zero with a readable message and print no success.
 * On PGlite the CLI cannot open the files the gateway holds (--direct is refused), and after a restart on the same
 * DATA_DIR everything created is still there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockHolder, StoreLock } from '../src/admin/lock.js';
import { oneNceSimulator } from '../sandbox/simulators/onence/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { startGatewayProcess, type GatewayProcess } from './helpers/process.js';
import { startTestSandbox, type TestSandbox } from './helpers/sandbox.js';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', SECRETS_KEY: 'a'.repeat(64) };
  for (const key of ['ADMIN_TOKEN', 'ADMIN_URL', 'DATABASE_URL', 'PORT']) delete childEnv[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function tokenRequest(
  url: string,
  clientId: string,
  secret: string,
): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  const body = (await res.json()) as { access_token?: string };
  return { status: res.status, token: body.access_token };
}

async function graphql(
  url: string,
  tenant: string,
  token: string,
  query: string,
): Promise<{ status: number; body: { data?: any; errors?: Array<{ message: string }> } }> {
  const res = await fetch(`${url}/${tenant}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string }> } };
}

const value = (out: string, key: string): string => {
  const m = new RegExp(`^${key}=(\\S+)`, 'm').exec(out);
  if (!m) throw new Error(`no ${key}= in:\n${out}`);
  return m[1]!;
};

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox([{ code: '1NCE', factory: oneNceSimulator }]);
});
afterAll(async () => {
  await sandbox?.close();
});

describe('the admin CLI without a gateway', { timeout: 120_000 }, () => {
  it('explains itself: --help for the CLI and for each command', async () => {
    const all = await cli({}, '--help');
    expect(all.code).toBe(0);
    for (const command of [
      'tenants list',
      'tenants create',
      'accounts list',
      'accounts add',
      'accounts remove',
      'apps list',
      'apps create',
      'apps rotate-secret',
      'apps revoke',
      'keys rotate',
    ]) {
      expect(all.stdout).toContain(command);
    }
    expect(all.stdout).toContain('docs/administration.md');
    const one = await cli({}, 'apps', 'create', '--help');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/Usage: npm run admin -- apps create --name <name> --grant read\|read_write --tenants/);
    expect(one.stdout).toContain('Example:');
    const unknown = await cli({}, 'tenants', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "tenants frobnicate": tenants takes list, create');
    expect(readFileSync(path.join('docs', 'administration.md'), 'utf8')).toContain('## Commands');
  });

  it('refuses a bad ADMIN_TOKEN by name without echoing it', async () => {
    const bad = await cli(
      { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gw-admin-')), ADMIN_TOKEN: 'short-secret' },
      'tenants',
      'list',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('ADMIN_TOKEN: at least 24 characters');
    expect(bad.stderr).not.toContain('short-secret');
  });

  it('takes over a PGlite lock whose process is gone, and refuses one held by a live process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-lock-'));
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, role: 'gateway', since: new Date().toISOString(), url: 'http://127.0.0.1:1' }),
    );
    expect(lockHolder(dir)).toBeUndefined();
    const lock = StoreLock.acquire(dir, 'admin-cli');
    expect(lockHolder(dir)).toMatchObject({ pid: process.pid, role: 'admin-cli' });
    expect(() => StoreLock.acquire(dir, 'gateway')).toThrow(
      /the admin CLI \(pid \d+\) has the PGlite store in .* open/,
    );
    lock.release();
    expect(lockHolder(dir)).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each([{ store: 'PGlite' as const }, { store: 'PostgreSQL' as const }])(
  'admin commands beside a running gateway on $store',
  { timeout: 120_000 },
  ({ store }) => {
    let dataDir: string;
    let databaseUrl: string | undefined;
    let dropDb: (() => Promise<void>) | undefined;
    let gw: GatewayProcess;
    /** The CLI's environment: the gateway's DATA_DIR; on PostgreSQL also where the gateway listens. */
    let env: Record<string, string | undefined>;
    const tenant = 'fleet-co';
    let accountId: string;
    let clientId: string;
    let secret: string;
    let liveToken: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'gw-admin-'));
      if (store === 'PostgreSQL') ({ url: databaseUrl, drop: dropDb } = await createTestDatabase());
      gw = await startGatewayProcess({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
      // PGlite: the CLI finds the gateway from DATA_DIR alone (its lock names its URL); PostgreSQL: ADMIN_URL.
      env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ADMIN_URL: store === 'PostgreSQL' ? gw.url : undefined };
    }, 120_000);
    afterAll(async () => {
      if (gw?.child.exitCode === null) await gw.kill('SIGTERM');
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('protects the admin API with a generated admin token kept in DATA_DIR', async () => {
      const file = path.join(dataDir, 'admin-token');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(gw.output()).toContain(`Admin API:      `);
      expect(gw.output()).toContain(file);
      const none = await fetch(`${gw.url}/admin/v1/tenants`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      expect(
        (await fetch(`${gw.url}/admin/v1/tenants`, { headers: { authorization: 'Bearer not-the-admin-token-at-all' } }))
          .status,
      ).toBe(401);
      const token = readFileSync(file, 'utf8').trim();
      expect(
        (await fetch(`${gw.url}/admin/v1/tenants`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
      const wrong = await cli({ ...env, ADMIN_URL: gw.url, ADMIN_TOKEN: 'x'.repeat(32) }, 'tenants', 'list');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('refused the admin token from ADMIN_TOKEN');
    });

    it('creates a tenant through the gateway, and refuses a duplicate with a readable error', async () => {
      const created = await cli(env, 'tenants', 'create', tenant, 'Fleet Co');
      expect(created.stderr).toContain(
        `through the gateway's admin API at ${gw.url.replace('localhost', '127.0.0.1')}`,
      );
      expect(created).toMatchObject({ code: 0, stdout: `tenant ${tenant} created\n` });
      const again = await cli(env, 'tenants', 'create', tenant, 'Fleet Co again');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`tenant "${tenant}" already exists`);
      expect(again.stderr).not.toMatch(/duplicate key|constraint/);
      expect(again.stdout).toBe('');
      const list = await cli(env, 'tenants', 'list');
      expect(list.code).toBe(0);
      expect(list.stdout.split('\n')).toContain(`${tenant}\tFleet Co`);
    });

    it('adds a platform account, refusing unknown tenants, platforms and bad JSON', async () => {
      const account = sandbox.account(1, '1NCE');
      const args = [
        '--platform',
        '1NCE',
        '--name',
        '1NCE main',
        '--backend-id',
        account.id,
        '--base-url',
        sandbox.url('1NCE'),
      ];
      const added = await cli(
        env,
        'accounts',
        'add',
        tenant,
        ...args,
        '--credentials',
        JSON.stringify(account.credentials),
      );
      expect(added.code, added.stderr).toBe(0);
      accountId = /^account (\S+) added$/m.exec(added.stdout)![1]!;

      const [noTenant, badPlatform, badJson, missing, duplicate, list] = await Promise.all([
        cli(env, 'accounts', 'add', 'no-such-tenant', ...args, '--credentials', JSON.stringify(account.credentials)),
        cli(env, 'accounts', 'add', tenant, '--platform', 'NOKIA', ...args.slice(2), '--credentials', '{}'),
        cli(env, 'accounts', 'add', tenant, ...args, '--credentials', '{username: u}'),
        cli(env, 'accounts', 'add', tenant, ...args, '--credentials', '{"username":"u"}'),
        cli(env, 'accounts', 'add', tenant, ...args, '--credentials', JSON.stringify(account.credentials)),
        cli(env, 'accounts', 'list', tenant),
      ]);
      expect(noTenant.code).toBe(1);
      expect(noTenant.stderr).toContain('unknown tenant "no-such-tenant"');
      expect(badPlatform.code).toBe(2);
      expect(badPlatform.stderr).toContain(
        'unknown platform "NOKIA": use one of TMSP, TMUS, INTELSAT, IOTA, JASPER, AIRLINQ, 1NCE, STC, TURKCELL, GALAXY1',
      );
      expect(badJson.code).toBe(2);
      expect(badJson.stderr).toContain('--credentials is not valid JSON');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('credentials: password missing');
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toContain(
        `tenant "${tenant}" already has the 1NCE account "${account.id}" (${accountId})`,
      );
      expect(duplicate.stdout).toBe('');

      expect(list.code).toBe(0);
      expect(list.stdout).toContain(`${accountId}\t1NCE\t${account.id}\t1NCE main\t${sandbox.url('1NCE')}`);
      expect(list.stdout).not.toContain(account.credentials.password!);
    });

    it('creates an application that gets a token at once and reads the new tenant', async () => {
      const created = await cli(
        env,
        'apps',
        'create',
        '--name',
        'fleet dashboard',
        '--grant',
        'read_write',
        '--tenants',
        tenant,
      );
      expect(created.code, created.stderr).toBe(0);
      clientId = value(created.stdout, 'client_id');
      secret = value(created.stdout, 'client_secret');
      const { status, token } = await tokenRequest(gw.url, clientId, secret);
      expect(status).toBe(200);
      liveToken = token!;
      const products = await graphql(gw.url, tenant, liveToken, '{ products(first: 5) { edges { node { id } } } }');
      expect(products.body.errors).toBeUndefined();
      expect(products.body.data.products.edges).toHaveLength(5);
      for (const edge of products.body.data.products.edges) expect(edge.node.id).toMatch(/^1NCE-/);
      expect((await graphql(gw.url, 'demo', liveToken, '{ backends { platform } }')).status).toBe(403); // only its tenant

      const [list, noTenant, duplicate] = await Promise.all([
        cli(env, 'apps', 'list'),
        cli(env, 'apps', 'create', '--name', 'x', '--grant', 'read', '--tenants', `${tenant},ghost`),
        cli(env, 'apps', 'create', '--name', 'x', '--grant', 'read', '--tenants', tenant, '--client-id', clientId),
      ]);
      expect(list.stdout.split('\n')).toContain(`${clientId}\tread_write\t${tenant}\tactive\tfleet dashboard`);
      expect(noTenant.code).toBe(1);
      expect(noTenant.stderr).toContain('unknown tenant "ghost"');
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toContain(`application "${clientId}" already exists`);
    });

    it('rotates a secret: the old one is refused at once, the new one accepted', async () => {
      const rotated = await cli(env, 'apps', 'rotate-secret', clientId);
      expect(rotated.code, rotated.stderr).toBe(0);
      const fresh = value(rotated.stdout, 'client_secret');
      expect((await tokenRequest(gw.url, clientId, secret)).status).toBe(401);
      const next = await tokenRequest(gw.url, clientId, fresh);
      expect(next.status).toBe(200);
      secret = fresh;
      const unknown = await cli(env, 'apps', 'rotate-secret', 'app-does-not-exist');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('unknown client id "app-does-not-exist"');
    });

    it('rotates the signing key: new tokens use it, tokens signed before keep working', async () => {
      const rotated = await cli(env, 'keys', 'rotate');
      expect(rotated.code, rotated.stderr).toBe(0);
      const kid = /^new signing key (\S+);/m.exec(rotated.stdout)![1]!;
      const { token } = await tokenRequest(gw.url, clientId, secret);
      expect(JSON.parse(Buffer.from(token!.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
      expect((await graphql(gw.url, tenant, token!, '{ backends { platform } }')).status).toBe(200);
      expect((await graphql(gw.url, tenant, liveToken, '{ backends { platform } }')).status).toBe(200);
    });

    it('removes an account: the tenant no longer reads it', async () => {
      const removed = await cli(env, 'accounts', 'remove', accountId);
      expect(removed).toMatchObject({ code: 0, stdout: `account ${accountId} removed\n` });
      const products = await graphql(gw.url, tenant, liveToken, '{ products(first: 5) { edges { node { id } } } }');
      expect(products.body.data.products.edges).toEqual([]);
      const again = await cli(env, 'accounts', 'remove', accountId);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`unknown account "${accountId}"`);
    });

    it('revokes an application: its secret and its live tokens are refused at once', async () => {
      const revoked = await cli(env, 'apps', 'revoke', clientId);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect((await tokenRequest(gw.url, clientId, secret)).status).toBe(401);
      expect((await graphql(gw.url, tenant, liveToken, '{ backends { platform } }')).status).toBe(401);
      const again = await cli(env, 'apps', 'revoke', clientId);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`application "${clientId}" is already revoked`);
    });

    it.runIf(store === 'PGlite')(
      'never opens the PGlite files the running gateway holds, and loses nothing across a restart',
      async () => {
        await expect(startGatewayProcess({ DATA_DIR: dataDir })).rejects.toThrow(
          /The gateway could not start: a gateway \(pid \d+, http:\/\/\S+\) has the PGlite store in .* open/,
        );
        const direct = await cli(env, '--direct', 'tenants', 'create', 'sneaky', 'Sneaky');
        expect(direct.code).toBe(1);
        expect(direct.stderr).toMatch(/a gateway \(pid \d+, http:\/\/\S+\) has the PGlite store in .* open/);

        const created = await cli(
          env,
          'apps',
          'create',
          '--name',
          'kept',
          '--grant',
          'read',
          '--tenants',
          tenant,
          '--client-id',
          'kept-app',
        );
        expect(created.code, created.stderr).toBe(0);
        const keptSecret = value(created.stdout, 'client_secret');

        expect(await gw.kill('SIGTERM')).toBe(0);
        const stopped = await cli(env, 'tenants', 'list'); // no gateway: the CLI reads the files itself, and says so
        expect(stopped.code).toBe(0);
        expect(stopped.stderr).toContain('directly on the store');
        expect(stopped.stdout).toContain(`${tenant}\tFleet Co`);
        expect(stopped.stdout).not.toContain('sneaky');

        gw = await startGatewayProcess({ DATA_DIR: dataDir });
        const apps = await cli(env, 'apps', 'list');
        expect(apps.stderr).toContain("through the gateway's admin API");
        expect(apps.stdout).toContain(`kept-app\tread\t${tenant}\tactive\tkept`);
        expect(apps.stdout).toContain(`${clientId}\tread_write\t${tenant}\trevoked`);
        const { status, token } = await tokenRequest(gw.url, 'kept-app', keptSecret);
        expect(status).toBe(200);
        expect((await graphql(gw.url, tenant, token!, '{ backends { platform } }')).status).toBe(200);
      },
      240_000,
    ); // two gateway starts: a loaded CI machine takes up to a minute for each

    it.runIf(store === 'PostgreSQL')(
      'uses the store directly once no gateway runs, unless ADMIN_URL insists on one',
      async () => {
        const port = new URL(gw.url).port;
        expect(await gw.kill('SIGTERM')).toBe(0);
        const insisted = await cli(env, 'tenants', 'list'); // ADMIN_URL names the stopped gateway
        expect(insisted.code).toBe(1);
        expect(insisted.stderr).toContain(`no gateway answers at ADMIN_URL ${gw.url}`);
        expect(insisted.stdout).toBe('');
        const direct = await cli({ ...env, ADMIN_URL: undefined, PORT: port }, 'apps', 'list');
        expect(direct.code, direct.stderr).toBe(0);
        expect(direct.stderr).toContain(
          `directly on the store (PostgreSQL at DATABASE_URL); no gateway answers at http://127.0.0.1:${port}`,
        );
        expect(direct.stdout).toContain(`${clientId}\tread_write\t${tenant}\trevoked`);
      },
    );
  },
);
