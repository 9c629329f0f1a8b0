/**
 * Lockout without denial of service (issue 16, finding 6): failed secrets slow down that client id from that source
 * address only. Ten wrong secrets from 127.0.0.2 make that address wait, while the right secret from 127.0.0.1 gets
 * a token at once; the delay grows with each further failure. The token endpoint's 413 names its own limit.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureDelaySeconds, TOKEN_BODY_LIMIT_BYTES } from '../../src/auth/oauth.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/** POSTs a token request from a chosen loopback source address (the gateway trusts no proxy header). */
function tokenFrom(
  url: string,
  localAddress: string,
  clientId: string,
  secret: string,
  extra = '',
): Promise<{ status: number; retryAfter: string | undefined; body: Record<string, unknown> }> {
  const body =
    new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString() +
    extra;
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/oauth/token`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ TOKEN_MAX_FAILURES: '5', TOKEN_FAILURE_WINDOW_SECONDS: '300' });
});
afterAll(async () => gw?.close());

describe('failed client secrets', () => {
  it('never lock the right secret out from another address', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    const attacker = '127.0.0.2';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await tokenFrom(gw.url, attacker, clientId, 'wrong-secret-guess')).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]); // 5 free failures, the 6th starts a delay
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);

    const started = Date.now();
    const legit = await tokenFrom(gw.url, '127.0.0.1', clientId, secret);
    expect(legit.status).toBe(200);
    expect(legit.body.access_token).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(1_000);

    // The attacking address waits, even with the right secret, and is told for how long.
    const slowed = await tokenFrom(gw.url, attacker, clientId, secret);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.retryAfter)).toBeGreaterThan(0);
    expect(slowed.body.error_description).toMatch(/from this address/);
  });

  it('delays progressively: 1 s, 2 s, 4 s … up to the maximum', () => {
    expect([1, 5, 6, 7, 8, 9, 20].map((n) => failureDelaySeconds(n, 5, 60))).toEqual([0, 0, 1, 2, 4, 8, 60]);
  });

  it('answers the wait out with a token once the delay has passed', async () => {
    const { clientId, secret } = await gw.application(['alpha']);
    for (let i = 0; i < 6; i++) await tokenFrom(gw.url, '127.0.0.3', clientId, 'wrong-secret-guess');
    expect((await tokenFrom(gw.url, '127.0.0.3', clientId, secret)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_100)); // the 6th failure costs 1 s
    expect((await tokenFrom(gw.url, '127.0.0.3', clientId, secret)).status).toBe(200);
  });
});

describe('token endpoint body limit', () => {
  it('states its own limit in the 413', async () => {
    const res = await tokenFrom(gw.url, '127.0.0.1', 'x', 'y', `&pad=${'a'.repeat(TOKEN_BODY_LIMIT_BYTES)}`);
    expect(res.status).toBe(413);
    expect(res.body.error_description).toBe(`Request body too large (limit ${TOKEN_BODY_LIMIT_BYTES} bytes)`);
  });
});
