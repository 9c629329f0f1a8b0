/**
 * Shared by the benchmarks: the sandbox and the gateway each run as their own process (so the figures separate
 * gateway and backend time and the gateway's memory is its own), started with `npm run sandbox` and
 * `src/main.ts`; helpers to query, read the sandbox's request counters and the gateway's /metrics.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../test/helpers/postgres.js';

export interface Proc {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ proc: Proc; match: RegExpExecArray }> {
  // TypeScript sources run through tsx; a built file (`dist/…/*.js`) runs on node alone, as in production.
  const script = args.find((a) => !a.startsWith('-')) ?? '';
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: Proc = {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = ready.exec(out);
      if (match) {
        clearInterval(timer);
        resolve({ proc, match });
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`process exited early:\n${out}`));
    });
  });
}

let builtGateway: string | undefined;

/**
 * From now on, start the gateway from its build (`npm run build`, then `node dist/src/main.js`, as the container
 * runs it) instead of its TypeScript source through tsx: the figures are then those of what is deployed (tsx adds its
 * own cost per request: a slower `require` and a name-keeping wrapper on every function it compiles).
 */
export function useBuiltGateway(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  builtGateway = 'dist/src/main.js';
}

export interface BenchEnv {
  sandbox: Proc;
  gateway: Proc;
  adminUrl: string;
  gatewayUrl: string;
  token: string;
  /** GraphQL POST as the demo tenant; returns body and wall time. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ body: { data?: T; errors?: unknown[] }; ms: number }>;
  admin(method: string, p: string, body?: unknown): Promise<any>;
  /** Sandbox request counts since the last reset, by platform and endpoint. */
  counts(): Promise<Array<{ platform: string; endpoint: string; count: number }>>;
  /** A metric's value from the gateway's /metrics (summed over its labels). */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchEnv(
  options: {
    fleetSize?: number;
    rateLimits?: boolean;
    gatewayEnv?: Record<string, string>;
    sandboxEnv?: Record<string, string>;
    /** Node options for the gateway process (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
    gatewayNodeArgs?: string[];
    /** The gateway's entry: its source through tsx (default) or its build after `useBuiltGateway()`. */
    gatewayEntry?: string;
  } = {},
): Promise<BenchEnv> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  // The gateway's store: a fresh PostgreSQL database when the server is reachable (so the gateway's memory is its
  // own: embedded PGlite alone takes ~650 MB of WebAssembly memory), else PGlite.
  const database = await createTestDatabase().catch(() => undefined);
  const { proc: sandbox, match } = await start(
    ['sandbox/main.ts'],
    {
      SANDBOX_PORT: '0',
      SANDBOX_FLEET_SIZE: String(options.fleetSize ?? 200),
      SANDBOX_ASYNC_DELAY_MS: '200',
      SANDBOX_RATE_LIMITS: options.rateLimits === false ? 'off' : 'on',
      ...options.sandboxEnv,
    },
    /Sandbox admin API: (\S+)\/admin\/manifest/,
  );
  const adminUrl = match[1]!;
  const { proc: gateway, match: g } = await start(
    [...(options.gatewayNodeArgs ?? []), options.gatewayEntry ?? builtGateway ?? 'src/main.ts'],
    {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      SANDBOX: 'off',
      NODE_ENV: 'production',
      SANDBOX_MANIFEST_URL: `${adminUrl}/admin/manifest`,
      DEMO_CLIENT_ID: 'bench',
      DEMO_CLIENT_SECRET: 'bench-secret-123456',
      ...(database ? { DATABASE_URL: database.url } : {}),
      PLATFORM_RATE_LIMITS: options.rateLimits === false ? 'off' : 'on',
      APP_COST_PER_WINDOW: '1000000000',
      WS_MAX_CONNECTIONS_PER_TENANT: '100000',
      QUERY_MAX_COST: '10000000',
      // Wave 1's benchmarks measure the live path; the inventory's own section turns it on.
      INVENTORY: 'off',
      ...options.gatewayEnv,
    },
    /listening on (http:\/\/\S+)[\s\S]*Health:/,
  );
  const gatewayUrl = g[1]!;
  const tokenRes = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'bench',
      client_secret: 'bench-secret-123456',
    }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  const admin = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(adminUrl + p, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.status === 204 ? null : res.json();
  };
  return {
    sandbox,
    gateway,
    adminUrl,
    gatewayUrl,
    token,
    admin,
    query: async (query, variables) => {
      const started = performance.now();
      const res = await fetch(`${gatewayUrl}/demo/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      return { body, ms: performance.now() - started };
    },
    counts: async () =>
      (
        (await admin('GET', '/admin/counters')) as {
          endpoints: Array<{ platform: string; endpoint: string; count: number }>;
        }
      ).endpoints,
    metric: async (name) => {
      const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
      const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return lines.length ? lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0) : NaN;
    },
    stop: async () => {
      await gateway.stop();
      await sandbox.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BenchResult {
  title: string;
  /** Markdown table. */
  table: string;
  notes: string[];
}

export function markdownTable(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}
