/**
 * The request deadline with one slow platform: TURKCELL's simulator answers every call after 3 s; a LIVE `products`
 * page over all ten platforms is timed over several runs (p50, p99, max) against REQUEST_DEADLINE_MS, with how many
 * answers named the slow platform as cut off (`BACKEND_UNAVAILABLE`, `reason: "deadline"`).
 */
import { fmt, markdownTable, percentile, type BenchEnv, type BenchResult } from './lib.js';

export async function deadline(
  env: BenchEnv,
  { runs = 10, deadlineMs = 2_000, slow = 'TURKCELL', latencyMs = 3_000 } = {},
): Promise<BenchResult> {
  const page = '{ products(first: 100, consistency: LIVE) { edges { node { id platform } } } }';
  await env.query(page); // warm: tokens, accounts, connections
  await env.admin('PUT', `/admin/faults/${slow}`, { latencyMs });
  const times: number[] = [];
  let named = 0;
  let platforms = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const { body, ms } = await env.query(page);
      times.push(ms);
      const errors = (body.errors ?? []) as Array<{
        extensions?: { code?: string; platform?: string; reason?: string };
      }>;
      if (
        errors.some(
          (e) =>
            e.extensions?.code === 'BACKEND_UNAVAILABLE' &&
            e.extensions.platform === slow &&
            e.extensions.reason === 'deadline',
        )
      )
        named++;
      platforms = new Set(
        (body.data?.products?.edges ?? []).map((e: { node: { platform: string } }) => e.node.platform),
      ).size;
    }
  } finally {
    await env.admin('DELETE', `/admin/faults/${slow}`);
  }
  return {
    title: `Request deadline: one platform at ${fmt(latencyMs / 1000, 0)} s per call`,
    table: markdownTable(
      ['measure', 'value'],
      [
        ['REQUEST_DEADLINE_MS', deadlineMs],
        ['page latency p50 (ms)', fmt(percentile(times, 50))],
        ['page latency p99 (ms)', fmt(percentile(times, 99))],
        ['page latency max (ms)', fmt(Math.max(...times))],
        [`answers naming ${slow} as cut off (reason "deadline")`, `${named} of ${runs}`],
        ['platforms in the last page', platforms],
      ],
    ),
    notes: [
      `A LIVE page of 100 over the ten platforms, ${runs} runs, with ${slow}'s simulator delaying every call by ${latencyMs} ms (sandbox fault). Target: p99 ≤ deadline + 100 ms; without the deadline a page waited for the slow platform's whole call chain.`,
    ],
  };
}
