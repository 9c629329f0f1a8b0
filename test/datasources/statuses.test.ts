/**
 * Status words: matched ignoring case and spacing; a word no table knows is UNKNOWN, logged once per platform and
 * word, and counted in gateway_unknown_status_words_total with a bounded word label.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statusWords, WORD_LABEL_MAX } from '../../src/datasources/kit/statuses.js';
import { assertPlatformModules, MODULES, normalizeStatus } from '../../src/datasources/registry.js';
import { createLogger } from '../../src/logging.js';
import { Metrics } from '../../src/observability/metrics.js';

function observed() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { lines, logger, metrics: new Metrics() };
}

async function counted(metrics: Metrics): Promise<Array<{ labels: Record<string, string | number>; value: number }>> {
  return (await metrics.unknownStatusWords.get()).values.map((v) => ({
    labels: v.labels as Record<string, string | number>,
    value: v.value,
  }));
}

describe('status words', () => {
  it('match ignoring case and spacing', () => {
    expect(normalizeStatus('TMSP', 'Blocked(automatically)')).toBe('BLOCKED');
    expect(normalizeStatus('TMSP', 'blocked ( MANUALLY )')).toBe('BLOCKED');
    expect(normalizeStatus('TMSP', 'ordered  for stock')).toBe('CREATED');
    expect(normalizeStatus('AIRLINQ', 'Suspended')).toBe('SUSPENDED');
    expect(normalizeStatus('AIRLINQ', 'suspend')).toBe('SUSPENDED');
    expect(normalizeStatus('1NCE', 'ENABLED')).toBe('ACTIVE');
    expect(normalizeStatus('TMSP', 'Undefined')).toBe('UNKNOWN');
    expect(normalizeStatus('TMSP', 'Blocked')).toBe('UNKNOWN');
  });

  it('refuse a table where one word would mean two statuses', () => {
    const tmsp = MODULES.TMSP;
    const words = { ...tmsp.statuses.words, SUSPENDED: ['Suspended', 'PRODUCTIVE'] };
    expect(() => assertPlatformModules({ TMSP: { ...tmsp, statuses: { ...tmsp.statuses, words } } })).toThrow(
      /platform TMSP: its word "PRODUCTIVE" means both ACTIVE and SUSPENDED/,
    );
  });

  it('log an unknown word once per platform and word, and count every sighting', async () => {
    const { lines, logger, metrics } = observed();
    const word = `Hibernating-${randomUUID().slice(0, 8)}`;
    const first = statusWords('STC', MODULES.STC.statuses, { logger, metrics });
    const second = statusWords('STC', MODULES.STC.statuses, { logger, metrics }); // another account, same platform
    expect(first.normalize(word)).toBe('UNKNOWN');
    expect(first.normalize(word)).toBe('UNKNOWN');
    expect(second.normalize(word)).toBe('UNKNOWN');
    expect(first.normalize('active')).toBe('ACTIVE');
    expect(statusWords('AIRLINQ', MODULES.AIRLINQ.statuses, { logger, metrics }).normalize(word)).toBe('UNKNOWN');

    const logged = lines.filter((l) => l.msg === 'unknown status word: shown as UNKNOWN, kept in platformStatus');
    expect(logged.map((l) => [l.platform, l.word])).toEqual([
      ['STC', word],
      ['AIRLINQ', word],
    ]);
    expect(await counted(metrics)).toEqual([
      { labels: { platform: 'STC', word }, value: 3 },
      { labels: { platform: 'AIRLINQ', word }, value: 1 },
    ]);
  });

  it('cut the word label, so a carrier cannot write a page into the metric', async () => {
    const { metrics, logger } = observed();
    const long = `X${randomUUID()}${'y'.repeat(200)}`;
    statusWords('TMSP', MODULES.TMSP.statuses, { logger, metrics }).normalize(long);
    const [row] = await counted(metrics);
    expect(String(row!.labels.word)).toHaveLength(WORD_LABEL_MAX);
    expect(String(row!.labels.word).startsWith(long.slice(0, WORD_LABEL_MAX - 1))).toBe(true);
  });
});
