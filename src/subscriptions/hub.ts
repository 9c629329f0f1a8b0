/**
 * One listener per topic per process, however many subscribers: the hub reads a topic's events from the pub/sub once
 * (in-process, or from Redis with REDIS_URL) and hands each event, synchronously and in order, to every sink
 * registered for that topic. A subscriber costs one entry in a Set, not a pub/sub subscription of its own (an event
 * listener, a Repeater and a pump loop each): with 10,000 subscribers an event is one dispatch and 10,000 calls.
 *
 * The topic's pub/sub subscription opens with its first sink and closes with its last one. A sink that throws is
 * logged and removed; the others still receive the event.
 *
 * Hand-written rather than a library: it is the pub/sub's own subscription, shared; the pub/sub (graphql-yoga's, with
 * its Redis event target) stays the transport.
 */
import type { Logger } from '../logging.js';

export type Sink<E> = (event: E) => void;

export interface TopicSource<E> {
  [Symbol.asyncIterator](): AsyncIterator<E>;
}

export class Hub<E> {
  private readonly sinks = new Set<Sink<E>>();
  private source?: AsyncIterator<E>;

  constructor(
    private readonly open: () => TopicSource<E>,
    private readonly logger?: Pick<Logger, 'error'>,
  ) {}

  /** Registers a sink for every later event; returns the function that removes it (safe to call twice). */
  listen(sink: Sink<E>): () => void {
    this.sinks.add(sink);
    if (!this.source) this.start();
    return () => {
      if (!this.sinks.delete(sink) || this.sinks.size) return;
      const source = this.source;
      this.source = undefined;
      void source?.return?.();
    };
  }

  /** Sinks registered now (for tests and metrics). */
  size(): number {
    return this.sinks.size;
  }

  private start(): void {
    const source = this.open()[Symbol.asyncIterator]();
    this.source = source;
    void (async () => {
      for (;;) {
        const next = await source.next();
        if (next.done || this.source !== source) return;
        for (const sink of this.sinks) {
          try {
            sink(next.value);
          } catch (err) {
            this.sinks.delete(sink);
            this.logger?.error({ err }, 'subscription sink failed; removed');
          }
        }
      }
    })();
  }
}
