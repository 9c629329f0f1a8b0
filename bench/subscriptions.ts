/**
 * Many concurrent graphql-ws subscribers on one gateway process: N clients subscribe to `monitorsUpdated`; a batch
 * creates a monitor; the time from sending that mutation to each client receiving the monitor's first event is
 * measured (p50, p99, last), and the gateway's memory per connection (RSS and heap before/after connecting).
 */
import WebSocket from 'ws';
import { fmt, markdownTable, percentile, type BenchEnv, type BenchResult } from './lib.js';

interface Sub {
  socket: WebSocket;
  receivedAt?: number;
}

function connect(url: string, token: string, target: () => string | undefined): Promise<Sub> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = { socket };
    socket.once('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })));
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string; payload?: { data?: { monitorsUpdated?: { id: string } } } };
      if (msg.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { monitorsUpdated { id state } }' } }));
        resolve(sub);
      } else if (msg.type === 'next' && msg.payload?.data?.monitorsUpdated?.id === target() && sub.receivedAt === undefined) {
        sub.receivedAt = performance.now();
      } else if (msg.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
  });
}

export async function subscriptions(env: BenchEnv, { clients = 10_000 } = {}): Promise<BenchResult> {
  const wsUrl = `${env.gatewayUrl.replace('http', 'ws')}/demo/graphql`;
  const list = await env.query<{ products: { edges: Array<{ node: { id: string } }> } }>('{ products(first: 1) { edges { node { id } } } }');
  const productId = list.body.data!.products.edges[0]!.node.id;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = await env.metric('process_resident_memory_bytes');
  const heapBefore = await env.metric('nodejs_heap_size_used_bytes');
  let target: string | undefined; // eslint-disable-line prefer-const -- read by the closures above before its one assignment
  const subs: Sub[] = [];
  const connectStarted = performance.now();
  for (let i = 0; i < clients; i += 250) {
    subs.push(...(await Promise.all(Array.from({ length: Math.min(250, clients - i) }, () => connect(wsUrl, env.token, () => target)))));
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await new Promise((r) => setTimeout(r, 1_000)); // let every subscribe reach the server
  const open = await env.metric('gateway_websocket_connections');
  const rssAfter = await env.metric('process_resident_memory_bytes');
  const heapAfter = await env.metric('nodejs_heap_size_used_bytes');

  const sent = performance.now();
  const res = await env.query<{ batchUpdate: { id: string } }>('mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "bench", value: "x" }] }) { id } }', { ids: [productId] });
  target = res.body.data!.batchUpdate.id;
  const deadline = Date.now() + 60_000;
  while (subs.some((s) => s.receivedAt === undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const delays = subs.filter((s) => s.receivedAt !== undefined).map((s) => s.receivedAt! - sent);
  for (const s of subs) s.socket.terminate();
  const received = delays.length;
  return {
    title: `${clients.toLocaleString('en')} concurrent subscribers on one gateway process`,
    table: markdownTable(['measure', 'value'], [
      ['clients connected and subscribed', `${open} (in ${fmt(connectSeconds)} s)`],
      ['clients that received the event', `${received} of ${clients}`],
      ['latency p50 (ms)', fmt(percentile(delays, 50))],
      ['latency p99 (ms)', fmt(percentile(delays, 99))],
      ['latency, last client (ms)', fmt(Math.max(...delays))],
      ['gateway RSS per connection (KiB)', fmt((rssAfter - rssBefore) / clients / 1024)],
      ['gateway heap per connection (KiB)', fmt((heapAfter - heapBefore) / clients / 1024)],
    ]),
    notes: [
      'Latency is measured from sending the mutation that creates the monitor to each client receiving the monitor\'s first event, so it includes the mutation itself.',
      'The clients run in the benchmark process (raw `ws`, subprotocol graphql-transport-ws), the gateway in its own; memory is read from the gateway\'s /metrics before and after connecting.',
    ],
  };
}
