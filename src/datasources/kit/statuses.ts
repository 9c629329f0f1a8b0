/**
 * A platform's status words, as its adapter uses them: `normalize` a native word to the gateway's status, `target`
 * the word to send for a status a client asks for (NOT_SUPPORTED when the platform has none). Built from the
 * module's `statuses` table; the registry's `normalizeStatus` uses the same matching.
 *
 * Words match ignoring case and spacing: TMSP's seed writes `Blocked(automatically)` where the portal shows
 * `Blocked (automatically)`. A word no row maps is UNKNOWN (the adapter keeps it as `platformStatus`); with an
 * observer it is logged once per platform and word in this process and counted in
 * `gateway_unknown_status_words_total{platform,word}`, the word cut to WORD_LABEL_MAX characters and, past
 * MAX_WORDS_PER_PLATFORM distinct words, counted as "(other)" so a platform sending garbage cannot grow the metric
 * without bound.
 */
import type { ProductStatus } from '../../domain/vocabulary.js';
import type { Logger } from '../../logging.js';
import type { Metrics } from '../../observability/metrics.js';
import { notSupported } from '../errors.js';
import type { PlatformCode } from '../platform-codes.js';

/**
 * Native status words. `words` maps each normalized status to the platform's words for it (matched ignoring case
 * and spacing); `targets` is the one word the gateway sends to ask for a status, where the platform takes a single
 * word. Platforms whose status is computed from several fields (TURKCELL, INTELSAT) leave both empty and say where
 * their rule table is in `rules`.
 */
export interface StatusTable {
  readonly words: Readonly<Partial<Record<ProductStatus, readonly string[]>>>;
  readonly targets: Readonly<Partial<Record<ProductStatus, string>>>;
  /** Where the rule table lives, for platforms without a single status word. */
  readonly rules?: string;
}

export const WORD_LABEL_MAX = 40;
export const MAX_WORDS_PER_PLATFORM = 50;

export interface StatusWords {
  /** The normalized status of a native word; UNKNOWN (reported) when the table has no row for it. */
  normalize(word: string | null | undefined): ProductStatus;
  /** The native word that asks the platform for `status`. */
  target(status: ProductStatus): string;
  /** Reports a native status no rule maps (for platforms whose status comes from rule tables); UNKNOWN. */
  unknown(word: string): 'UNKNOWN';
}

/** What status matching ignores: case and white space. */
export const wordKey = (word: string) => word.replace(/\s+/g, '').toLowerCase();

/** Native word → status, for one table. */
export function wordMatcher(table: StatusTable): (word: string) => ProductStatus | undefined {
  const lookup = new Map<string, ProductStatus>();
  for (const [status, words] of Object.entries(table.words)) {
    for (const word of words ?? []) lookup.set(wordKey(word), status as ProductStatus);
  }
  return (word) => lookup.get(wordKey(word));
}

/** Words already reported, per platform, in this process (every adapter of a platform shares them). */
const reported = new Map<string, Set<string>>();

export function statusWords(
  platform: PlatformCode,
  table: StatusTable,
  observer?: { logger: Logger; metrics: Metrics },
): StatusWords {
  const match = wordMatcher(table);
  const unknown = (word: string): 'UNKNOWN' => {
    if (!observer) return 'UNKNOWN';
    let seen = reported.get(platform);
    if (!seen) reported.set(platform, (seen = new Set()));
    const label = word.length > WORD_LABEL_MAX ? `${word.slice(0, WORD_LABEL_MAX - 1)}…` : word;
    const known = seen.has(label);
    if (!known && seen.size < MAX_WORDS_PER_PLATFORM) {
      seen.add(label);
      observer.logger.warn({ platform, word: label }, 'unknown status word: shown as UNKNOWN, kept in platformStatus');
    }
    observer.metrics.unknownStatusWords.inc({ platform, word: seen.has(label) ? label : '(other)' });
    return 'UNKNOWN';
  };
  return {
    normalize(word) {
      if (!word) return 'UNKNOWN';
      return match(word) ?? unknown(word);
    },
    target(status) {
      const word = table.targets[status];
      if (!word) throw notSupported(platform, `${platform} has no status word for ${status}`);
      return word;
    },
    unknown,
  };
}
