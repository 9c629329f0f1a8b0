/**
 * Gateway overhead and throughput for a small query — one product with its SIM card — side by side in one run
 * with (a) a minimal graphql-js server over the same sandbox data (the floor for any GraphQL server; its own process,
 * bench/minimal-server.mjs, as the gateway has its own) and (b) the sandbox called directly. Load from autocannon; the
 * sandbox's rate limits are off so the platform is not the limit.
 *
 * The host's speed drifts from one ten-second stretch to the next (shared machines), so the targets take turns: each
 * measurement is split into rounds and the rounds of the three targets interleave; figures are summed (requests,
 * seconds, CPU) or the median of the rounds (latencies). The CPU time each server's process spent per request (from
 * /proc, on Linux) is the steadiest figure of the gap.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { fmt, markdownTable, start, type BenchEnv, type BenchResult } from './lib.js';

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** The serving process, for its CPU time. */
  pid?: number;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the serving process per request, µs (NaN where /proc cannot tell). */
  cpuPerRequest: number;
}

/** utime + stime of a process, µs (Linux; the kernel counts in ticks of 1/100 s). */
function cpuMicros(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `rounds` turns of `seconds / rounds` each per target, the targets interleaved. */
async function measure(targets: Target[], seconds: number, connections: number, rounds: number): Promise<Measured[]> {
  const acc = targets.map(() => ({
    requests: 0,
    seconds: 0,
    cpu: 0,
    p50: [] as number[],
    p99: [] as number[],
    errors: 0,
  }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, t] of targets.entries()) {
      const before = cpuMicros(t.pid);
      const result = await autocannon({
        url: t.url,
        method: t.method,
        headers: t.headers,
        body: t.body,
        duration: seconds / rounds,
        connections,
      });
      const a = acc[i]!;
      a.cpu += cpuMicros(t.pid) - before;
      a.requests += result.requests.total;
      a.seconds += result.duration;
      a.p50.push(result.latency.p50);
      a.p99.push(result.latency.p99);
      a.errors += result.errors + result.non2xx;
    }
  }
  return acc.map((a) => ({
    rps: a.requests / a.seconds,
    p50: median(a.p50),
    p99: median(a.p99),
    errors: a.errors,
    cpuPerRequest: a.cpu / a.requests,
  }));
}

export async function overhead(env: BenchEnv, { seconds = 5, connections = 10 } = {}): Promise<BenchResult> {
  const manifest = await env.admin('GET', '/admin/manifest');
  const tmus = manifest.platforms.find((p: { code: string }) => p.code === 'TMUS');
  if (!tmus) throw new Error('the overhead benchmark uses the TMUS simulator (Cisco)');
  const account = tmus.accounts[0];
  const list = await env.query<{ products: { edges: Array<{ node: { id: string; iccid: string } }> } }>(
    '{ products(first: 1, filter: { platforms: [TMUS] }) { edges { node { id iccid } } } }',
  );
  const { id, iccid } = list.body.data!.products.edges[0]!.node;
  const auth = `Basic ${Buffer.from(`${account.credentials.username}:${account.credentials.apiKey}`).toString('base64')}`;
  const deviceUrl = `${tmus.baseUrl}/rws/api/v1/devices/${iccid}`;

  // The floor: graphql-js alone, one resolver calling the same device endpoint, in its own process.
  const { proc: minimal, match } = await start(
    ['bench/minimal-server.mjs'],
    { MINIMAL_DEVICE_URL: `${tmus.baseUrl}/rws/api/v1/devices/`, MINIMAL_AUTH: auth },
    /minimal graphql-js server on (\S+)/,
  );
  const query = JSON.stringify({
    query: 'query($id: ID!) { product(id: $id) { id status simCard { iccid imsi status } } }',
    variables: { id },
  });
  const targets: Target[] = [
    {
      name: 'sandbox directly (GET /devices/{iccid})',
      pid: env.sandbox.child.pid,
      url: deviceUrl,
      method: 'GET',
      headers: { authorization: auth },
    },
    {
      name: 'minimal graphql-js server',
      pid: minimal.child.pid,
      url: match[1]!,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    },
    {
      name: 'the gateway',
      pid: env.gateway.child.pid,
      url: `${env.gatewayUrl}/demo/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.token}` },
      body: query,
    },
  ];
  try {
    const warmup = Math.min(5, seconds);
    const rounds = seconds >= 5 ? 5 : 1;
    // Warm-up: long enough for V8 to have optimized the request path (a 1 s warm-up left the next second slower).
    await measure(targets, warmup * targets.length, connections, targets.length);
    // One connection: the time a request takes with no queueing (the gateway's own overhead at the median).
    const single = await measure(targets, seconds, 1, rounds);
    const results = await measure(targets, seconds, connections, rounds);
    const rows: Array<Array<string | number>> = [];
    for (const [i, t] of targets.entries()) {
      for (const [n, m] of [
        [1, single[i]!],
        [connections, results[i]!],
      ] as const) {
        rows.push([t.name, n, fmt(m.rps, 0), fmt(m.p50, 1), fmt(m.p99, 1), fmt(m.cpuPerRequest, 0), m.errors]);
      }
    }
    const [direct, floor, gateway] = results as [Measured, Measured, Measured];
    const [, floorOne, gatewayOne] = single as [Measured, Measured, Measured];
    return {
      title: 'Overhead and throughput: product(id) with simCard',
      table: markdownTable(
        [
          'target',
          'connections',
          'requests/s',
          'p50 latency (ms)',
          'p99 latency (ms)',
          'CPU per request (µs)',
          'errors',
        ],
        rows,
      ),
      notes: [
        `autocannon, 1 and ${connections} connections, ${seconds} s each per target in ${rounds} interleaved rounds, after a ${warmup} s warm-up at ${connections} connections; each server in its own process; CPU per request is the serving process's own (the sandbox's for the first row); the platforms' rate limits are off on both sides (the sandbox does not enforce them, the gateway does not space calls), so the figures are the gateway's own.`,
        `One connection (no queueing): gateway p50 ${fmt(gatewayOne.p50, 1)} ms vs minimal server ${fmt(floorOne.p50, 1)} ms — the gateway's own overhead at the median, at autocannon's 1 ms resolution; from the request rates (one request at a time, so 1/rate is the mean latency), the gateway takes **${fmt(1000 / gatewayOne.rps - 1000 / floorOne.rps, 2)} ms** more per request than the minimal server.`,
        `${connections} connections: gateway p50 minus minimal server p50: ${fmt(gateway.p50 - floor.p50, 1)} ms; minus the sandbox alone: ${fmt(gateway.p50 - direct.p50, 1)} ms. Throughput ratio gateway / minimal server: **${fmt(gateway.rps / floor.rps, 2)}×** (target ≥ 0.90×; by CPU per request, minimal / gateway: ${fmt(floor.cpuPerRequest / gateway.cpuPerRequest, 2)}×); p50 overhead at 1 connection: **${fmt(gatewayOne.p50 - floorOne.p50, 1)} ms** (target ≤ 1 ms).`,
        'The gateway does per request what the minimal server does not: JWT verification (cached per token until it expires), tenant and account look-up (in memory, refreshed ahead), query limits and cost budget, DataLoaders, metrics, got (keep-alive agents) instead of fetch; Apollo keeps parsed and validated documents in its document store (on by default).',
      ],
    };
  } finally {
    await minimal.stop();
  }
}
