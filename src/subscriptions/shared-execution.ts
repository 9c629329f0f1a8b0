/**
 * Subscription execution shared between subscribers: graphql-js's `subscribe` (a source stream mapped through
 * `execute` once per event per subscriber), except that subscribers whose source events are the SAME object (the
 * streams hand every subscriber of one event the same record: one shared read per event, see SharedReads) and whose
 * operation is the same (tenant, document text, operation name, variables) share one execution of that event. With
 * 10,000 subscribers of one selection, an event is executed once, not 10,000 times.
 *
 * Delivery: given a `deliver` function (the WebSocket server passes one per subscription), a result without errors is
 * serialized once per event and selection, and each subscriber's `next` message is that JSON with its id around it,
 * written straight to its socket; the iterator graphql-ws reads then yields nothing until the stream ends (graphql-ws
 * still owns the subscription: `complete` from the client ends it, the end of the stream sends `complete`). A
 * result with errors goes through graphql-ws as usual, so its error policy (onNext) applies. Without `deliver`,
 * every result is yielded.
 *
 * Results are kept in a WeakMap keyed by the event object, so they live exactly as long as the event does. An event
 * that is not an object (never the case here) is executed per subscriber, as graphql-js does.
 *
 * Hand-written rather than a library: graphql-js exposes the two halves (`createSourceEventStream`, `execute`) but no
 * hook between them; the iterator mapping follows graphql-js's own mapAsyncIterator (a generator would not end while
 * it waits for the next event).
 */
import {
  createSourceEventStream,
  execute,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** One execution of one event for one selection, and its JSON once a subscriber needed it. */
interface Shared {
  result: Result;
  json?: string;
}

/** Writes one subscriber's `next` message with this payload (already JSON); resolves once it is written. */
export type Deliver = (payloadJson: string) => Promise<void>;

const shared = new WeakMap<object, Map<string, Shared>>();
/** The text of each parsed document, computed once per subscription (documents are parsed per subscribe). */
const documentText = new WeakMap<DocumentNode, string>();

function operationKey(args: ExecutionArgs): string {
  let text = documentText.get(args.document);
  if (text === undefined) documentText.set(args.document, (text = print(args.document)));
  const tenant = (args.contextValue as { tenantId?: string } | undefined)?.tenantId ?? '';
  return `${tenant}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${text}`;
}

function executeShared(args: ExecutionArgs, key: string, payload: unknown): Shared {
  if (payload === null || typeof payload !== 'object') return { result: execute({ ...args, rootValue: payload }) };
  let byOperation = shared.get(payload);
  if (!byOperation) shared.set(payload, (byOperation = new Map()));
  let entry = byOperation.get(key);
  if (!entry) {
    entry = { result: execute({ ...args, rootValue: payload }) };
    byOperation.set(key, entry);
  }
  return entry;
}

export async function sharedSubscribe(
  args: ExecutionArgs,
  deliver?: Deliver,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = operationKey(args);
  const map = async (r: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> =>
    r.done ? { value: undefined, done: true } : { value: await executeShared(args, key, r.value).result, done: false };
  const next = async (): Promise<IteratorResult<ExecutionResult>> => {
    for (;;) {
      const r = await iterator.next();
      if (r.done) return { value: undefined, done: true };
      const entry = executeShared(args, key, r.value);
      const result = await entry.result;
      if (!deliver || result.errors?.length) return { value: result, done: false };
      await deliver((entry.json ??= JSON.stringify(result)));
    }
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    next,
    return: async () => (iterator.return ? map(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error: unknown) => {
      if (iterator.throw) return map(await iterator.throw(error));
      throw error;
    },
  };
  return mapped;
}
