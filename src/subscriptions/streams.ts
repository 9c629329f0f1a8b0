/**
 * Event streams for subscriptions, with bounded memory per subscriber. Events are drained from the pub/sub as they
 * arrive (so nothing piles up there) into a per-subscriber queue that either coalesces (monitors: only the latest
 * state of each monitor matters, and it is re-read from the store anyway) or holds at most `maxPending` events
 * (product status changes), ending the subscription with an error when a client cannot keep up.
 */
import { GatewayError } from '../domain/errors.js';

export interface StreamOptions<E> {
  /** Events this subscriber wants (tenant, ids, filters). */
  accept: (event: E) => boolean;
  /** Coalesce events with the same key (keep one pending per key); without it every event is queued. */
  coalesceKey?: (event: E) => string;
  /** Most events waiting for a slow client before the subscription is ended. */
  maxPending?: number;
}

export function boundedStream<E>(source: AsyncIterable<E>, options: StreamOptions<E>): AsyncIterableIterator<E> {
  const maxPending = options.maxPending ?? 1000;
  const pending = new Map<string, E>();
  let seq = 0;
  let overflow = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const iterator = source[Symbol.asyncIterator]();

  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || ended) break;
        const event = next.value;
        if (!options.accept(event)) continue;
        const key = options.coalesceKey ? options.coalesceKey(event) : String(seq++);
        if (options.coalesceKey) pending.delete(key); // re-insert: coalesced events keep arrival order
        pending.set(key, event);
        if (pending.size > maxPending) {
          overflow = true;
          break;
        }
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();

  const close = async () => {
    ended = true;
    wake?.();
    await iterator.return?.();
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<E>> {
      for (;;) {
        if (overflow) {
          await close();
          throw new GatewayError(
            'RATE_LIMITED',
            `Subscription ended: the client fell more than ${maxPending} events behind`,
          );
        }
        const first = pending.entries().next();
        if (!first.done) {
          pending.delete(first.value[0]);
          return { value: first.value[1], done: false };
        }
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    async return(): Promise<IteratorResult<E>> {
      await close();
      return { value: undefined, done: true };
    },
  };
}
