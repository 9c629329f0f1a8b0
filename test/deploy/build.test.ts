/**
 * The compiled production build, as the image runs it: `tsc -p tsconfig.build.json` into a temporary directory
 * beside a copy of package.json and the lock file, `npm ci --omit=dev` there (no tsx, no TypeScript, no vitest),
 * then plain `node dist/…`:
 *
 * - `node dist/scripts/start.js` serves the demo: embedded sandbox, printed credentials, a token and a query.
 * - compose.yaml's topology as processes: the sandbox as its own process (`node dist/sandbox/main.js`), two gateway
 *   replicas (`node dist/src/main.js`, NODE_ENV=production, the environment compose.yaml gives them) on a fresh
 *   PostgreSQL database and Redis; a token from either works on both, and a change made through one is read
 *   through the other. (test/gateway/replicas.test.ts covers subscription events across replicas.)
 *
 * Slow by nature (a compile and an install, about a minute or two): one file, one build.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { interpolate, parseCompose, ROOT } from './manifests.js';
import { run, startNode, type NodeProcess } from './processes.js';

let dir: string;
const started: NodeProcess[] = [];
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
};

beforeAll(async () => {
  dir = tempDir('gw-build-');
  await run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      path.join(dir, 'dist'),
    ],
    { cwd: ROOT },
  );
  for (const f of ['package.json', 'package-lock.json']) cpSync(path.join(ROOT, f), path.join(dir, f));
  await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
}, 600_000);

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

async function token(url: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function graphql(url: string, tok: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/demo/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
}

describe('the production install', () => {
  it('holds the production dependencies only, installed from the lock file without changing it', () => {
    const modules = path.join(dir, 'node_modules');
    for (const dev of ['tsx', 'typescript', 'vitest', 'esbuild'])
      expect(existsSync(path.join(modules, dev)), dev).toBe(false);
    for (const prod of ['@apollo/server', 'type-graphql', 'reflect-metadata', 'graphiql'])
      expect(existsSync(path.join(modules, prod)), prod).toBe(true);
    expect(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'),
    );
    expect(existsSync(path.join(dir, 'dist/src/main.js'))).toBe(true);
  });
});

describe('node dist/scripts/start.js', () => {
  it('serves the demo with the embedded sandbox: the printed credentials get a token that runs a query', async () => {
    const gateway = startNode(['dist/scripts/start.js'], {
      cwd: dir,
      env: {
        PORT: '0',
        SANDBOX_PORT: '0',
        DATA_DIR: tempDir('gw-build-data-'),
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_MS: '20000',
      },
    });
    started.push(gateway);
    const [, url] = await gateway.waitFor(/listening on (http:\/\/\S+)/);
    const [, clientId, secret] = await gateway.waitFor(/client_id=(\S+)\s+client_secret=(\S+)/);
    expect(gateway.output()).toMatch(/Sandbox: 10 carrier simulators/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const tok = await token(url!, clientId!, secret!);
    const result = await graphql(
      url!,
      tok,
      '{ backends { platform } products(first: 5) { edges { node { id platform status } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.backends).toHaveLength(10);
    expect(result.data.products.edges).toHaveLength(5);
    // Outside production GraphiQL is served, from the production dependencies' own files.
    const page = await fetch(`${url}/demo/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('id="graphiql"');
    expect((await fetch(`${url}/graphiql-assets/graphiql.js`)).status).toBe(200);
    expect(await gateway.stop(), gateway.output().slice(-4000)).toBe(0); // a clean shutdown on SIGTERM (a generous grace: CI runs tests side by side on two cores)
  }, 180_000);

  it('refuses, under NODE_ENV=production, to create the demo application with a generated secret', async () => {
    const gateway = startNode(['dist/src/main.js'], {
      cwd: dir,
      env: {
        NODE_ENV: 'production',
        PORT: '0',
        SANDBOX_MANIFEST_URL: 'http://127.0.0.1:9/admin/manifest',
        DATA_DIR: tempDir('gw-build-data-'),
      },
    });
    started.push(gateway);
    expect(await gateway.exit()).toBe(2);
    expect(gateway.output()).toMatch(/NODE_ENV=production with a demo tenant/);
  }, 60_000);
});

describe("compose.yaml's topology as processes", () => {
  const compose = parseCompose(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'));
  const vars = { DEMO_CLIENT_SECRET: 'topology-demo-secret-42', SECRETS_KEY: 'd'.repeat(64) };
  const envOf = (service: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
    );
  const gatewayNames = Object.keys(compose.services).filter(
    (s) => compose.services[s]!.environment?.SANDBOX_MANIFEST_URL !== undefined,
  );
  let database: { url: string; drop(): Promise<void> } | undefined;
  afterAll(async () => database?.drop());

  it('two production replicas on shared PostgreSQL and Redis, the sandbox apart: each serves, and sees the other’s changes', async () => {
    expect(gatewayNames).toHaveLength(2);
    database = await createTestDatabase();

    // The sandbox service, with its compose settings; only addresses change (loopback, free ports).
    const sandboxCmd = compose.services.sandbox!.command!.filter((a) => a !== 'node');
    const sandbox = startNode(sandboxCmd, {
      cwd: dir,
      env: { ...envOf('sandbox'), SANDBOX_HOST: '127.0.0.1', SANDBOX_PUBLIC_HOST: 'localhost', SANDBOX_PORT: '0' },
    });
    started.push(sandbox);
    const [, manifestUrl] = await sandbox.waitFor(/Sandbox admin API: (http:\/\/\S+)/);
    expect(manifestUrl).toMatch(/^http:\/\/localhost:\d+\/admin\/manifest$/); // SANDBOX_PUBLIC_HOST names it

    // The gateway services: compose's environment, with this machine's PostgreSQL, Redis and sandbox.
    const urls: string[] = [];
    for (const name of gatewayNames) {
      const env: Record<string, string> = {
        ...envOf(name),
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: database.url,
        REDIS_URL: 'redis://127.0.0.1:6379/5',
        SANDBOX_MANIFEST_URL: manifestUrl,
        DATA_DIR: tempDir('gw-build-replica-'),
        LOG_LEVEL: 'warn',
      };
      expect(env.NODE_ENV).toBe('production');
      const gateway = startNode(['dist/src/main.js'], { cwd: dir, env });
      started.push(gateway);
      const [, url] = await gateway.waitFor(/listening on (http:\/\/\S+)/);
      await gateway.waitFor(/Health:/);
      expect((await fetch(`${url}/readyz`)).status).toBe(200); // compose starts the second once the first is healthy
      urls.push(url!);
    }
    const [one, two] = urls as [string, string];
    const demo = envOf(gatewayNames[0]!);

    // Each replica issues tokens, and accepts the other's (shared signing keys and issuer).
    const fromOne = await token(one, demo.DEMO_CLIENT_ID!, demo.DEMO_CLIENT_SECRET!);
    const fromTwo = await token(two, demo.DEMO_CLIENT_ID!, demo.DEMO_CLIENT_SECRET!);
    const list = await graphql(
      two,
      fromOne,
      '{ products(first: 3, filter: { platforms: [TMUS] }) { edges { node { id } } } }',
    );
    expect(list.errors).toBeUndefined();
    const productId: string = list.data.products.edges[0].node.id;
    expect((await graphql(one, fromTwo, '{ backends { platform } }')).data.backends).toHaveLength(10);

    // A change made through one replica is read through the other.
    const value = `rack-${Date.now()}`;
    const added = await graphql(
      one,
      fromOne,
      'mutation($id: ID!, $v: String!) { addCustomProperties(productId: $id, properties: [{ name: "site", value: $v }]) { customProperties { name value } } }',
      { id: productId, v: value },
    );
    expect(added.errors).toBeUndefined();
    const read = await graphql(
      two,
      fromTwo,
      '{ product(id: "' + productId + '") { customProperties { name value } } }',
    );
    expect(read.data.product.customProperties).toEqual(expect.arrayContaining([{ name: 'site', value }]));

    // compose.yaml switches introspection back on for its demo stack: the replicas honour it under production.
    expect((await graphql(one, fromOne, '{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe(
      'Query',
    );
  }, 240_000);
});
