/**
 * Production switches and WebSocket limits: introspection and GraphiQL off, subscriptions per connection capped,
 * connections per tenant capped with a clear close reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { collect, wsClient } from '../helpers/ws.js';

let gw: TestGateway;
let token: string;
beforeAll(async () => {
  gw = await startTestGateway({
    INTROSPECTION: 'false',
    GRAPHIQL: 'false',
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    WS_MAX_CONNECTIONS_PER_TENANT: '2',
  });
  token = await gw.token(['alpha']);
});
afterAll(async () => gw?.close());

describe('production switches', () => {
  it('refuses introspection over HTTP and WebSocket when it is switched off', async () => {
    const res = await gw.graphql('alpha', token, '{ __schema { types { name } } }');
    expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
    const client = wsClient(gw.url, 'alpha', token);
    const sub = collect<unknown>(client, '{ __schema { types { name } } }');
    await sub.until(() => false, 500).catch(() => undefined);
    expect(JSON.stringify(sub.errors)).toMatch(/introspection/i);
    await client.dispose();
  });

  it('does not serve GraphiQL when it is switched off', async () => {
    const res = await fetch(`${gw.url}/alpha/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toContain('id="graphiql"');
    expect((await fetch(`${gw.url}/graphiql-assets/graphiql.js`)).status).toBe(404);
  });
});

describe('WebSocket limits', () => {
  it('caps subscriptions per connection with RATE_LIMITED', async () => {
    const client = wsClient(gw.url, 'alpha', token);
    const subs = [0, 1, 2].map(() => collect<unknown>(client, 'subscription { monitorsUpdated { id } }'));
    await new Promise((r) => setTimeout(r, 400));
    const codes = subs.map(
      (s) => (s.errors[0] as Array<{ extensions?: { code?: string } }> | undefined)?.[0]?.extensions?.code,
    );
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(1);
    await client.dispose();
  });

  it('caps connections per tenant, closing the extra one with 1008 and a reason', async () => {
    const open = (): Promise<WebSocket> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/alpha/graphql`, 'graphql-transport-ws');
        ws.on('open', () =>
          ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })),
        );
        ws.on('message', () => resolve(ws));
        ws.on('close', () => resolve(ws));
      });
    const first = await open();
    const second = await open();
    const third = new WebSocket(`${gw.url.replace('http', 'ws')}/alpha/graphql`, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      third.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    third.on('open', () =>
      third.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })),
    );
    expect(await closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/Too many connections/) });
    first.close();
    second.close();
  });
});
