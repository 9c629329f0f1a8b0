/**
 * Starts simulators in-process on free ports for a test file, and talks to the sandbox admin API.
 */
import {
  startSandbox,
  type PlatformSpec,
  type RunningSandbox,
  type SandboxOptions,
} from '../../sandbox/core/harness.js';

export interface TestSandbox {
  sandbox: RunningSandbox;
  /** Base URL of the first (or named) platform. */
  url(code?: string): string;
  /** Credentials of account `n` (1-based) of the first (or named) platform. */
  account(n?: number, code?: string): { id: string; name: string; size: number; credentials: Record<string, string> };
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** Requests counted by the sandbox for one platform, keyed "METHOD /route". */
  counts(code?: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startTestSandbox(
  platforms: PlatformSpec[],
  options: Omit<SandboxOptions, 'platforms'> = {},
): Promise<TestSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    fleetSize: 25,
    accountsPerPlatform: 2,
    asyncDelayMs: 100,
    ...options,
    platforms,
  });
  const platform = (code?: string) => {
    const p = code ? sandbox.manifest.platforms.find((x) => x.code === code) : sandbox.manifest.platforms[0];
    if (!p) throw new Error(`platform ${code} not started`);
    return p;
  };
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(sandbox.adminUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    sandbox,
    url: (code) => platform(code).baseUrl,
    account: (n = 1, code) => {
      const a = platform(code).accounts[n - 1];
      if (!a) throw new Error(`no account ${n}`);
      return a;
    },
    admin,
    counts: async (code) => {
      const res = await admin('GET', `/admin/counters${code ? `?platform=${encodeURIComponent(code)}` : ''}`);
      const body = (await res.json()) as { endpoints: Array<{ endpoint: string; count: number; platform: string }> };
      const out: Record<string, number> = {};
      for (const e of body.endpoints) out[code ? e.endpoint : `${e.platform} ${e.endpoint}`] = e.count;
      return out;
    },
    close: () => sandbox.close(),
  };
}
