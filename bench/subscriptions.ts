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
  /** Monitors this client has seen in a final state (every state but IN_PROGRESS). */
  finished: Set<string>;
}

function connect(url: string, token: string): Promise<Sub> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = { socket, firstSeen: new Map(), finished: new Set() };
    socket.once('error', reject);
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        type: string;
        payload?: { data?: { monitorsUpdated?: { id: string; state: string } } };
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
        const monitor = msg.payload?.data?.monitorsUpdated;
        if (monitor && !sub.firstSeen.has(monitor.id)) sub.firstSeen.set(monitor.id, performance.now());
        if (monitor && monitor.state !== 'IN_PROGRESS') sub.finished.add(monitor.id);
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
  /** p99 of the first event after connecting. */
  firstP99: number;
  p50: number;
  p99: number;
  last: number;
  rssPerConnKiB: number;
  heapPerConnKiB: number;
}

/** Events measured per size, after the first. */
const MEASURED = 3;

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

  // One event right after connecting (its figure reported alone: the first delivery after start pays for the JIT),
  // then MEASURED events, one after another, each waited for by every subscriber.
  const deliveries: number[][] = [];
  for (let event = 0; event <= MEASURED; event++) {
    const sent = performance.now();
    const res = await env.query<{ batchUpdate: { id: string } }>(
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, customProperties: [{ name: "bench", value: "x" }] }) { id } }',
      { ids: [productId] },
    );
    const target = res.body.data!.batchUpdate.id;
    const deadline = Date.now() + 60_000;
    while (subs.some((s) => !s.firstSeen.has(target)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    deliveries.push(subs.filter((s) => s.firstSeen.has(target)).map((s) => s.firstSeen.get(target)! - sent));
    // The monitor finishes shortly after (one more event to every subscriber): the next event is sent once that
    // delivery is over, so each figure is one event's fan-out, not two overlapping.
    while (subs.some((s) => !s.finished.has(target)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
  }
  const [first = [], ...rest] = deliveries;
  const delays = rest.flat();
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
    firstP99: percentile(first, 99),
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

/**
 * The subscriber curve: one run per size, smallest first, each on a fresh gateway process (`newEnv`), so a size's
 * memory and latency are its own, not what the sizes before it left in the heap.
 */
export async function subscriptions(
  newEnv: () => Promise<BenchEnv>,
  { clients = [1_000, 5_000, 10_000, 20_000] }: { clients?: number[] } = {},
): Promise<BenchResult> {
  const runs: RunFigures[] = [];
  const skipped: number[] = [];
  const fdLimit = openFileLimit();
  for (const n of clients) {
    // Each subscriber is one socket in this process and one in the gateway's: a size the limit cannot hold is skipped.
    if (fdLimit !== undefined && n + 1_000 > fdLimit) {
      skipped.push(n);
      continue;
    }
    const env = await newEnv();
    try {
      const wsUrl = `${env.gatewayUrl.replace('http', 'ws')}/demo/graphql`;
      const list = await env.query<{ products: { edges: Array<{ node: { id: string } }> } }>(
        '{ products(first: 1) { edges { node { id } } } }',
      );
      runs.push(await run(env, wsUrl, list.body.data!.products.edges[0]!.node.id, n));
    } finally {
      await env.stop();
    }
  }
  const at10k = runs.find((r) => r.clients === 10_000);
  return {
    title: `Concurrent subscribers on one gateway process, a fresh one per size (${clients.map((n) => n.toLocaleString('en')).join(' / ')})`,
    table: markdownTable(
      [
        'subscribers',
        'connected (s to connect)',
        `deliveries received (${MEASURED} events)`,
        'first event p99 (ms)',
        'p50 (ms)',
        'p99 (ms)',
        'last (ms)',
        'RSS per connection (KiB)',
        'heap per connection (KiB)',
      ],
      runs.map((r) => [
        r.clients.toLocaleString('en'),
        `${r.open} (${fmt(r.connectSeconds)})`,
        `${r.received} of ${r.clients * MEASURED}`,
        fmt(r.firstP99),
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.last),
        fmt(r.rssPerConnKiB),
        fmt(r.heapPerConnKiB),
      ]),
    ),
    notes: [
      "Latency is measured from sending the mutation that creates the monitor to each client receiving the monitor's first event, so it includes the mutation itself.",
      `Per size: one event right after the clients connected (its p99 in its own column: the first delivery after start also pays for compiling the path), then ${MEASURED} events one after another; p50, p99 and last are over those ${MEASURED} × N deliveries.`,
      "Every subscriber has the same selection (`monitorsUpdated { id state }`), so they share one pipeline (src/subscriptions/shared-execution.ts): the topic's one listener (src/subscriptions/hub.ts) hands it the event, the monitor is read once, executed once and serialized once, and each socket gets its own message, written directly (one write per socket: in a CPU profile at 10,000, most of the gateway's busy time for an event is in `writev`, where on loopback the kernel's send also does the receiving client's TCP work).",
      "The clients run in the benchmark process (raw `ws`, subprotocol graphql-transport-ws), the gateway in its own, a fresh one per size; memory per connection is the growth of the gateway's RSS and V8 heap (its /metrics) from before connecting to after, divided by N.",
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
