/**
 * `npm run bench`: runs every benchmark against a sandbox and a gateway started as separate processes, prints the
 * tables and writes them to docs/benchmarks.md with the machine they ran on.
 *
 * BENCH_SMOKE=1 runs each with tiny sizes (what the test suite does, so they cannot rot) and writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { backendCalls } from './backend-calls.js';
import { latency } from './latency.js';
import { machine, startBenchEnv, type BenchResult } from './lib.js';
import { overhead } from './overhead.js';
import { scale } from './scale.js';
import { subscriptions } from './subscriptions.js';

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
  } finally {
    await env.stop();
  }
  // Rate limits off: these measure the gateway, not the platforms' published limits.
  env = await startBenchEnv({ fleetSize: smoke ? 30 : 200, rateLimits: false });
  try {
    record(await overhead(env, smoke ? { seconds: 1, connections: 2 } : { seconds: 10, connections: 10 }));
    record(await subscriptions(env, { clients: smoke ? 20 : 10_000 }));
  } finally {
    await env.stop();
  }
  const fleetSize = smoke ? 1_200 : 1_000_000;
  env = await startBenchEnv({ fleetSize, rateLimits: false });
  try {
    record(await scale(env, { fleetSize }));
  } finally {
    await env.stop();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const smoke = process.env.BENCH_SMOKE === '1';
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
