/** Configuration is checked at start: every bad value named with what is expected, and a non-zero exit without a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';

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
    expect(config).toMatchObject({ PORT: 4000, DATA_DIR: './data', SANDBOX: 'embedded', TOKEN_TTL_SECONDS: 300, PUBLIC_URL: 'http://localhost:4000' });
  });

  it('reports every bad value by name with what is expected', () => {
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SANDBOX: 'maybe', TOKEN_TTL_SECONDS: '5', GRAPHIQL: 'perhaps' });
    expect(found).toHaveLength(5);
    expect(found.join('\n')).toMatch(/^PORT: .*"eighty"/m);
    expect(found.join('\n')).toMatch(/^DATABASE_URL: .*postgres/m);
    expect(found.join('\n')).toMatch(/^SANDBOX: /m);
    expect(found.join('\n')).toMatch(/^TOKEN_TTL_SECONDS: .*30/m);
    expect(found.join('\n')).toMatch(/^GRAPHIQL: /m);
    expect(found.join('\n')).not.toContain('mysql://x'); // URLs may carry passwords: never echoed
  });

  it('requires the demo client id and secret together', () => {
    expect(problems({ DEMO_CLIENT_ID: 'demo' })).toEqual(['DEMO_CLIENT_ID and DEMO_CLIENT_SECRET: set both or neither']);
  });

  it('reads a JSON config file, with the environment taking precedence, and refuses unknown keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 5000, LOG_LEVEL: 'warn' }));
    expect(loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'debug' } as NodeJS.ProcessEnv)).toMatchObject({ PORT: 5000, LOG_LEVEL: 'debug' });
    writeFileSync(file, JSON.stringify({ PROT: 5000 }));
    expect(problems({ CONFIG_FILE: file })).toEqual(['PROT (in CONFIG_FILE): unknown setting']);
  });

  it('makes the process exit 2 with the list and no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: '-1', REDIS_URL: 'http://nope' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toMatch(/PORT: /);
    expect(run.stderr).toMatch(/REDIS_URL: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
