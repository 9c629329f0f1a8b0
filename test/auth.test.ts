/**
 * Authentication end to end over HTTP: the token endpoint (RFC 6749 client credentials, body or Basic), the JWKS,
 * and the GraphQL endpoint refusing missing, expired, forged, `alg: none` and foreign-tenant tokens, and read-only
 * tokens on mutations.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE } from '../src/auth/tokens.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const postToken = (body: URLSearchParams | string, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('POST /oauth/token', () => {
  it('issues a 300 s ES256 JWT listing tenants and grant, for credentials in the body', async () => {
    const { clientId, secret } = await gw.application(['alpha', 'beta'], 'read');
    const res = await postToken(form({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'read' });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ sub: clientId, tenants: ['alpha', 'beta'], grant: 'read', aud: TOKEN_AUDIENCE });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(decodeProtectedHeader(body.access_token).alg).toBe('ES256');

    const jwks = await (await fetch(`${gw.url}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks as never), {
      audience: TOKEN_AUDIENCE,
    });
    expect(payload.sub).toBe(clientId);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"\s*:/); // no private key material
  });

  it('accepts HTTP Basic client authentication', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
    const res = await postToken(form({ grant_type: 'client_credentials' }), { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { scope: string }).scope).toBe('read write');
  });

  it('answers failures as RFC 6749 §5.2 says', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    const wrong = await postToken(
      form({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'not-the-secret' }),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });

    const grant = await postToken(form({ grant_type: 'password', client_id: clientId, client_secret: secret }));
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const missing = await postToken(form({ client_id: clientId, client_secret: secret }));
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });

    const json = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });

    const readOnly = await gw.application(['alpha'], 'read');
    const scope = await postToken(
      form({
        grant_type: 'client_credentials',
        client_id: readOnly.clientId,
        client_secret: readOnly.secret,
        scope: 'read write',
      }),
    );
    expect(scope.status).toBe(400);
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('never echoes the secret', async () => {
    const res = await postToken(
      form({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'super-secret-value' }),
    );
    expect(await res.text()).not.toContain('super-secret-value');
  });
});

describe('GraphQL endpoint authentication', () => {
  const query = '{ backends { platform } }';

  it('answers a valid token for its tenant', async () => {
    const res = await gw.graphql('alpha', await gw.token(['alpha']), query);
    expect(res.status).toBe(200);
    expect((res.body.data?.backends as unknown[]).length).toBe(10);
  });

  it('refuses a request without a token with UNAUTHENTICATED', async () => {
    const res = await gw.graphql('alpha', undefined, query);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses a token on another tenant's path with FORBIDDEN", async () => {
    const res = await gw.graphql('beta', await gw.token(['alpha']), query);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a mutation with a read-only token with FORBIDDEN', async () => {
    const res = await gw.graphql(
      'alpha',
      await gw.token(['alpha'], 'read'),
      'mutation { cancelMonitor(id: "monitor-00000000-0000-0000-0000-000000000000") { id } }',
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses expired, not-yet-valid, forged, alg:none and malformed tokens with UNAUTHENTICATED', async () => {
    const good = await gw.token(['alpha']);
    const claims = decodeJwt(good);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ tenants: ['alpha'], grant: 'read_write' })
      .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(good).kid! })
      .setIssuer(claims.iss!)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(claims.sub!)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    const [h, , s] = good.split('.');
    const tampered = `${h}.${b64({ ...claims, tenants: ['alpha', 'beta'] })}.${s}`;

    const expiredGw = await startTestGateway({ TOKEN_TTL_SECONDS: '30' });
    try {
      const shortToken = await expiredGw.token(['alpha']);
      // Tokens signed with the gateway's own key, so only their time claims are wrong.
      const key = await expiredGw.gateway.deps.keys.signingKey();
      const c = decodeJwt(shortToken);
      const expired = await new SignJWT({ tenants: ['alpha'], grant: 'read_write' })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer(c.iss!)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(c.sub!)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 400)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key.privateKey);
      const notYet = await new SignJWT({ tenants: ['alpha'], grant: 'read_write' })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer(c.iss!)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(c.sub!)
        .setNotBefore(Math.floor(Date.now() / 1000) + 120)
        .setExpirationTime('10m')
        .sign(key.privateKey);
      for (const [name, token] of [
        ['expired', expired],
        ['not yet valid', notYet],
      ] as const) {
        const res = await expiredGw.graphql('alpha', token, query);
        expect(res.status, name).toBe(401);
        expect(res.body.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
      }
      expect((await expiredGw.graphql('alpha', shortToken, query)).status).toBe(200);
    } finally {
      await expiredGw.close();
    }

    for (const [name, token] of [
      ['forged', forged],
      ['alg none', algNone],
      ['tampered', tampered],
      ['malformed', 'not.a.jwt'],
      ['garbage', 'x'],
    ] as const) {
      const res = await gw.graphql('alpha', token, query);
      expect(res.status, name).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
    }
  });
});
