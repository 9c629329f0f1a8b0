/**
 * The verified-token cache of TokenService: a token is verified once and then answered from memory until it
 * expires, but a token differing in any byte (a forged signature, edited claims) is verified afresh and refused, and
 * an expired token is refused even though it was cached.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { KeyStore } from '../src/auth/keys.js';
import { TokenService } from '../src/auth/tokens.js';

async function service(ttlSeconds: number) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  let jwksReads = 0;
  const keys = {
    signingKey: async () => ({ kid: 'k1', privateKey }),
    publicJwks: async () => (jwksReads++, { keys: [jwk] }),
  } as unknown as KeyStore;
  return { tokens: new TokenService(keys, 'https://gw.test', ttlSeconds), reads: () => jwksReads };
}

const app = { clientId: 'app-1', name: 'a', grant: 'read' as const, tenants: ['demo'], revoked: false };

describe('verified-token cache', () => {
  it('answers a repeated token from memory and still refuses a token with a forged signature or edited claims', async () => {
    const { tokens } = await service(300);
    const { accessToken } = await tokens.issue(app as never);
    const first = await tokens.verify(accessToken);
    expect(first).toMatchObject({ clientId: 'app-1', tenants: ['demo'], grant: 'read' });
    expect(await tokens.verify(accessToken)).toEqual(first);

    const [header, claims, signature] = accessToken.split('.') as [string, string, string];
    const forged = `${header}.${claims}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), tenants: ['demo', 'other'] }),
    ).toString('base64url');
    await expect(tokens.verify(`${header}.${widened}.${signature}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a cached token once it has expired (past jose’s 5 s clock tolerance)', async () => {
    const { tokens } = await service(1);
    const { accessToken } = await tokens.issue(app as never);
    await tokens.verify(accessToken);
    await new Promise((r) => setTimeout(r, 7_000));
    await expect(tokens.verify(accessToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  }, 15_000);
});
