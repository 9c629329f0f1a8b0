/**
 * `npm run bench`: runs every benchmark against a sandbox and a gateway started as separate processes, prints the
 * tables and writes them to docs/benchmarks.md with the machine they ran on.
 *
 * The gateway runs from its build (`npm run build` first, as the container runs it); the sandbox from source.
 *
 * BENCH_SMOKE=1 runs each with tiny sizes (what the test suite does, so they cannot rot) and writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { backendCalls } from './backend-calls.js';
import { inventoryFreshness, inventoryPriority, inventoryScale, inventorySyncCost } from './inventory.js';
import { deadline } from './deadline.js';
import { latency } from './latency.js';
import { machine, startBenchEnv, useBuiltGateway, type BenchResult } from './lib.js';
import { overhead } from './overhead.js';
import { scale } from './scale.js';
import { subscriptions } from './subscriptions.js';

/** The inventory's section (issue 11): reads at scale, freshness, sync cost, priority. */
export async function runInventoryBenchmarks(
  smoke: boolean,
  log: (s: string) => void = console.log,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const record = (r: BenchResult) => {
    results.push(r);
    log(`\n## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n`);
  };
  const products = Number(process.env.BENCH_INVENTORY_PRODUCTS ?? 1_000_000);
  const pgliteProducts = Number(process.env.BENCH_INVENTORY_PGLITE_PRODUCTS ?? 250_000);
  record(await inventoryScale({ store: 'postgres', products: smoke ? 2_000 : products, runs: smoke ? 3 : 200 }, log));
  record(
    await inventoryScale({ store: 'pglite', products: smoke ? 1_000 : pgliteProducts, runs: smoke ? 3 : 200 }, log),
  );
  const fleetSize = smoke ? 30 : 2_000;
  const env = await startBenchEnv({
    fleetSize,
    gatewayEnv: { INVENTORY: 'on', INVENTORY_CHANGE_INTERVAL_S: '5', INVENTORY_FULL_INTERVAL_S: '3600' },
  });
  try {
    record(await inventorySyncCost(env, { fleetSize, share: 0.5 }));
    record(await inventoryFreshness(env, { changes: smoke ? 2 : 20, intervalS: 5 }));
    record(await inventoryPriority(env, { runs: smoke ? 2 : 30 }));
  } finally {
    await env.stop();
  }
  return results;
}

export async function runBenchmarks(smoke: boolean, log: (s: string) => void = console.log): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const record = (r: BenchResult) => {
    results.push(r);
    log(`\n## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n`);
  };
  // Platform rate limits on: the call counts and latencies are those a real deployment sees.
  let env = await startBenchEnv({ fleetSize: smoke ? 30 : 200 });
  try {
    record(await backendCalls(env, { pageSize: smoke ? 20 : 100 }));
    record(await latency(env, { latencyMs: 20, pageSize: smoke ? 4 : 100, runs: smoke ? 1 : 5 }));
    record(await deadline(env, { runs: smoke ? 1 : 10 }));
  } finally {
    await env.stop();
  }
  // Rate limits off: these measure the gateway, not the platforms' published limits.
  env = await startBenchEnv({ fleetSize: smoke ? 30 : 200, rateLimits: false });
  try {
    record(await overhead(env, smoke ? { seconds: 1, connections: 2 } : { seconds: 10, connections: 10 }));
  } finally {
    await env.stop();
  }
  record(
    await subscriptions(() => startBenchEnv({ fleetSize: smoke ? 30 : 200, rateLimits: false }), {
      clients: smoke ? [20] : [1_000, 5_000, 10_000, 20_000],
    }),
  );
  const fleetSize = smoke ? 1_200 : 1_000_000;
  env = await startBenchEnv({ fleetSize, rateLimits: false });
  try {
    record(await scale(env, { fleetSize }));
  } finally {
    await env.stop();
  }
  results.push(...(await runInventoryBenchmarks(smoke, log)));
  return results;
}

const section = (r: BenchResult) => `\n## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const smoke = process.env.BENCH_SMOKE === '1';
  if (!smoke) useBuiltGateway(); // measure what is deployed; the smoke run (the test suite) uses the source
  // BENCH_ONLY=inventory runs the inventory's section alone and replaces it in docs/benchmarks.md.
  if (process.env.BENCH_ONLY === 'inventory') {
    const results = await runInventoryBenchmarks(smoke);
    if (!smoke) {
      const file = new URL('../docs/benchmarks.md', import.meta.url);
      const current = readFileSync(file, 'utf8');
      const start = current.indexOf('\n## Inventory reads');
      const kept = start >= 0 ? current.slice(0, start) : current.trimEnd();
      writeFileSync(
        file,
        `${kept}\n${results.map(section).join('\n')}\n\nInventory section measured on ${new Date().toISOString().slice(0, 10)}: ${machine()}.\n`,
      );
      console.log('\nInventory section written to docs/benchmarks.md');
    }
    process.exit(0);
  }
  const results = await runBenchmarks(smoke);
  if (!smoke) {
    const doc = [
      '# Benchmarks',
      '',
      `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}.`,
      'The sandbox and the gateway run as separate processes on this one machine; figures are for comparison, not absolute.',
      ...results.map((r) => `\n## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`),
      '',
    ].join('\n');
    writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
    console.log('\nWritten to docs/benchmarks.md');
  }
}
