/** Reporting an accepted operation's progress the way the monitor tracker reads it. */
import type { ItemState, OperationProgress, OperationRef } from '../adapter.js';

type Item = OperationProgress['items'][number];

/** Progress from one state per key; finished once no key is IN_PROGRESS. */
export function progressOf(items: Item[]): OperationProgress {
  return { finished: items.every((i) => i.state !== 'IN_PROGRESS'), items };
}

/** An operation the platform tracks as a whole (one order, one request): every key shares its state. */
export function wholeOperation(
  ref: OperationRef,
  state: ItemState,
  message: string | null,
  body: unknown,
): OperationProgress {
  return progressOf(ref.keys.map((key) => ({ key, state, statusCode: 200, message, body })));
}

/** A platform's word for an operation's state, by table; IN_PROGRESS for any word the table does not list. */
export function itemState(table: Readonly<Record<string, ItemState>>, word: string | null | undefined): ItemState {
  return (word && Object.hasOwn(table, word) ? table[word] : undefined) ?? 'IN_PROGRESS';
}
