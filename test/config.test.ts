/** Configuration is checked at start: every bad value named with what is expected, and a non-zero exit without a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { startTestGateway } from './helpers/gateway.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({} as NodeJS.ProcessEnv);
    expect(config).toMatchObject({
      PORT: 4000,
      DATA_DIR: './data',
      SANDBOX: 'embedded',
      TOKEN_TTL_SECONDS: 300,
      PUBLIC_URL: 'http://localhost:4000',
    });
  });

  it('reports every bad value by name with what is expected', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SANDBOX: 'maybe',
      TOKEN_TTL_SECONDS: '5',
      GRAPHIQL: 'perhaps',
    });
    expect(found).toHaveLength(5);
    expect(found.join('\n')).toMatch(/^PORT: .*"eighty"/m);
    expect(found.join('\n')).toMatch(/^DATABASE_URL: .*postgres/m);
    expect(found.join('\n')).toMatch(/^SANDBOX: /m);
    expect(found.join('\n')).toMatch(/^TOKEN_TTL_SECONDS: .*30/m);
    expect(found.join('\n')).toMatch(/^GRAPHIQL: /m);
    expect(found.join('\n')).not.toContain('mysql://x'); // URLs may carry passwords: never echoed
  });

  it('requires the demo client id and secret together', () => {
    expect(problems({ DEMO_CLIENT_ID: 'demo' })).toEqual([
      'DEMO_CLIENT_ID and DEMO_CLIENT_SECRET: set both or neither',
    ]);
  });

  it('reads a JSON config file, with the environment taking precedence, and refuses unknown keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 5000, LOG_LEVEL: 'warn' }));
    expect(loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'debug' } as NodeJS.ProcessEnv)).toMatchObject({
      PORT: 5000,
      LOG_LEVEL: 'debug',
    });
    writeFileSync(file, JSON.stringify({ PROT: 5000 }));
    expect(problems({ CONFIG_FILE: file })).toEqual(['PROT (in CONFIG_FILE): unknown setting']);
  });

  it('makes the process exit 2 with the list and no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '-1', REDIS_URL: 'http://nope' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toMatch(/PORT: /);
    expect(run.stderr).toMatch(/REDIS_URL: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('NODE_ENV=production', () => {
  const production = { NODE_ENV: 'production' };

  it('turns GraphiQL, introspection and the embedded sandbox off by default', () => {
    expect(loadConfig(production as NodeJS.ProcessEnv)).toMatchObject({
      GRAPHIQL: false,
      INTROSPECTION: false,
      SANDBOX: 'off',
    });
    // Outside production all three stay on, for npm start.
    expect(loadConfig({ NODE_ENV: 'development' } as NodeJS.ProcessEnv)).toMatchObject({
      GRAPHIQL: true,
      INTROSPECTION: true,
      SANDBOX: 'embedded',
    });
  });

  it('keeps each of them when it is asked for explicitly', () => {
    const demo = { DEMO_CLIENT_ID: 'demo', DEMO_CLIENT_SECRET: 'a-secret-of-the-operator' };
    expect(
      loadConfig({
        ...production,
        ...demo,
        GRAPHIQL: 'true',
        INTROSPECTION: 'true',
        SANDBOX: 'embedded',
      } as NodeJS.ProcessEnv),
    ).toMatchObject({
      GRAPHIQL: true,
      INTROSPECTION: true,
      SANDBOX: 'embedded',
    });
    expect(loadConfig({ ...production, GRAPHIQL: 'true' } as NodeJS.ProcessEnv)).toMatchObject({
      GRAPHIQL: true,
      INTROSPECTION: false,
    });
  });

  it('refuses a demo tenant whose application would get a generated secret', () => {
    const refusal = /^NODE_ENV=production with a demo tenant .*set DEMO_CLIENT_ID and DEMO_CLIENT_SECRET/;
    expect(problems({ ...production, SANDBOX: 'embedded' })).toEqual([expect.stringMatching(refusal)]);
    expect(problems({ ...production, SANDBOX_MANIFEST_URL: 'http://sandbox:4100/admin/manifest' })).toEqual([
      expect.stringMatching(refusal),
    ]);
    expect(
      problems({
        ...production,
        SANDBOX_MANIFEST_URL: 'http://sandbox:4100/admin/manifest',
        DEMO_CLIENT_ID: 'demo',
        DEMO_CLIENT_SECRET: 'a-secret-of-the-operator',
      }),
    ).toEqual([]);
    // Not production: the generated secret is the convenient default.
    expect(problems({ SANDBOX: 'embedded' })).toEqual([]);
  });

  it('makes npm start exit 2 with that message instead of starting a sandbox', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-prod-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SANDBOX: 'embedded',
        PORT: '0',
        SANDBOX_PORT: '0',
        DATA_DIR: dataDir,
        DEMO_CLIENT_ID: '',
        DEMO_CLIENT_SECRET: '',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/NODE_ENV=production with a demo tenant/);
    expect(run.stdout).not.toContain('Sandbox:');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('serves neither GraphiQL nor introspection from a production gateway', async () => {
    const gw = await startTestGateway({ NODE_ENV: 'production', SANDBOX: '' });
    try {
      expect(gw.config.SANDBOX).toBe('off');
      const token = await gw.token(['alpha']);
      const res = await gw.graphql('alpha', token, '{ __schema { queryType { name } } }');
      expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await gw.graphql('alpha', token, '{ backends { platform } }')).body.errors).toBeUndefined();
      const page = await fetch(`${gw.url}/alpha/graphql`, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('id="graphiql"');
      expect((await fetch(`${gw.url}/graphiql-assets/graphiql.js`)).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});
