/**
 * Subscription execution shared between subscribers. graphql-js's `subscribe` maps a source stream through `execute`
 * once per event per subscriber; here, two sharings replace that:
 *
 * - Fan-out groups. A subscription field marked `sharedStream` in the schema (`@Extensions({ sharedStream: true })`:
 *   a pure event stream, the same events for everyone with the same arguments, nothing per subscriber such as a
 *   current state sent first, and nothing that depends on who asks beyond the tenant — the group runs with its first
 *   member's context, while each member was authenticated and admitted on its own) is run ONCE per operation — tenant, document text, operation name, variables — on this
 *   process, however many subscribers: one source stream, one execution per event, one JSON serialization, and then
 *   each subscriber's `next` message is that JSON with its id around it, written straight to its socket (`deliver`).
 *   10,000 subscribers of one selection cost one pipeline and 10,000 socket writes per event. A result with errors is
 *   handed to each member through graphql-ws instead, so the transport's error policy (onNext) applies to it. The
 *   group's pipeline ends when its last member leaves; when the stream ends or fails, every member's does.
 *   A member whose socket cannot take more (over its high-water mark, `deliver` answers false) is ended with
 *   RATE_LIMITED, as a subscriber that falls behind a bounded stream is (streams.ts).
 *
 * - Shared execution. Other subscriptions (e.g. one monitor followed from its current state) keep a stream per
 *   subscriber, but subscribers whose source events are the SAME object (the hub hands every subscriber of one event
 *   the same record) and whose operation is the same share one execution of it, kept in a WeakMap keyed by the event
 *   (so results live exactly as long as the event does).
 *
 * Hand-written rather than a library: graphql-js exposes the two halves (`createSourceEventStream`, `execute`) but no
 * hook between them; the iterator mapping follows graphql-js's own mapAsyncIterator (a generator would not end while
 * it waits for the next event).
 */
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { GatewayError } from '../domain/errors.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * Writes one subscriber's `next` message with this payload (already JSON) to its socket; answers false — and sends
 * nothing — when the socket already holds more than it should (a client that stopped reading).
 */
export type Deliver = (payloadJson: string) => boolean;

/** The `extensions` key that marks a subscription field as a pure event stream (see the header). */
export const SHARED_STREAM = 'sharedStream';

/** The text of each parsed document, computed once per document (documents are cached per query text). */
const documentText = new WeakMap<DocumentNode, string>();

function operationKey(args: ExecutionArgs): string {
  let text = documentText.get(args.document);
  if (text === undefined) documentText.set(args.document, (text = print(args.document)));
  const tenant = (args.contextValue as { tenantId?: string } | undefined)?.tenantId ?? '';
  return `${tenant}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${text}`;
}

/** Whether the operation's root field is marked `sharedStream`. */
function isSharedStream(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation?.selectionSet.selections[0];
  if (!root || root.kind !== 'Field') return false;
  return args.schema.getSubscriptionType()?.getFields()[root.name.value]?.extensions?.[SHARED_STREAM] === true;
}

/**
 * graphql-js's `subscribe`, shared: a `sharedStream` field joins (or opens) its operation's group in `groups` when
 * the transport can `deliver` to the subscriber's socket; any other subscription gets its own stream.
 */
export async function sharedSubscribe(
  args: ExecutionArgs,
  fanOut?: { groups: FanOutGroups; deliver: Deliver },
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  if (fanOut && isSharedStream(args)) return joinGroup(fanOut.groups, args, fanOut.deliver);
  return perSubscriber(args);
}

// ---- fan-out groups ---------------------------------------------------------------------------------------------

/** One subscriber of a group: what it must take through graphql-ws, and how its stream ended. */
interface Member {
  deliver: Deliver;
  /** Results with errors, for graphql-ws to send (and format) itself. */
  queue: ExecutionResult[];
  ended?: { error?: unknown };
  wake?: () => void;
}

interface Group {
  members: Set<Member>;
  source: AsyncIterator<unknown>;
  /** The stream has ended: no one may join any more. */
  closed: boolean;
}

/** A group's place in the map: its opening (joiners wait for it), compared by identity when it is taken out. */
interface Slot {
  opening: Promise<Group | ExecutionResult>;
}

/** Groups by operation key: one map per WebSocket server (two gateways in one process never share a group). */
export type FanOutGroups = Map<string, Slot>;

/** Takes the slot out of the map if it is still the one there (a newer group may have taken the key). */
function release(groups: FanOutGroups, key: string, slot: Slot): void {
  if (groups.get(key) === slot) groups.delete(key);
}

