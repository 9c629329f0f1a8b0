/**
 * The streams behind the contract's subscriptions, scoped to the caller's tenant: a subscriber only ever sees its own
 * tenant's events, and another tenant's monitor id is refused exactly as `monitor(id)` would not find it.
 */
import { badInput, notFound } from '../domain/errors.js';
import { iccidProblem, parseMonitorId, parseProductId } from '../domain/ids.js';
import { PLATFORMS, type PlatformCode } from '../datasources/registry.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import { FINAL_STATES, type MonitorRecord, type MonitorStateValue } from '../monitors/model.js';
import type { MonitorStore } from '../monitors/store.js';
import {
  TOPICS,
  type EventBus,
  type MonitorEvent,
  type ProductStatusEventPayload,
  type SharedReads,
} from '../subscriptions/events.js';
import { boundedStream } from '../subscriptions/streams.js';

export interface StatusEventFilter {
  platforms?: PlatformCode[] | null;
  statuses?: ProductStatus[] | null;
  connectivityType?: 'CELLULAR' | 'SATELLITE' | null;
  iccid?: string | null;
}

export class SubscriptionService {
  constructor(
    private readonly deps: {
      events: EventBus;
      monitors: MonitorStore;
      monitorReads: SharedReads<MonitorRecord | undefined>;
    },
    private readonly tenantId: string,
  ) {}

  /**
   * The monitor's state now, then after every change; ends after a final state. Resolves only once the monitor is
   * known to be the tenant's, so an unknown or foreign id fails the subscription with NOT_FOUND at once.
   */
  async monitorUpdates(id: string): Promise<AsyncGenerator<MonitorRecord>> {
    const monitorId = parseMonitorId(id);
    // Subscribe before reading, so no change between the read and the subscription is missed.
    const events = boundedStream<MonitorEvent>((sink) => this.deps.events.listen(TOPICS.monitor, sink), {
      accept: (e) => e.tenantId === this.tenantId && e.monitorId === monitorId,
      coalesceKey: (e) => e.monitorId,
    });
    const first = await this.deps.monitors.get(this.tenantId, monitorId).catch(async (err: unknown) => {
      await events.return!();
      throw err;
    });
    if (!first) {
      await events.return!();
      throw notFound(`No monitor ${monitorId}`, { field: 'id' });
    }
    const read = (event: MonitorEvent) => this.read(event);
    return (async function* () {
      try {
        let current = first;
        yield current;
        let lastSeen = stamp(current);
        while (!FINAL_STATES.includes(current.state)) {
          const next = await events.next();
          if (next.done) return;
          current = (await read(next.value)) ?? current;
          if (stamp(current) === lastSeen) continue;
          lastSeen = stamp(current);
          yield current;
        }
      } finally {
        await events.return!();
      }
    })();
  }

  /** Every change of the tenant's monitors, optionally only those reaching the given states. */
  monitorsUpdates(states: readonly MonitorStateValue[] | null): AsyncIterableIterator<MonitorRecord> {
    const events = boundedStream<MonitorEvent>((sink) => this.deps.events.listen(TOPICS.monitor, sink), {
      accept: (e) => e.tenantId === this.tenantId && (!states?.length || states.includes(e.state)),
      coalesceKey: (e) => e.monitorId,
      maxPending: 10_000,
    });
    // A plain iterator rather than an async generator: with 10,000 subscribers, every step saved per event counts.
    const stream: AsyncIterableIterator<MonitorRecord> = {
      [Symbol.asyncIterator]: () => stream,
      next: async () => {
        for (;;) {
          const next = await events.next();
          if (next.done) return next;
          const read = this.read(next.value);
          const monitor = read instanceof Promise ? await read : read;
          if (monitor && (!states?.length || states.includes(monitor.state))) return { value: monitor, done: false };
        }
      },
      return: async () => {
        await events.return!();
        return { value: undefined, done: true };
      },
    };
    return stream;
  }

  /** The monitor an event is about, read once per event for all its subscribers on this process. */
  private read(event: MonitorEvent): MonitorRecord | undefined | Promise<MonitorRecord | undefined> {
    return this.deps.monitorReads.get(event, () => this.deps.monitors.get(this.tenantId, event.monitorId));
  }

  /** Status changes of the tenant's products that pass the filter. */
  statusChanges(filter: StatusEventFilter | null): AsyncIterableIterator<ProductStatusEventPayload> {
    if (filter?.iccid != null) {
      const problem = iccidProblem(filter.iccid);
      if (problem) throw badInput(problem, { field: 'filter.iccid' });
    }
    return boundedStream<ProductStatusEventPayload>((sink) => this.deps.events.listen(TOPICS.productStatus, sink), {
      accept: (e) => {
        if (e.tenantId !== this.tenantId) return false;
        if (filter?.platforms?.length && !filter.platforms.includes(e.platform)) return false;
        if (filter?.statuses?.length && !filter.statuses.includes(e.status)) return false;
        if (filter?.iccid && parseProductId(e.productId).key !== filter.iccid) return false;
        if (filter?.connectivityType && filter.connectivityType !== connectivityOf(e.platform)) return false;
        return true;
      },
      maxPending: 1000,
    });
  }
}

const stamp = (m: MonitorRecord) => `${m.state}|${m.updatedAt.getTime()}|${JSON.stringify(m.responses)}`;
const connectivityOf = (platform: PlatformCode) => PLATFORMS[platform].connectivityTypes[0];
