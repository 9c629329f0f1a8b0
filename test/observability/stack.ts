/**
 * A sandbox (JASPER, Cisco Control Center) and a gateway in this process whose log lines are captured as parsed
 * JSON objects, for the observability tests. Live reads (INVENTORY=off), so every product query calls the carrier.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** A carrier request as the recording proxy saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface ObservedStack {
  sandbox: TestSandbox;
  gateway: RunningGateway;
  url: string;
  token: string;
  logs: Array<Record<string, unknown>>;
  /** Every request the gateway sent to the carrier (through a recording proxy in front of the sandbox). */
  carrierRequests: SeenRequest[];
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startObservedStack(env: Record<string, string> = {}): Promise<ObservedStack> {
  const sandbox = await startTestSandbox([{ code: 'JASPER', factory: ciscoSimulator }], { fleetSize: 20 });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'info',
    SANDBOX: 'off',
    INVENTORY: 'off',
    ...env,
  } as NodeJS.ProcessEnv);
  const gateway = await startGateway(config, createLogger('info', sink));
  // The tenant's JASPER accounts point at a proxy that records each request's headers and forwards it to the sandbox.
  const carrierRequests: SeenRequest[] = [];
  const target = new URL(sandbox.url('JASPER'));
  const proxy = http.createServer((req, res) => {
    carrierRequests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  const proxyOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const manifest = await fetchManifest(`${sandbox.sandbox.adminUrl}/admin/manifest`);
  for (const platform of manifest.platforms)
    platform.baseUrl = proxyOrigin + new URL(platform.baseUrl).pathname.replace(/\/$/, '');
  await ensureDemoTenants(gateway.deps, manifest);
  const { application, secret } = await gateway.deps.tenants.createApplication({
    name: 'observer',
    grant: 'read_write',
    tenants: ['demo'],
  });
  const tokenRes = await fetch(`${gateway.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: application.clientId,
      client_secret: secret,
    }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  return {
    sandbox,
    gateway,
    url: gateway.url,
    token,
    logs,
    carrierRequests,
    post: (body, headers = {}) =>
      fetch(`${gateway.url}/demo/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await gateway.close();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await sandbox.close();
    },
  };
}
