/**
 * Fan-out groups (src/subscriptions/shared-execution.ts), alone with a small schema: subscribers of one operation on a
 * `sharedStream` field share one source and one serialization, each member gets every event, a member that stops
 * draining is ended without costing the others, results with errors go through graphql-ws in order, and the last
 * member out stops the source. A field without the mark keeps a stream per subscriber.
 */
import { describe, expect, it } from 'vitest';
import {
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import {
  SHARED_STREAM,
  sharedSubscribe,
  type Deliver,
  type FanOutGroups,
} from '../../src/subscriptions/shared-execution.js';

/** A source per subscribe call, fed by hand; counts how many were opened and closed. */
function sources() {
  const stats = { opened: 0, closed: 0 };
  const open: Array<{ push(v: string): void }> = [];
  const subscribe = () => {
    stats.opened++;
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    open.push({
      push: (v) => {
        queue.push(v);
        wake?.();
      },
    });
    const iterator: AsyncIterableIterator<string> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
        return queue.length ? { value: queue.shift()!, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        stats.closed++;
        done = true;
        wake?.();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  };
  const resolve = (v: string) => {
    if (v === 'bad') throw new Error('this event failed');
    return v;
  };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        shared: { type: GraphQLString, extensions: { [SHARED_STREAM]: true }, subscribe, resolve },
        own: { type: GraphQLString, subscribe, resolve },
      },
    }),
  });
  return { schema, stats, emit: (v: string) => open.forEach((s) => s.push(v)) };
}

const tick = () => new Promise((r) => setImmediate(r));

function args(schema: GraphQLSchema, field: 'shared' | 'own'): ExecutionArgs {
  return { schema, document: parse(`subscription { ${field} }`), contextValue: { tenantId: 'demo' } };
}

/** Subscribes one member (or one per-subscriber stream, for `own`); fails the test when no stream opens. */
async function subscribe(
  schema: GraphQLSchema,
  groups: FanOutGroups,
  deliver: Deliver,
  field: 'shared' | 'own' = 'shared',
): Promise<AsyncIterableIterator<ExecutionResult>> {
  const result = await sharedSubscribe(args(schema, field), { groups, deliver });
  if (!(Symbol.asyncIterator in result)) throw new Error(`no stream: ${JSON.stringify(result)}`);
  return result;
}

describe('fan-out groups', () => {
  it('runs one source for three members, serializes each event once, and delivers it to each', async () => {
    const { schema, stats, emit } = sources();
    const groups: FanOutGroups = new Map();
    const got: string[][] = [[], [], []];
    const iterators = await Promise.all(
      got.map((list) => subscribe(schema, groups, (json) => (list.push(json), true))),
    );
    emit('a');
    emit('b');
    await tick();
    expect(stats.opened).toBe(1);
    expect(got).toEqual(got.map(() => ['{"data":{"shared":"a"}}', '{"data":{"shared":"b"}}']));
    expect(got[0]![0]).toBe(got[1]![0]); // one string, not three serializations
    for (const it of iterators) await it.return!();
    expect(stats.closed).toBe(1);
    expect(groups.size).toBe(0);
  });

  it('ends a member that stops draining with RATE_LIMITED and keeps the others', async () => {
    const { schema, emit } = sources();
    const groups: FanOutGroups = new Map();
    const good: string[] = [];
    const stuck = await subscribe(schema, groups, () => false);
    const fine = await subscribe(schema, groups, (json) => (good.push(json), true));
    emit('a');
    await tick();
    await expect(stuck.next()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    emit('b');
    await tick();
    expect(good).toHaveLength(2);
    await fine.return!();
  });

  it('hands a result with errors, and what follows it, through the iterator in order', async () => {
    const { schema, emit } = sources();
    const groups: FanOutGroups = new Map();
    const direct: string[] = [];
    const member = await subscribe(schema, groups, (json) => (direct.push(json), true));
    emit('bad');
    emit('after');
    await tick();
    const first = await member.next();
    expect(first.value?.errors?.[0]?.message).toBe('this event failed');
    const second = await member.next();
    expect(second.value?.data).toEqual({ shared: 'after' });
    expect(direct).toEqual([]);
    emit('later');
    await tick();
    expect(direct).toEqual(['{"data":{"shared":"later"}}']);
    await member.return!();
  });

  it('gives a subscription on an unmarked field its own stream, yielding results', async () => {
    const { schema, stats, emit } = sources();
    const groups: FanOutGroups = new Map();
    const deliver = () => true;
    const one = await subscribe(schema, groups, deliver, 'own');
    const two = await subscribe(schema, groups, deliver, 'own');
    expect(stats.opened).toBe(2);
    expect(groups.size).toBe(0);
    emit('x');
    expect((await one.next()).value?.data).toEqual({ own: 'x' });
    expect((await two.next()).value?.data).toEqual({ own: 'x' });
    await one.return!();
    await two.return!();
  });
});
