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
      expect.stringMatching(/^Overhead/),
      expect.stringMatching(/concurrent subscribers/),
      expect.stringMatching(/^Paging through 1,200 products/),
    ]);
    const [calls, , overhead, subs, scale] = results;
    expect(calls!.table).toMatch(/\*\*all\*\* \| 20 \|/);
    expect(overhead!.table).toMatch(/\| the gateway \| 1 \| \d+ \|/);
    expect(subs!.table).toContain('20 of 20');
    expect(scale!.table).toContain('| products visited | 1,200 |');
  }, 240_000);
});
