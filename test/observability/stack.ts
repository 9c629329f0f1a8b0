/**
 * A sandbox (JASPER, Cisco Control Center) and a gateway in this process whose log lines are captured as parsed
 * JSON objects, for the observability tests. Live reads (INVENTORY=off), so every product query calls the carrier.
 */
import { Writable } from 'node:stream';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export interface ObservedStack {
  sandbox: TestSandbox;
  gateway: RunningGateway;
  url: string;
  token: string;
  logs: Array<Record<string, unknown>>;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startObservedStack(env: Record<string, string> = {}): Promise<ObservedStack> {
  const sandbox = await startTestSandbox([{ code: 'JASPER', factory: ciscoSimulator }], { fleetSize: 20 });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'info', SANDBOX: 'off', INVENTORY: 'off', ...env } as NodeJS.ProcessEnv);
  const gateway = await startGateway(config, createLogger('info', sink));
  await ensureDemoTenants(gateway.deps, await fetchManifest(`${sandbox.sandbox.adminUrl}/admin/manifest`));
  const { application, secret } = await gateway.deps.tenants.createApplication({ name: 'observer', grant: 'read_write', tenants: ['demo'] });
  const tokenRes = await fetch(`${gateway.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: application.clientId, client_secret: secret }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  return {
    sandbox,
    gateway,
    url: gateway.url,
    token,
    logs,
    post: (body, headers = {}) =>
      fetch(`${gateway.url}/demo/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await gateway.close();
      await sandbox.close();
    },
  };
}
