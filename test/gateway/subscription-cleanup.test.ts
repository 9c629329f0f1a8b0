/**
 * Subscribers leave nothing behind: a client that completes its subscription, and a client whose socket drops, each
 * take their listener off the topic's hub at once (a process that serves 10,000 subscribers a day must not keep them).
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

  it('takes every subscription of 50 dropped sockets off the hub', async () => {
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
    await until(() => listening(TOPICS.monitor) === 50);
    for (const socket of sockets) socket.terminate();
    await until(() => listening(TOPICS.monitor) === 0).catch(() => undefined);
    expect(listening(TOPICS.monitor)).toBe(0);
  });
});
