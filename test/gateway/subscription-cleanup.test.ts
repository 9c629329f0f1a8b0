/**
 * Subscribers share and leave nothing behind: 50 identical subscriptions run as one pipeline (one listener on the
 * topic's hub), and a client that completes its subscription or whose socket drops is taken off at once — the last
 * one out stops the pipeline (a process that serves 10,000 subscribers a day must not keep them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { TOPICS } from '../../src/subscriptions/events.js';
import { startStack, type TestStack } from '../helpers/stack.js';
import { collect, wsClient } from '../helpers/ws.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 10 });
});
afterAll(async () => stack?.close());

const listening = (topic: (typeof TOPICS)[keyof typeof TOPICS]) => stack.gateway.gateway.deps.events.listening(topic);

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('subscription clean-up', () => {
  it('takes a completed subscription off the hub', async () => {
    const client = wsClient(stack.gateway.url, 'demo', stack.token);
    const before = listening(TOPICS.productStatus);
    const sub = collect(client, 'subscription { productStatusChanged { productId status } }');
    await until(() => listening(TOPICS.productStatus) === before + 1);
    sub.dispose();
    await until(() => listening(TOPICS.productStatus) === before).catch(() => undefined);
    expect(listening(TOPICS.productStatus)).toBe(before);
    await client.dispose();
  });

  it('runs 50 identical subscriptions as one pipeline, and stops it when their sockets drop', async () => {
    const url = `${stack.gateway.url.replace('http', 'ws')}/demo/graphql`;
    const sockets = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(url, 'graphql-transport-ws');
            socket.once('error', reject);
            socket.on('open', () =>
              socket.send(
                JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${stack.token}` } }),
              ),
            );
            socket.on('message', (raw) => {
              if (JSON.parse(String(raw)).type !== 'connection_ack') return;
              socket.send(
                JSON.stringify({
                  id: '1',
                  type: 'subscribe',
                  payload: { query: 'subscription { monitorsUpdated { id state } }' },
                }),
              );
              resolve(socket);
            });
          }),
      ),
    );
    const received = sockets.map(() => 0);
    sockets.forEach((socket, i) =>
      socket.on('message', (raw) => {
        if (JSON.parse(String(raw)).type === 'next') received[i]!++;
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(listening(TOPICS.monitor)).toBe(1);
    // Every member gets the event, once.
    const list = await stack.query('{ products(first: 1) { edges { node { id } } } }');
    const productId = (list.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges[0]!.node
      .id;
    await stack.query(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "fanout", value: "1" }] }) { id } }',
      { ids: [productId] },
    );
    await until(() => received.every((n) => n >= 1)).catch(() => undefined);
    expect(received.every((n) => n >= 1)).toBe(true);
    for (const socket of sockets) socket.terminate();
    await until(() => listening(TOPICS.monitor) === 0).catch(() => undefined);
    expect(listening(TOPICS.monitor)).toBe(0);
  });
});
