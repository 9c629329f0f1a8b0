/**
 * Paging through a very large fleet: every product of one platform account of 1,000,000 products, through the
 * gateway, 500 per page. The gateway's resident memory is sampled from /metrics during the run.
 */
import { fmt, markdownTable, type BenchEnv, type BenchResult } from './lib.js';

export async function scale(
  env: BenchEnv,
  { fleetSize, platform }: { fleetSize: number; platform?: string },
): Promise<BenchResult> {
  const manifest = await env.admin('GET', '/admin/manifest');
  const codes: string[] = manifest.platforms.map((p: { code: string }) => p.code);
  const code = platform ?? ['IOTA', '1NCE', 'TMSP', 'TMUS'].find((c) => codes.includes(c))!;
  const enumName = code === '1NCE' ? 'ONE_NCE' : code;
  const samples: number[] = [];
  const baseline = await env.metric('process_resident_memory_bytes');
  const sampler = setInterval(() => void env.metric('process_resident_memory_bytes').then((v) => samples.push(v)), 500);
  const started = performance.now();
  let after: string | null = null;
  let seen = 0;
  let pages = 0;
  try {
    for (;;) {
      type Page = { products: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      const { body }: { body: { data?: Page; errors?: unknown[] } } = await env.query<Page>(
        `query($after: String) { products(first: 500, after: $after, filter: { platforms: [${enumName}] }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      if (!body.data) throw new Error(`page ${pages} failed: ${JSON.stringify(body.errors)}`);
      seen += body.data.products.edges.length;
      pages++;
      if (!body.data.products.pageInfo.hasNextPage) break;
      after = body.data.products.pageInfo.endCursor;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.max(baseline, ...samples);
  return {
    title: `Paging through ${fleetSize.toLocaleString('en')} products (${code}, one account)`,
    table: markdownTable(
      ['measure', 'value'],
      [
        ['products visited', seen.toLocaleString('en')],
        ['GraphQL pages (500 each)', pages],
        ['time (s)', fmt(seconds)],
        ['products per second', fmt(seen / seconds, 0)],
        ['gateway RSS at start (MiB)', fmt(baseline / 2 ** 20)],
        ['gateway peak RSS (MiB)', fmt(peak / 2 ** 20)],
      ],
    ),
    notes: [
      'The sandbox generates each product from its index and keeps only changes, so neither side holds the fleet in memory; the cursor carries the platform position, so the gateway keeps nothing between pages.',
    ],
  };
}
