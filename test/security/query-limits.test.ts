/**
 * Query limits on HTTP and WebSocket alike: depth, aliases, cost (lists cost by their page size), fragment bombs and
 * token count are refused with QUERY_TOO_COMPLEX naming the figure and the limit — and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { collect, wsClient } from '../helpers/ws.js';

let gw: TestGateway;
let token: string;
beforeAll(async () => {
  gw = await startTestGateway({
    QUERY_MAX_DEPTH: '5',
    QUERY_MAX_COST: '2000',
    QUERY_MAX_ALIASES: '10',
    QUERY_MAX_TOKENS: '800',
  });
  token = await gw.token(['alpha']);
});
afterAll(async () => gw?.close());

const bomb = (() => {
  // 2^16 fields once expanded, in a few hundred characters.
  let fragments = 'fragment F0 on Backend { platform }\n';
  for (let i = 1; i <= 16; i++) fragments += `fragment F${i} on Backend { ...F${i - 1} ...F${i - 1} }\n`;
  return `{ backends { ...F16 } }\n${fragments}`;
})();

const cases: Array<[string, string, string]> = [
  ['depth', '{ products(first: 1) { edges { node { usage { buckets { used { amount } } } } } } }', 'depth'],
  ['aliases', `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: backends { platform }`).join(' ')} }`, 'aliases'],
  [
    'cost',
    '{ products(first: 200) { edges { node { id iccid imsi msisdn status platformStatus serialNumber terminalName } } } }',
    'cost',
  ],
  ['fragment bomb', bomb, 'selections'],
  ['tokens', `{ backends { ${'platform '.repeat(900)} } }`, 'tokens'],
];

describe('query limits over HTTP', () => {
  it.each(cases)('refuses too much %s with QUERY_TOO_COMPLEX and the figures', async (_name, query, measure) => {
    const res = await gw.graphql('alpha', token, query);
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.extensions?.measure).toBe(measure);
    if (measure !== 'tokens') {
      expect(error?.extensions?.value).toBeGreaterThan(error?.extensions?.limit as number);
      expect(error?.message).toMatch(/over the limit of \d+/);
    }
    expect(res.body.data ?? null).toBeNull();
  });

  it('counts a list by the page size asked for, including through variables', async () => {
    const q = 'query($n: Int) { products(first: $n) { edges { node { id iccid imsi msisdn } } } }';
    const small = await gw.graphql('alpha', token, q, { n: 10 });
    expect(small.body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COMPLEX');
    const big = await gw.graphql('alpha', token, q, { n: 500 });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('keeps serving after refusing', async () => {
    const res = await gw.graphql('alpha', token, '{ backends { platform } }');
    expect((res.body.data?.backends as unknown[]).length).toBe(10);
  });
});

describe('query limits over WebSocket', () => {
  it.each(cases)('refuses too much %s the same way', async (_name, query, measure) => {
    const client = wsClient(gw.url, 'alpha', token);
    const sub = collect<unknown>(client, query);
    await sub.until(() => false, 1_000).catch(() => undefined);
    const error = sub.errors[0] as
      { extensions?: Record<string, unknown> } | Array<{ extensions?: Record<string, unknown> }>;
    const first = Array.isArray(error) ? error[0] : error;
    expect(first?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(first?.extensions?.measure).toBe(measure);
    await client.dispose();
  });
});
