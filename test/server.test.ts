/**
 * The HTTP and WebSocket server: health and readiness, GraphiQL from local files, GraphQL over graphql-ws with the
 * same authentication as HTTP, and a clean exit on SIGTERM with WebSocket clients open.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

function wsClient(url: string, authorization?: string) {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: authorization ? { Authorization: authorization } : {},
  });
}

/** Runs one operation over a fresh graphql-ws connection; resolves with the result or the close event. */
function wsRun(
  url: string,
  authorization: string | undefined,
  query: string,
): Promise<{ result?: unknown; closeCode?: number; closeReason?: string; error?: unknown }> {
  return new Promise((resolve) => {
    const client = wsClient(url, authorization);
    client.on('closed', (event) => {
      const e = event as { code?: number; reason?: string };
      if (e.code !== 1000) resolve({ closeCode: e.code, closeReason: e.reason });
    });
    client.subscribe(
      { query },
      {
        next: (result) => resolve({ result }),
        error: (error) =>
          resolve({
            error,
            closeCode: (error as { code?: number }).code,
            closeReason: (error as { reason?: string }).reason,
          }),
        complete: () => void client.dispose(),
      },
    );
  });
}

describe('health', () => {
  it('/healthz says the process is up and /readyz that the store is migrated', async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'pglite' });
  });

  it('/metrics exposes Prometheus metrics including GraphQL operations', async () => {
    await gw.graphql('alpha', await gw.token(['alpha']), 'query Caps { backends { platform } }');
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/gateway_graphql_operations_total\{type="query",name="Caps",outcome="ok"\} 1/);
  });
});

describe('GraphiQL', () => {
  it('opens on a browser GET of the GraphQL path, from local files only', async () => {
    const res = await fetch(`${gw.url}/alpha/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(/https?:\/\//); // no CDN, no external URL at all
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    for (const asset of scripts) {
      const r = await fetch(gw.url + asset);
      expect(r.status, asset).toBe(200);
      expect((await r.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
  });

  it('does not replace GraphQL over HTTP GET for programs', async () => {
    const token = await gw.token(['alpha']);
    const res = await fetch(`${gw.url}/alpha/graphql?query=${encodeURIComponent('{ backends { platform } }')}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { backends: unknown[] } }).data.backends).toHaveLength(10);
  });
});

describe('GraphQL over WebSocket', () => {
  const query = '{ backends { platform } }';
  const wsUrl = () => `${gw.url.replace('http', 'ws')}/alpha/graphql`;

  it('runs operations for a valid token given in connectionParams', async () => {
    const out = await wsRun(wsUrl(), `Bearer ${await gw.token(['alpha'])}`, query);
    expect((out.result as { data: { backends: unknown[] } }).data.backends).toHaveLength(10);
  });

  it('closes with 4403 for a missing, bad or foreign-tenant token', async () => {
    for (const auth of [undefined, 'Bearer not-a-token', `Bearer ${await gw.token(['beta'])}`]) {
      const out = await wsRun(wsUrl(), auth, query);
      expect(out.closeCode, String(auth)).toBe(4403);
    }
  });

  it('refuses a mutation from a read-only token before running it', async () => {
    const out = await wsRun(
      wsUrl(),
      `Bearer ${await gw.token(['alpha'], 'read')}`,
      'mutation { cancelMonitor(id: "monitor-00000000-0000-0000-0000-000000000000") { id } }',
    );
    const errors = out.error as Array<{ extensions?: { code?: string } }>;
    expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not upgrade other paths', async () => {
    const out = await wsRun(`${gw.url.replace('http', 'ws')}/not/a/graphql/path`, undefined, query);
    expect(out.closeCode).not.toBe(1000);
    expect(out.result).toBeUndefined();
  });
});

describe('process lifecycle', () => {
  let dir: string;
  let manifestServer: http.Server;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-proc-'));
    // An empty sandbox manifest: enough for the gateway to create the demo tenant and application.
    manifestServer = http.createServer((_req, res) => res.end(JSON.stringify({ adminUrl: '', platforms: [] })));
    await new Promise<void>((r) => manifestServer.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => {
    manifestServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits cleanly within seconds on SIGTERM, closing WebSocket clients with 1001', async () => {
    const env = {
      ...process.env,
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SANDBOX: 'off',
      SANDBOX_MANIFEST_URL: `http://127.0.0.1:${(manifestServer.address() as AddressInfo).port}/admin/manifest`,
      DEMO_CLIENT_ID: 'proc-demo',
      DEMO_CLIENT_SECRET: 'proc-demo-secret-123',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m && out.includes('Demo client')) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      void exited.then(() => reject(new Error(`gateway exited early:\n${out}`)));
    });
    expect(out).toContain('client_id=proc-demo');

    const tokenRes = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'proc-demo',
        client_secret: 'proc-demo-secret-123',
      }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/demo/graphql`, 'graphql-transport-ws');
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
    await new Promise((r) => socket.once('message', r)); // connection_ack
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out).not.toContain('proc-demo-secret-123"'); // logs never carry the secret in a field
  });
});
