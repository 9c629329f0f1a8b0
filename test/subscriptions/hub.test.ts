/**
 * The subscription hub: one pub/sub subscription per topic whatever the number of subscribers, every event to every
 * sink in order, the subscription closed with the last sink, and a failing sink removed without costing the others.
 */
import { describe, expect, it } from 'vitest';
import { Hub } from '../../src/subscriptions/hub.js';
import { boundedStream } from '../../src/subscriptions/streams.js';
import { createEventBus, SharedReads, TOPICS, type MonitorEvent } from '../../src/subscriptions/events.js';

/** A source the test feeds by hand, counting how often it was opened and closed. */
function manualSource<E>() {
  const stats = { opened: 0, closed: 0 };
  const pushes: Array<(e: IteratorResult<E>) => void> = [];
  const queue: E[] = [];
  let closed = false;
  const open = () => {
    stats.opened++;
    closed = false;
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<E> => ({
        next: () =>
          queue.length
            ? Promise.resolve({ value: queue.shift()!, done: false })
            : closed
              ? Promise.resolve({ value: undefined, done: true })
              : new Promise((resolve) => pushes.push(resolve)),
        return: async () => {
          stats.closed++;
          closed = true;
          for (const p of pushes.splice(0)) p({ value: undefined, done: true });
          return { value: undefined, done: true };
        },
      }),
    };
  };
  const emit = (e: E) => {
    const waiting = pushes.shift();
    if (waiting) waiting({ value: e, done: false });
    else queue.push(e);
  };
  return { open, emit, stats };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('subscription hub', () => {
  it('opens one source for 1,000 sinks and hands each event to all of them, in order', async () => {
    const source = manualSource<number>();
    const hub = new Hub(source.open);
    const seen = Array.from({ length: 1_000 }, () => [] as number[]);
    const stops = seen.map((list) => hub.listen((e) => list.push(e)));
    source.emit(1);
    source.emit(2);
    await tick();
    expect(source.stats.opened).toBe(1);
    expect(seen.every((list) => list.join() === '1,2')).toBe(true);
    for (const stop of stops) stop();
    expect(hub.size()).toBe(0);
    expect(source.stats.closed).toBe(1);
  });

  it('closes the source with its last sink and opens a new one for the next', async () => {
    const source = manualSource<string>();
    const hub = new Hub(source.open);
    const a: string[] = [];
    const stopA = hub.listen((e) => a.push(e));
    const stopB = hub.listen(() => undefined);
    stopA();
    stopA(); // twice is harmless
    expect(source.stats.closed).toBe(0);
    stopB();
    expect(source.stats.closed).toBe(1);
    const b: string[] = [];
    hub.listen((e) => b.push(e));
    source.emit('x');
    await tick();
    expect(source.stats.opened).toBe(2);
    expect(b).toEqual(['x']);
    expect(a).toEqual([]);
  });

  it('removes a sink that throws and still delivers to the others', async () => {
    const source = manualSource<number>();
    const errors: unknown[] = [];
    const hub = new Hub(source.open, { error: (obj: unknown) => void errors.push(obj) });
    const good: number[] = [];
    hub.listen(() => {
      throw new Error('broken subscriber');
    });
    hub.listen((e) => good.push(e));
    source.emit(1);
    source.emit(2);
    await tick();
    expect(good).toEqual([1, 2]);
    expect(hub.size()).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe('event bus with hubs', () => {
  it('gives every subscriber of a tenant the same event object, so one read serves them all', async () => {
    const bus = createEventBus();
    const reads = new SharedReads<string>();
    let loads = 0;
    const streams = Array.from({ length: 100 }, () =>
      boundedStream<MonitorEvent>((sink) => bus.listen(TOPICS.monitor, sink), {
        accept: (e) => e.tenantId === 'demo',
        coalesceKey: (e) => e.monitorId,
      }),
    );
    const other = boundedStream<MonitorEvent>((sink) => bus.listen(TOPICS.monitor, sink), {
      accept: (e) => e.tenantId === 'acme',
    });
    bus.monitorChanged({ tenantId: 'demo', monitorId: 'm1', state: 'IN_PROGRESS' });
    const values = await Promise.all(
      streams.map(async (s) => {
        const next = await s.next();
        return reads.get(next.value!, async () => `read ${++loads}`);
      }),
    );
    expect(new Set(values)).toEqual(new Set(['read 1']));
    expect(loads).toBe(1);
    // The other tenant's subscriber saw nothing: its next() is still waiting.
    const pending = await Promise.race([other.next().then(() => 'delivered'), tick().then(() => 'waiting')]);
    expect(pending).toBe('waiting');
    for (const s of [...streams, other]) await s.return!();
    await bus.close();
  });

  it('ends a subscriber that falls more than maxPending events behind with RATE_LIMITED', async () => {
    const bus = createEventBus();
    const slow = boundedStream<MonitorEvent>((sink) => bus.listen(TOPICS.monitor, sink), {
      accept: () => true,
      maxPending: 3,
    });
    for (let i = 0; i < 5; i++) bus.monitorChanged({ tenantId: 'demo', monitorId: `m${i}`, state: 'IN_PROGRESS' });
    await tick();
    await expect(slow.next()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await bus.close();
  });
});
