/**
 * Client feedback: RateLimit-* headers for the application's cost budget and the operation's cost in
 * `extensions.cost`; gzip/br compression that leaves WebSocket upgrades working; GET queries and automatic
 * persisted queries (APQ) as the README documents them; the bounded operation-name label and the /metrics token.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsClient } from '../helpers/ws.js';
import { startObservedStack, type ObservedStack } from './stack.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
let stack: ObservedStack;
beforeAll(async () => {
  stack = await startObservedStack({
    APP_COST_PER_WINDOW: '10000',
    APP_BUDGET_WINDOW_SECONDS: '60',
    METRICS_TOKEN,
    METRICS_OPERATION_NAMES_MAX: '3',
  });
});
afterAll(async () => stack?.close());

const PAGE = '{ products(first: 20) { edges { node { id iccid msisdn status platformStatus connectivityType } } } }';

describe('cost and budget', () => {
  it('puts the cost in extensions and the budget in RateLimit-* headers, counting down', async () => {
    const first = await stack.post({ query: '{ backends { platform system } }' });
    expect(((await first.json()) as { extensions: { cost: number } }).extensions.cost).toBe(3);
    expect(first.headers.get('ratelimit-limit')).toBe('10000');
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    expect(remaining).toBeLessThanOrEqual(10000 - 3);
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    const second = await stack.post({ query: PAGE });
    const cost = ((await second.json()) as { extensions: { cost: number } }).extensions.cost;
    expect(cost).toBe(1 + 20 * (1 + 1 * (1 + 6))); // products, edges, node and its six fields
    expect(Number(second.headers.get('ratelimit-remaining'))).toBe(remaining - cost);
  });

  it('sends the headers with RATE_LIMITED too: remaining 0, reset = Retry-After', async () => {
    // A fresh application, so the other tests' spending does not count.
    const { application, secret } = await stack.gateway.deps.tenants.createApplication({
      name: 'spender',
      grant: 'read',
      tenants: ['demo'],
    });
    const tokenRes = await fetch(`${stack.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: application.clientId,
        client_secret: secret,
      }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const big =
      '{ products(first: 600) { edges { node { id iccid msisdn status platformStatus connectivityType } } } }'; // 4,201
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await stack.post({ query: big }, { authorization: `Bearer ${token}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.headers.get('ratelimit-limit')).toBe('10000');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    expect(last!.headers.get('ratelimit-reset')).toBe(last!.headers.get('retry-after'));
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      ((await last!.json()) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors[0]!.extensions.code,
    ).toBe('RATE_LIMITED');
  });
});

describe('compression', () => {
  for (const encoding of ['br', 'gzip']) {
    it(`compresses a large response with ${encoding}`, async () => {
      const res = await stack.post({ query: PAGE }, { 'accept-encoding': encoding });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      const body = (await res.json()) as { data: { products: { edges: unknown[] } } }; // fetch decodes it
      expect(body.data.products.edges).toHaveLength(20);
    });
  }

  it('leaves small responses and clients without Accept-Encoding alone', async () => {
    const small = await stack.post({ query: '{ backends { platform } }' }, { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    const plain = await stack.post({ query: PAGE }, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { data: { products: { edges: unknown[] } } }).data.products.edges).toHaveLength(20);
  });

  it('does not break WebSocket upgrades', async () => {
    const client = wsClient(stack.url, 'demo', stack.token);
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: '{ backends { platform } }' },
          { next: resolve, error: reject, complete: () => undefined },
        );
      });
      expect(result).toMatchObject({
        data: { backends: expect.arrayContaining([expect.objectContaining({ platform: 'JASPER' })]) },
      });
    } finally {
      await client.dispose();
    }
  });
});

describe('GET and automatic persisted queries', () => {
  const query = '{ backends { platform system } }';
  const get = (
    params: Record<string, string>,
    headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
  ) =>
    fetch(`${stack.url}/demo/graphql?${new URLSearchParams(params)}`, {
      headers: { authorization: `Bearer ${stack.token}`, ...headers },
    });

  it('answers a GET query with apollo-require-preflight, and refuses a simple GET (CSRF prevention)', async () => {
    const ok = await get({ query });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown }).data).toMatchObject({
      backends: expect.arrayContaining([expect.objectContaining({ platform: 'JASPER' })]),
    });
    expect((await get({ query }, {})).status).toBe(400);
  });

  it('registers a query by its hash and then runs it from the hash alone, over GET', async () => {
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash } });
    const unknown = (await (await get({ extensions })).json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(unknown.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await get({ query, extensions })).status).toBe(200);
    const byHash = (await (await get({ extensions })).json()) as { data: unknown };
    expect(byHash.data).toMatchObject({
      backends: expect.arrayContaining([expect.objectContaining({ platform: 'JASPER' })]),
    });
  });
});

describe('/metrics', () => {
  const metrics = (authorization?: string) =>
    fetch(`${stack.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('needs the token when METRICS_TOKEN is set', async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics('Bearer wrong-token-0123456789')).status).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  it('labels the first N operation names and counts later ones as other', async () => {
    for (const name of ['NameA', 'NameB', 'NameC', 'NameD', 'NameE']) {
      await stack.post({ query: `query ${name} { backends { platform } }` });
    }
    const text = await (await metrics(`Bearer ${METRICS_TOKEN}`)).text();
    const names = new Set(
      [...text.matchAll(/gateway_graphql_operations_total\{[^}]*name="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(names.size).toBeLessThanOrEqual(4); // three names + other
    expect(names.has('other')).toBe(true);
    expect(names.has('NameE')).toBe(false);
  });
});
