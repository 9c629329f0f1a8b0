/** Gateway processes started as real child processes (for kill and multi-replica tests). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  token(): Promise<string>;
  query(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export const DEMO = { id: 'proc-demo', secret: 'proc-demo-secret-123' };

/** Replicas share one credentials key, as production replicas must (SECRETS_KEY). */
const SECRETS_KEY = 'a'.repeat(64);

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SANDBOX: 'off',
      DATA_DIR: dataDir,
      SECRETS_KEY,
      DEMO_CLIENT_ID: DEMO.id,
      DEMO_CLIENT_SECRET: DEMO.secret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes('Health:')) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`gateway exited early:\n${out}`));
    });
  });
  const token = async () => {
    const res = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO.id, client_secret: DEMO.secret }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  let cached: string | undefined;
  return {
    child,
    url,
    output: () => out,
    token,
    query: async (query, variables, tok) => {
      cached ??= tok ?? (await token());
      const res = await fetch(`${url}/demo/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tok ?? cached}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as {
        data?: any;
        errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      };
    },
    kill: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
