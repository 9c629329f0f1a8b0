/**
 * Event streams for subscriptions, with bounded memory per subscriber. A stream is fed by its topic's hub (./hub.ts:
 * one pub/sub subscription per topic per process, whatever the number of subscribers) into a per-subscriber queue
 * that either coalesces (monitors: only the latest state of each monitor matters, and it is re-read from the store
 * anyway) or holds at most `maxPending` events (product status changes), ending the subscription with an error when
 * a client cannot keep up.
 */
import { GatewayError } from '../domain/errors.js';
import type { Sink } from './hub.js';

export interface StreamOptions<E> {
  /** Events this subscriber wants (tenant, ids, filters). */
  accept: (event: E) => boolean;
  /** Coalesce events with the same key (keep one pending per key); without it every event is queued. */
  coalesceKey?: (event: E) => string;
  /** Most events waiting for a slow client before the subscription is ended. */
  maxPending?: number;
}

/** Registers a sink with a topic's hub; answers the function that removes it. */
export type Listen<E> = (sink: Sink<E>) => () => void;

export function boundedStream<E>(listen: Listen<E>, options: StreamOptions<E>): AsyncIterableIterator<E> {
  const maxPending = options.maxPending ?? 1000;
  const pending = new Map<string, E>();
  let seq = 0;
  let overflow = false;
  let ended = false;
  let wake: (() => void) | undefined;

  const stop = listen((event) => {
    if (ended || !options.accept(event)) return;
    const key = options.coalesceKey ? options.coalesceKey(event) : String(seq++);
    if (options.coalesceKey) pending.delete(key); // re-insert: coalesced events keep arrival order
    pending.set(key, event);
    if (pending.size > maxPending) {
      overflow = true;
      ended = true;
      stop();
    }
    wake?.();
  });

  const close = () => {
    ended = true;
    stop();
    wake?.();
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<E>> {
      for (;;) {
        if (overflow) {
          close();
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
      close();
      return { value: undefined, done: true };
    },
  };
}
