/**
 * GraphQL over HTTP without Express (src/http/graphql-over-http.ts): what a client sees of the lane's own answers —
 * refusals before Apollo (tenant path, token, body), the headers every answer carries (request id, frame guard,
 * CORS), and what it leaves to Express (CORS preflight, the GraphiQL page).
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let token: string;
beforeAll(async () => {
  gw = await startTestGateway({ CORS_ORIGINS: 'https://fleet.example.com', MAX_BODY_BYTES: '4096' });
  token = await gw.token(['demo']);
});
afterAll(async () => gw?.close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
const QUERY = JSON.stringify({ query: '{ __typename }' });
type Errors = { errors: Array<{ message: string; extensions: { code: string; requestId: string } }> };

describe('refusals before Apollo', () => {
  it('answers a path that names no tenant with 404 NOT_FOUND', async () => {
    const res = await post('/Not_A_Tenant/graphql', QUERY);
    expect(res.status).toBe(404);
    const body = (await res.json()) as Errors;
    expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0]!.extensions.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('asks for a bearer token with 401 and WWW-Authenticate', async () => {
    const res = await post('/demo/graphql', QUERY, { authorization: '' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as Errors).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token for another tenant with 403 FORBIDDEN', async () => {
    const res = await post('/other/graphql', QUERY);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Errors).errors[0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('names bad JSON, an unreadable encoding and an oversized body', async () => {
    const bad = await post('/demo/graphql', '{"query": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Errors).errors[0]!.message).toMatch(/not valid JSON/);

    const gzipped = await post('/demo/graphql', gzipSync(QUERY).toString('latin1'), { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(415);
    expect(((await gzipped.json()) as Errors).errors[0]!.message).toMatch(/Content-Encoding "gzip"/);

    const big = await post('/demo/graphql', JSON.stringify({ query: `{ __typename } #${'x'.repeat(5000)}` }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as Errors).errors[0]!.message).toMatch(/too large \(limit 4096 bytes\)/);

    // and the next request is served as usual
    expect(((await (await post('/demo/graphql', QUERY)).json()) as { data: unknown }).data).toEqual({
      __typename: 'Query',
    });
  });
});

describe('headers on every answer', () => {
  it('echoes a safe X-Request-Id, forbids framing, and answers an allowed origin', async () => {
    const res = await post('/demo/graphql', QUERY, { 'x-request-id': 'dash-42', origin: 'https://fleet.example.com' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('dash-42');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(res.headers.get('access-control-allow-origin')).toBe('https://fleet.example.com');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('does not allow an origin that is not listed', async () => {
    const res = await post('/demo/graphql', QUERY, { origin: 'https://evil.example.net' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('what Express keeps', () => {
  it('answers the CORS preflight', async () => {
    const res = await fetch(`${gw.url}/demo/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://fleet.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('opens GraphiQL for a browser and runs a GET query for anyone else', async () => {
    const page = await fetch(`${gw.url}/demo/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/graphiql/i);

    const get = await fetch(`${gw.url}/demo/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
  });
});
