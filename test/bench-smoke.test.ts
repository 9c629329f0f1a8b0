/**
 * Every benchmark run once with tiny sizes, so none of them can rot. Benchmarks measure and report; this only checks
 * that each one runs to the end and reports what it measured.
 */
import { describe, expect, it } from 'vitest';
import { runBenchmarks } from '../bench/run.js';

describe('benchmarks (smoke run)', () => {
  it('run end to end and report their tables', async () => {
    const results = await runBenchmarks(true, () => undefined);
    expect(results.map((r) => r.title)).toEqual([
      expect.stringMatching(/^Backend calls/),
      expect.stringMatching(/^Latency/),
      expect.stringMatching(/^Request deadline/),
      expect.stringMatching(/^Overhead/),
      expect.stringMatching(/^Concurrent subscribers/),
      expect.stringMatching(/^Paging through 1,200 products/),
      expect.stringMatching(/^Inventory reads over 2,000 products on PostgreSQL/),
      expect.stringMatching(/^Inventory reads over 1,000 products on PGlite/),
      expect.stringMatching(/^Initial sync/),
      expect.stringMatching(/^Inventory freshness/),
      expect.stringMatching(/^Interactive latency while the inventory syncs/),
    ]);
    const [calls, , deadline, overhead, subs, scale] = results;
    expect(deadline!.table).toContain('| REQUEST_DEADLINE_MS | 2000 |');
    expect(calls!.table).toMatch(/\*\*all\*\* \| 20 \|/);
    expect(overhead!.table).toMatch(/\| the gateway \| 1 \| \d+ \|/);
    expect(subs!.table).toContain('60 of 60'); // 20 subscribers, 3 events each
    expect(scale!.table).toContain('| products visited | 1,200 |');
    // The inventory's reads call no carrier; every out-of-band change reached its subscriber.
    expect(results[6]!.notes.join(' ')).toContain('**0**');
    expect(results[7]!.notes.join(' ')).toContain('**0**');
    expect(results[9]!.table).toMatch(/\| 2 \| 2 \|/);
  }, 400_000);
});
