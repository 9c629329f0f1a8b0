/**
 * A platform's status words, as its adapter uses them: `normalize` a native word to the gateway's status, `target`
 * the word to send for a status a client asks for (NOT_SUPPORTED when the platform has none). Built from the
 * module's `statuses` table; the registry's `normalizeStatus` uses the same matching.
 */
import type { ProductStatus } from '../../domain/vocabulary.js';
import { notSupported } from '../errors.js';
import type { StatusTable } from '../platform-module.js';
import type { PlatformCode } from '../registry.js';

export interface StatusWords {
  /** The normalized status of a native word; UNKNOWN when the table has no row for it. */
  normalize(word: string | null | undefined): ProductStatus;
  /** The native word that asks the platform for `status`. */
  target(status: ProductStatus): string;
}

/** Native word → status, for one table. */
export function wordMatcher(table: StatusTable): (word: string) => ProductStatus | undefined {
  const lookup = new Map<string, ProductStatus>();
  for (const [status, words] of Object.entries(table.words)) {
    for (const word of words ?? []) lookup.set(word, status as ProductStatus);
  }
  return (word) => lookup.get(word);
}

export function statusWords(platform: PlatformCode, table: StatusTable): StatusWords {
  const match = wordMatcher(table);
  return {
    normalize: (word) => (word ? match(word) ?? 'UNKNOWN' : 'UNKNOWN'),
    target(status) {
      const word = table.targets[status];
      if (!word) throw notSupported(platform, `${platform} has no status word for ${status}`);
      return word;
    },
  };
}
