/**
 * Identity and administration: failed-attempt limits on the token endpoint, revocation, signing key rotation,
 * tokens of an external identity provider, per-application cost budgets, and the admin CLI.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/cli/admin.js';
import { openDb } from '../../src/store/db.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const tokenRequest = (url: string, clientId: string, secret: string) =>
  fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });

describe('token endpoint and applications', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ TOKEN_MAX_FAILURES: '3', TOKEN_FAILURE_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => gw?.close());

  it('slows down a client id after repeated failures from one address, with 429 and Retry-After', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    for (let i = 0; i < 4; i++) expect((await tokenRequest(gw.url, clientId, 'wrong')).status).toBe(401);
    const delayed = await tokenRequest(gw.url, clientId, secret); // same address, inside its delay
    expect(delayed.status).toBe(429);
    expect(Number(delayed.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await gw.application(['alpha']);
    expect((await tokenRequest(gw.url, other.clientId, other.secret)).status).toBe(200); // others unaffected
  });

  it('refuses a revoked application: its secret and its live tokens', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    const token = ((await (await tokenRequest(gw.url, clientId, secret)).json()) as { access_token: string })
      .access_token;
    expect((await gw.graphql('alpha', token, '{ backends { platform } }')).status).toBe(200);
    await gw.gateway.deps.tenants.revokeApplication(clientId);
    expect((await gw.graphql('alpha', token, '{ backends { platform } }')).status).toBe(401);
    expect((await tokenRequest(gw.url, clientId, secret)).status).toBe(401);
  });

  it('rotates the signing key: old tokens keep working until they expire, new ones use the new key', async () => {
    const before = await gw.token(['alpha']);
    const newKid = await gw.gateway.deps.keys.rotate();
    const after = await gw.token(['alpha']);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(decodeProtectedHeader(before).kid).not.toBe(newKid);
    expect((await gw.graphql('alpha', before, '{ backends { platform } }')).status).toBe(200);
    expect((await gw.graphql('alpha', after, '{ backends { platform } }')).status).toBe(200);
  });
});

describe('per-application cost budget', () => {
  it('answers RATE_LIMITED with the retry time once an application spent its budget', async () => {
    const gw = await startTestGateway({ APP_COST_PER_WINDOW: '40', APP_BUDGET_WINDOW_SECONDS: '60' });
    try {
      const token = await gw.token(['alpha']);
      const q = '{ backends { platform system operators features updateMode } }'; // cost 6
      let res;
      for (let i = 0; i < 10; i++) {
        res = await gw.graphql('alpha', token, q);
        if (res.status !== 200) break;
      }
      expect(res!.status).toBe(429);
      expect(res!.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(res!.body.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
      const other = await gw.token(['alpha']); // another application has its own budget
      expect((await gw.graphql('alpha', other, q)).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});

describe('an external identity provider', () => {
  let gw: TestGateway;
  let server: http.Server;
  let sign: (claims: Record<string, unknown>, opts?: { issuer?: string; key?: CryptoKey }) => Promise<string>;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
    gw = await startTestGateway({
      OIDC_ISSUER: 'https://idp.example/realms/iot',
      OIDC_JWKS_URL: jwksUrl,
      OIDC_AUDIENCE: 'iot-gateway',
    });
    await gw.gateway.deps.tenants.createTenant('alpha', 'Alpha');
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
        .setIssuer(opts.issuer ?? 'https://idp.example/realms/iot')
        .setAudience('iot-gateway')
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(opts.key ?? privateKey);
  });
  afterAll(async () => {
    await gw?.close();
    server?.close();
  });

  it('accepts its tokens, reading tenants and read/write roles from claims', async () => {
    const reader = await sign({ tenants: ['alpha'], realm_access: { roles: ['iot-read'] } });
    expect((await gw.graphql('alpha', reader, '{ backends { platform } }')).status).toBe(200);
    const mutation = await gw.graphql(
      'alpha',
      reader,
      'mutation { cancelMonitor(id: "monitor-00000000-0000-4000-8000-000000000000") { id } }',
    );
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const writer = await sign({ tenants: 'alpha beta', realm_access: { roles: ['iot-write'] } });
    const write = await gw.graphql(
      'alpha',
      writer,
      'mutation { cancelMonitor(id: "monitor-00000000-0000-4000-8000-000000000000") { id } }',
    );
    expect(write.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses tokens without the tenant, without a role, or signed by another key', async () => {
    expect(
      (
        await gw.graphql(
          'alpha',
          await sign({ tenants: ['beta'], realm_access: { roles: ['iot-read'] } }),
          '{ backends { platform } }',
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await gw.graphql(
          'alpha',
          await sign({ tenants: ['alpha'], realm_access: { roles: ['other'] } }),
          '{ backends { platform } }',
        )
      ).status,
    ).toBe(401);
    const { privateKey: stranger } = await generateKeyPair('RS256');
    expect(
      (
        await gw.graphql(
          'alpha',
          await sign({ tenants: ['alpha'], realm_access: { roles: ['iot-read'] } }, { key: stranger }),
          '{ backends { platform } }',
        )
      ).status,
    ).toBe(401);
  });
});

describe('admin CLI', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-admin-'));
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates tenants, accounts (credentials encrypted) and applications, lists, rotates and revokes', async () => {
    const out: string[] = [];
    const run = (...args: string[]) => runAdmin(args, (line) => out.push(line));
    await run('tenants', 'create', 'acme', 'Acme Corp');
    await run(
      'accounts',
      'add',
      'acme',
      '--platform',
      '1NCE',
      '--name',
      'main',
      '--backend-id',
      'org-7',
      '--base-url',
      'https://api.1nce.example',
      '--credentials',
      '{"username":"u","password":"very-secret-pw"}',
    );
    await run('apps', 'create', '--name', 'dashboard', '--grant', 'read', '--tenants', 'acme');
    const clientId = out.find((l) => l.startsWith('client_id='))!.slice('client_id='.length);
    await run('apps', 'rotate-secret', clientId);
    await run('apps', 'revoke', clientId);
    out.length = 0;
    await run('apps', 'list');
    expect(out).toEqual([expect.stringMatching(new RegExp(`^${clientId}\\tread\\tacme\\trevoked\\tdashboard$`))]);
    out.length = 0;
    await run('accounts', 'list', 'acme');
    expect(out[0]).toMatch(/\t1NCE\torg-7\tmain\t/);
    await expect(run('apps', 'create', '--name', 'x', '--grant', 'admin', '--tenants', 'acme')).rejects.toThrow(
      /--grant/,
    );

    const db = await openDb({ dataDir: dir });
    const rows = await db.query<{ credentials: unknown }>('SELECT credentials FROM platform_accounts');
    await db.close();
    expect(JSON.stringify(rows[0]!.credentials)).not.toContain('very-secret-pw');
    expect(rows[0]!.credentials).toMatchObject({ enc: expect.stringMatching(/^v1\./) });
  });
});
