/**
 * Latency with every platform answering after a fixed delay: each platform alone, then all together. Fetches for
 * different platforms and sub-resources run in parallel, so all together should take about as long as the slowest
 * platform alone, plus a few milliseconds.
 */
import { fmt, markdownTable, percentile, type BenchEnv, type BenchResult } from './lib.js';
import { PAGE_QUERY } from './backend-calls.js';

export async function latency(env: BenchEnv, { latencyMs = 20, pageSize = 100, runs = 5 } = {}): Promise<BenchResult> {
  const manifest = await env.admin('GET', '/admin/manifest');
  const codes: string[] = manifest.platforms.map((p: { code: string }) => p.code);
  for (const code of codes) await env.admin('PUT', `/admin/faults/${code}`, { latencyMs });
  const enumOf = (code: string) => (code === '1NCE' ? 'ONE_NCE' : code);
  const perPlatformQuery = PAGE_QUERY.replace(
    'products(first: $first)',
    'products(first: $first, filter: { platforms: [$p] })',
  ).replace('query Page($first: Int)', 'query Page($first: Int, $p: Platform!)');
  const time = async (q: string, vars: Record<string, unknown>) => {
    await env.query(q, vars);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push((await env.query(q, vars)).ms);
    return percentile(samples, 50);
  };
  try {
    const rows: Array<Array<string | number>> = [];
    let slowest = 0;
    for (const code of codes) {
      await env.admin('DELETE', '/admin/counters');
      const ms = await time(perPlatformQuery, { first: Math.ceil(pageSize / codes.length), p: enumOf(code) });
      const calls = (await env.counts()).reduce((s, c) => s + c.count, 0) / (runs + 1);
      slowest = Math.max(slowest, ms);
      rows.push([code, fmt(calls, 0), fmt(ms), fmt(ms / latencyMs, 1)]);
    }
    const all = await time(PAGE_QUERY, { first: pageSize });
    rows.push(['**all ten together**', '', fmt(all), fmt(all / latencyMs, 1)]);
    return {
      title: `Latency of a ${pageSize}-product page with every platform answering after ${latencyMs} ms`,
      table: markdownTable(
        ['platform', 'backend calls per query', 'median time (ms)', 'in units of the per-call latency'],
        rows,
      ),
      notes: [
        `All platforms together: ${fmt(all)} ms; the slowest platform alone: ${fmt(slowest)} ms (difference ${fmt(all - slowest)} ms).`,
        'A platform that allows one call at a time per account (Cisco: TMUS, JASPER) has a chain as long as its calls; platforms with multi-id calls need two hops (list, then one batched call per sub-resource).',
      ],
    };
  } finally {
    for (const code of codes) await env.admin('DELETE', `/admin/faults/${code}`);
  }
}
