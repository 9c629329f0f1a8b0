/**
 * Backend calls for one page of products across every platform with simCard, dataConnectivity and usage selected,
 * counted by the sandbox, against what a naive resolver would make (the list calls plus one call per product per
 * selected field).
 */
import { markdownTable, type BenchEnv, type BenchResult } from './lib.js';

export const PAGE_QUERY = `query Page($first: Int) { products(first: $first) { edges { node {
  id platform status iccid
  simCard { iccid imsi status }
  dataConnectivity { apns connectivityTypes }
  usage { buckets { level usageType used { amount units } } }
} } } }`;

const LIST_ONLY = 'query Ids($first: Int) { products(first: $first) { edges { node { id platform } } } }';

async function callsBy(env: BenchEnv, query: string, pageSize: number) {
  await env.admin('DELETE', '/admin/counters');
  const { body } = await env.query<{ products: { edges: Array<{ node: { platform: string } }> } }>(query, {
    first: pageSize,
  });
  if (!body.data) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return { edges: body.data.products.edges, counts: await env.counts() };
}

export async function backendCalls(env: BenchEnv, { pageSize = 100 } = {}): Promise<BenchResult> {
  await env.query(PAGE_QUERY, { first: pageSize }); // warm-up: platform tokens fetched and cached
  const listOnly = await callsBy(env, LIST_ONLY, pageSize);
  const full = await callsBy(env, PAGE_QUERY, pageSize);
  const perPlatform = new Map<string, number>();
  for (const e of full.edges) perPlatform.set(e.node.platform, (perPlatform.get(e.node.platform) ?? 0) + 1);
  const codeOf = (graphqlName: string) => (graphqlName === 'ONE_NCE' ? '1NCE' : graphqlName);
  const sum = (counts: typeof full.counts, code: string) =>
    counts.filter((c) => c.platform === code).reduce((s, c) => s + c.count, 0);
  const rows: Array<Array<string | number>> = [];
  let total = 0;
  let naiveTotal = 0;
  for (const [platform, products] of [...perPlatform].sort()) {
    const code = codeOf(platform);
    const list = sum(listOnly.counts, code);
    const calls = sum(full.counts, code);
    const naive = list + products * 3;
    total += calls;
    naiveTotal += naive;
    const endpoints = full.counts
      .filter((c) => c.platform === code)
      .map((c) => `${c.endpoint} ×${c.count}`)
      .join('<br>');
    rows.push([platform, products, list, calls, naive, endpoints]);
  }
  rows.push([
    '**all**',
    full.edges.length,
    '',
    total,
    naiveTotal,
    `${(naiveTotal / Math.max(1, total)).toFixed(1)}× fewer calls than naive`,
  ]);
  return {
    title: `Backend calls for a page of ${pageSize} products with simCard, dataConnectivity and usage`,
    table: markdownTable(
      [
        'platform',
        'products on the page',
        'list calls (page alone)',
        'backend calls',
        'naive resolver (list + 1 per product per field)',
        'calls by endpoint',
      ],
      rows,
    ),
    notes: [
      "Counted by the sandbox (requests received per endpoint), after a warm-up query that fetched the platforms' tokens.",
      'Platforms with a multi-id call answer a sub-resource for the whole page in one call; the others take at most one call per product per sub-resource, and what the list already returned is not fetched again.',
    ],
  };
}