async function joinGroup(
  groups: FanOutGroups,
  args: ExecutionArgs,
  deliver: Deliver,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const key = operationKey(args);
  let slot = groups.get(key);
  if (!slot) {
    const created: Slot = { opening: openGroup(args) };
    groups.set(key, (slot = created));
    // Registered before any joiner's wait, so the pipeline runs before the first member can be ended by it.
    void created.opening.then(
      (group) => ('members' in group ? void run(groups, key, created, group, args) : release(groups, key, created)),
      () => release(groups, key, created),
    );
  }
  const group = await slot.opening;
  if (!('members' in group)) return group; // the stream could not start (e.g. a bad filter): the same answer for all
  if (group.closed) return joinGroup(groups, args, deliver); // it ended while this subscriber waited: open the next one
  const member: Member = { deliver, queue: [] };
  group.members.add(member);
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => {
      for (;;) {
        const queued = member.queue.shift();
        if (queued) return { value: queued, done: false };
        if (member.ended) {
          if (member.ended.error !== undefined) throw member.ended.error;
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (member.wake = resolve));
        member.wake = undefined;
      }
    },
    return: async () => {
      leave(groups, key, slot, group, member);
      member.ended ??= {};
      member.wake?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

async function openGroup(args: ExecutionArgs): Promise<Group | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  return { members: new Set(), source: (source as AsyncIterable<unknown>)[Symbol.asyncIterator](), closed: false };
}

function leave(groups: FanOutGroups, key: string, slot: Slot, group: Group, member: Member): void {
  if (!group.members.delete(member) || group.members.size) return;
  // The last member left: the stream stops, and the next subscriber of this operation opens a new group.
  group.closed = true;
  release(groups, key, slot);
  void group.source.return?.();
}

/** Most results waiting for graphql-ws in one member's queue before the member is taken as not reading. */
const MAX_QUEUED = 1_000;

/** The group's pipeline: per event, one execution and one serialization for every member. */
async function run(groups: FanOutGroups, key: string, slot: Slot, group: Group, args: ExecutionArgs): Promise<void> {
  const behind = (member: Member) => {
    leave(groups, key, slot, group, member);
    member.ended ??= {
      error: new GatewayError('RATE_LIMITED', 'Subscription ended: the client stopped reading its messages'),
    };
    member.wake?.();
  };
  let ended: Member['ended'] = {};
  try {
    for (;;) {
      const next = await group.source.next();
      if (next.done) break;
      const result = await execute({ ...args, rootValue: next.value });
      const json = result.errors?.length ? undefined : JSON.stringify(result);
      for (const member of group.members) {
        // A result with errors goes through graphql-ws; so do the results after it until it has gone (in order).
        if (json === undefined || member.queue.length) {
          if (member.queue.push(result) > MAX_QUEUED) behind(member);
          else member.wake?.();
        } else if (!member.deliver(json)) behind(member);
      }
    }
  } catch (error) {
    ended = { error };
  } finally {
    group.closed = true;
    release(groups, key, slot);
    for (const member of group.members) {
      member.ended ??= ended;
      member.wake?.();
    }
    group.members.clear();
  }
}

// ---- per-subscriber streams with shared execution ---------------------------------------------------------------

/** One execution of one event for one selection, and its result once settled. */
interface Shared {
  result: Result;
  settled?: ExecutionResult;
}

const shared = new WeakMap<object, Map<string, Shared>>();

function executeShared(args: ExecutionArgs, key: string, payload: unknown): Shared {
  if (payload === null || typeof payload !== 'object')
    return settle({ result: execute({ ...args, rootValue: payload }) });
  let byOperation = shared.get(payload);
  if (!byOperation) shared.set(payload, (byOperation = new Map()));
  let entry = byOperation.get(key);
  if (!entry) {
    entry = settle({ result: execute({ ...args, rootValue: payload }) });
    byOperation.set(key, entry);
  }
  return entry;
}

/** Notes the result on the entry once it is there, so later subscribers read it without waiting a turn. */
function settle(entry: Shared): Shared {
  const { result } = entry;
  if (result instanceof Promise) void result.then((r) => (entry.settled = r)).catch(() => undefined);
  else entry.settled = result;
  return entry;
}

async function perSubscriber(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = operationKey(args);
  const map = async (r: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (r.done) return { value: undefined, done: true };
    const entry = executeShared(args, key, r.value);
    return { value: entry.settled ?? (await entry.result), done: false };
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    next: async () => map(await iterator.next()),
    return: async () => (iterator.return ? map(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error: unknown) => {
      if (iterator.throw) return map(await iterator.throw(error));
      throw error;
    },
  };
  return mapped;
}
