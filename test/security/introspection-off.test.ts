/**
 * Introspection off means off on both transports: with INTROSPECTION=false, no error over graphql-ws or HTTP
 * suggests a name the client did not write ("Did you mean …?") — for fields, types, arguments, enum values (inline
 * and in variables), input fields and mutations. With introspection on, the same queries do get suggestions (so the
 * cases really produce them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { collect, wsClient } from '../helpers/ws.js';

const CASES: Array<[string, string, Record<string, unknown>?]> = [
  ['field', '{ produc { id } }'],
  ['type', '{ ... on Qery { backends { platform } } }'],
  ['argument', '{ products(frist: 1) { edges { node { id } } } }'],
  ['enum value', '{ products(first: 1, filter: { statuses: [ACTIV] }) { edges { node { id } } } }'],
  ['input field', '{ products(first: 1, filter: { statuse: [ACTIVE] }) { edges { node { id } } } }'],
  ['mutation', 'mutation { updateSimCardStatu(productId: "x", status: ACTIVE) { mode } }'],
  [
    'enum value in a variable',
    'query($s: [ProductStatus!]) { products(first: 1, filter: { statuses: $s }) { edges { node { id } } } }',
    { s: ['ACTIV'] },
  ],
];

let closed: TestGateway;
let open: TestGateway;
let closedToken: string;
let openToken: string;
beforeAll(async () => {
  closed = await startTestGateway({ INTROSPECTION: 'false' });
  open = await startTestGateway({ INTROSPECTION: 'true' });
  closedToken = await closed.token(['alpha']);
  openToken = await open.token(['alpha']);
});
afterAll(async () => {
  await closed?.close();
  await open?.close();
});

async function overWebSocket(
  gw: TestGateway,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<string> {
  const client = wsClient(gw.url, 'alpha', token);
  const sub = collect<unknown>(client, query, variables);
  await sub.until(() => sub.errors.length > 0 || sub.completed, 3_000).catch(() => undefined);
  await client.dispose();
  expect(sub.errors.length, query).toBeGreaterThan(0);
  return JSON.stringify(sub.errors);
}

describe('with introspection off', () => {
  it.each(CASES)('gives no suggestion over WebSocket: %s', async (_name, query, variables) => {
    const errors = await overWebSocket(closed, closedToken, query, variables);
    expect(errors).not.toMatch(/Did you mean/);
  });

  it.each(CASES)('gives no suggestion over HTTP: %s', async (_name, query, variables) => {
    const res = await closed.graphql('alpha', closedToken, query, variables);
    expect(res.body.errors?.length, query).toBeGreaterThan(0);
    expect(JSON.stringify(res.body.errors)).not.toMatch(/Did you mean/);
  });
});

describe('with introspection on', () => {
  it.each(CASES)('the same query is answered with a suggestion over WebSocket: %s', async (_name, query, variables) => {
    expect(await overWebSocket(open, openToken, query, variables)).toMatch(/Did you mean/);
  });
});
