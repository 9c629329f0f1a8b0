/**
 * Many concurrent graphql-ws subscribers on one gateway process: N clients subscribe to `monitorsUpdated`; a batch
 * creates a monitor; the time from sending that mutation to each client receiving the monitor's first event is
 * measured (p50, p99, last), and the gateway's memory per connection (RSS and heap before/after connecting); one run
 * per size of the curve (1k / 5k / 10k / 20k by default).
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { fmt, markdownTable, percentile, type BenchEnv, type BenchResult } from './lib.js';

interface Sub {
  socket: WebSocket;
  /**
   * When this client first heard of each monitor. The event that announces a new monitor is published before the
   * mutation answers, so the client cannot yet know the id it waits for: it notes every first arrival, and the
   * run looks the mutation's monitor up afterwards.
   */
  firstSeen: Map<string, number>;
}

function connect(url: string, token: string): Promise<Sub> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = { socket, firstSeen: new Map() };
    socket.once('error', reject);
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        type: string;
        payload?: { data?: { monitorsUpdated?: { id: string } } };
      };
      if (msg.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: 'subscription { monitorsUpdated { id state } }' },
          }),
        );
        resolve(sub);
      } else if (msg.type === 'next') {
        const id = msg.payload?.data?.monitorsUpdated?.id;
        if (id && !sub.firstSeen.has(id)) sub.firstSeen.set(id, performance.now());
      } else if (msg.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
  });
}

interface RunFigures {
  clients: number;
  open: number;
  connectSeconds: number;
  received: number;
  p50: number;
  p99: number;
  last: number;
  rssPerConnKiB: number;
  heapPerConnKiB: number;
}

async function run(env: BenchEnv, wsUrl: string, productId: string, clients: number): Promise<RunFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = await env.metric('process_resident_memory_bytes');
  const heapBefore = await env.metric('nodejs_heap_size_used_bytes');
  const subs: Sub[] = [];
  const connectStarted = performance.now();
  for (let i = 0; i < clients; i += 250) {
    subs.push(
      ...(await Promise.all(Array.from({ length: Math.min(250, clients - i) }, () => connect(wsUrl, env.token)))),
    );
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await new Promise((r) => setTimeout(r, 1_000)); // let every subscribe reach the server
  const open = await env.metric('gateway_websocket_connections');
  const rssAfter = await env.metric('process_resident_memory_bytes');
  const heapAfter = await env.metric('nodejs_heap_size_used_bytes');

  const sent = performance.now();
  const res = await env.query<{ batchUpdate: { id: string } }>(
    'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "bench", value: "x" }] }) { id } }',
    { ids: [productId] },
  );
  const target = res.body.data!.batchUpdate.id;
  const deadline = Date.now() + 60_000;
  while (subs.some((s) => !s.firstSeen.has(target)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const delays = subs.filter((s) => s.firstSeen.has(target)).map((s) => s.firstSeen.get(target)! - sent);
  for (const s of subs) s.socket.terminate();
  // Let the gateway see the closes before the next size is measured.
  const closing = Date.now() + 30_000;
  while ((await env.metric('gateway_websocket_connections')) > 0 && Date.now() < closing)
    await new Promise((r) => setTimeout(r, 200));
  return {
    clients,
    open,
    connectSeconds,
    received: delays.length,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    last: delays.length ? Math.max(...delays) : NaN,
    rssPerConnKiB: (rssAfter - rssBefore) / clients / 1024,
    heapPerConnKiB: (heapAfter - heapBefore) / clients / 1024,
  };
}

/** This process's open-file limit (Linux), when it can be read. */
function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) ? soft : undefined;
  } catch {
    return undefined;
  }
}

/** The subscriber curve: one run per size, smallest first, on one gateway process. */
export async function subscriptions(
  env: BenchEnv,
  { clients = [1_000, 5_000, 10_000, 20_000] }: { clients?: number[] } = {},
): Promise<BenchResult> {
  const wsUrl = `${env.gatewayUrl.replace('http', 'ws')}/demo/graphql`;
  const list = await env.query<{ products: { edges: Array<{ node: { id: string } }> } }>(
    '{ products(first: 1) { edges { node { id } } } }',
  );
  const productId = list.body.data!.products.edges[0]!.node.id;
  const runs: RunFigures[] = [];
  const skipped: number[] = [];
  const fdLimit = openFileLimit();
  for (const n of clients) {
    // Each subscriber is one socket in this process and one in the gateway's: a size the limit cannot hold is skipped.
    if (fdLimit !== undefined && n + 1_000 > fdLimit) skipped.push(n);
    else runs.push(await run(env, wsUrl, productId, n));
  }
  const at10k = runs.find((r) => r.clients === 10_000);
  return {
    title: `Concurrent subscribers on one gateway process (${clients.map((n) => n.toLocaleString('en')).join(' / ')})`,
    table: markdownTable(
      [
        'subscribers',
        'connected (s to connect)',
        'received the event',
        'p50 (ms)',
        'p99 (ms)',
        'last (ms)',
        'RSS per connection (KiB)',
        'heap per connection (KiB)',
      ],
      runs.map((r) => [
        r.clients.toLocaleString('en'),
        `${r.open} (${fmt(r.connectSeconds)})`,
        `${r.received} of ${r.clients}`,
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.last),
        fmt(r.rssPerConnKiB),
        fmt(r.heapPerConnKiB),
      ]),
    ),
    notes: [
      "Latency is measured from sending the mutation that creates the monitor to each client receiving the monitor's first event, so it includes the mutation itself.",
      'Every subscriber has the same selection (`monitorsUpdated { id state }`): the event is read once and executed once for all of them (src/subscriptions/shared-execution.ts); each socket still gets its own message.',
      "The clients run in the benchmark process (raw `ws`, subprotocol graphql-transport-ws), the gateway in its own; memory is read from the gateway's /metrics before and after connecting (RSS does not shrink between sizes, so later rows show only what the size added).",
      ...(skipped.length
        ? [
            `Not measured: ${skipped.map((n) => n.toLocaleString('en')).join(', ')} subscribers — the open-file limit here (${fdLimit}) cannot hold that many sockets in one process.`,
          ]
        : []),
      ...(at10k
        ? [
            `Target at 10,000: p99 ≤ 250 ms (measured ${fmt(at10k.p99)} ms), ≤ 20 KiB per connection (measured ${fmt(at10k.heapPerConnKiB)} KiB heap, ${fmt(at10k.rssPerConnKiB)} KiB RSS).`,
          ]
        : []),
    ],
  };
}
