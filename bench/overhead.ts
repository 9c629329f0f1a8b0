/**
 * Gateway overhead and throughput for a small query — one product with its SIM card — side by side in one run
 * with (a) a minimal graphql-js server over the same sandbox data (the floor for any GraphQL server; its own process,
 * bench/minimal-server.mjs, as the gateway has its own) and (b) the sandbox called directly. Load from autocannon; the sandbox's rate limits are off so the platform is not the limit.
 */
import autocannon from 'autocannon';
import { fmt, markdownTable, start, type BenchEnv, type BenchResult } from './lib.js';

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

async function load(target: Target, seconds: number, connections: number) {
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    duration: seconds,
    connections,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
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
      url: deviceUrl,
      method: 'GET',
      headers: { authorization: auth },
    },
    {
      name: 'minimal graphql-js server',
      url: match[1]!,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    },
    {
      name: 'the gateway',
      url: `${env.gatewayUrl}/demo/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.token}` },
      body: query,
    },
  ];
  try {
    const warmup = Math.min(5, seconds);
    const rows: Array<Array<string | number>> = [];
    const results: Array<Awaited<ReturnType<typeof load>>> = [];
    const single: Array<Awaited<ReturnType<typeof load>>> = [];
    for (const t of targets) {
      // Warm-up: long enough for V8 to have optimized the request path (a 1 s warm-up left the next second slower).
      await load(t, warmup, connections);
      // One connection: the time a request takes with no queueing (the gateway's own overhead at the median).
      const one = await load(t, seconds, 1);
      single.push(one);
      rows.push([t.name, 1, fmt(one.rps, 0), fmt(one.p50, 1), fmt(one.p99, 1), one.errors]);
      const r = await load(t, seconds, connections);
      results.push(r);
      rows.push([t.name, connections, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1), r.errors]);
    }
    const [direct, floor, gateway] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
    const [, floorOne, gatewayOne] = single as [(typeof single)[0], (typeof single)[0], (typeof single)[0]];
    return {
      title: 'Overhead and throughput: product(id) with simCard',
      table: markdownTable(
        ['target', 'connections', 'requests/s', 'p50 latency (ms)', 'p99 latency (ms)', 'errors'],
        rows,
      ),
      notes: [
        `autocannon, 1 and ${connections} connections, ${seconds} s each per target after a ${warmup} s warm-up at ${connections} connections; each server in its own process; the platforms' rate limits are off on both sides (the sandbox does not enforce them, the gateway does not space calls), so the figures are the gateway's own.`,
        `One connection (no queueing): gateway p50 ${fmt(gatewayOne.p50, 1)} ms vs minimal server ${fmt(floorOne.p50, 1)} ms — the gateway's own overhead at the median, at autocannon's 1 ms resolution; from the request rates (one request at a time, so 1/rate is the mean latency), the gateway takes **${fmt(1000 / gatewayOne.rps - 1000 / floorOne.rps, 2)} ms** more per request than the minimal server.`,
        `${connections} connections: gateway p50 minus minimal server p50: ${fmt(gateway.p50 - floor.p50, 1)} ms; minus the sandbox alone: ${fmt(gateway.p50 - direct.p50, 1)} ms. Throughput ratio gateway / minimal server: **${fmt(gateway.rps / floor.rps, 2)}×** (target ≥ 0.90×); p50 overhead at 1 connection: **${fmt(gatewayOne.p50 - floorOne.p50, 1)} ms** (target ≤ 1 ms).`,
        'The gateway does per request what the minimal server does not: JWT verification (cached per token until it expires), tenant and account look-up (in memory, refreshed ahead), query limits and cost budget, DataLoaders, metrics, got (keep-alive agents) instead of fetch; Apollo keeps parsed and validated documents in its document store (on by default).',
      ],
    };
  } finally {
    await minimal.stop();
  }
}
