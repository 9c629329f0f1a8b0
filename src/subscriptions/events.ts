/**
 * Events that subscriptions follow: a monitor changed, a product's status changed. They carry ids and states only
 * (the subscription resolves what a client selected with fresh loaders), and always their tenant, so a subscriber
 * only ever receives its own tenant's events.
 *
 * In-process by default; with REDIS_URL they travel through Redis (graphql-yoga's Redis event target), so a
 * subscriber on any replica receives events caused on any other — on channels named with the deployment's prefix
 * (src/security/redis-scope.ts), so another deployment on the same Redis server never receives them. Any number of
 * subscribers may listen on one process (no MaxListenersExceededWarning: the in-process target has no cap).
 */
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { PlatformCode } from '../datasources/registry.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import type { MonitorStateValue } from '../monitors/model.js';
import { Hub, type Sink } from './hub.js';

export interface MonitorEvent {
  tenantId: string;
  monitorId: string;
  state: MonitorStateValue;
}

export interface ProductStatusEventPayload {
  tenantId: string;
  productId: string;
  platform: PlatformCode;
  previous: ProductStatus | null;
  status: ProductStatus;
  /** ISO-8601 (events cross Redis as JSON). */
  occurredAt: string;
  monitorId: string | null;
  /** GATEWAY: a mutation through the gateway; PLATFORM: noticed at the platform by the inventory sync. */
  source: 'GATEWAY' | 'PLATFORM';
}

export const TOPICS = { monitor: 'MONITOR_UPDATED', productStatus: 'PRODUCT_STATUS_CHANGED' } as const;

type Topics = {
  [TOPICS.monitor]: [MonitorEvent];
  [TOPICS.productStatus]: [ProductStatusEventPayload];
};

export type GatewayPubSub = ReturnType<typeof createPubSub<Topics>>;

export interface EventBus {
  pubSub: GatewayPubSub;
  /**
   * Every later event of a topic on this process, handed to `sink` synchronously; answers the function that stops
   * it. All listeners of a topic share one pub/sub subscription (./hub.ts), so a subscriber costs a Set entry.
   */
  listen<T extends keyof Topics>(topic: T, sink: Sink<Topics[T][0]>): () => void;
  /** Subscribers listening to a topic on this process now. */
  listening(topic: keyof Topics): number;
  monitorChanged(event: MonitorEvent): void;
  productStatusChanged(event: ProductStatusEventPayload): void;
  close(): Promise<void>;
}

export function createEventBus(redisUrl?: string, prefix = ''): EventBus {
  let clients: Redis[] = [];
  let pubSub: GatewayPubSub;
  if (redisUrl) {
    const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    subscribeClient.setMaxListeners(0);
    clients = [publishClient, subscribeClient];
    pubSub = createPubSub<Topics>({
      eventTarget: scopedTarget(createRedisEventTarget({ publishClient, subscribeClient }), prefix),
    });
  } else {
    // One listener per subscriber: Node's EventTarget warns above 10 per topic unless told there is no cap.
    const target = new EventTarget();
    setMaxListeners(0, target);
    pubSub = createPubSub<Topics>({ eventTarget: target as never });
  }
  const hubs: { [T in keyof Topics]: Hub<Topics[T][0]> } = {
    [TOPICS.monitor]: new Hub(() => pubSub.subscribe(TOPICS.monitor)),
    [TOPICS.productStatus]: new Hub(() => pubSub.subscribe(TOPICS.productStatus)),
  };
  return {
    pubSub,
    listen: <T extends keyof Topics>(topic: T, sink: Sink<Topics[T][0]>) => hubs[topic].listen(sink),
    listening: (topic) => hubs[topic].size(),
    monitorChanged: (event) => pubSub.publish(TOPICS.monitor, event),
    productStatusChanged: (event) => pubSub.publish(TOPICS.productStatus, event),
    close: async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      clients = [];
    },
  };
}

type Target = ReturnType<typeof createRedisEventTarget>;

/** The event target with every topic (so every Redis channel) named `prefix + topic`. */
function scopedTarget(target: Target, prefix: string): Target {
  if (!prefix) return target;
  return {
    addEventListener: (topic, listener) => target.addEventListener(prefix + topic, listener),
    removeEventListener: (topic, listener) => target.removeEventListener(prefix + topic, listener),
    dispatchEvent: (event) =>
      target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

/**
 * One read per event, shared by every subscriber of that event on this process: with 10,000 subscribers on one
 * monitor, a change costs one store read instead of 10,000. Keyed by the event object itself — the topic's hub hands
 * every subscriber the same object (./hub.ts) — so an entry lives exactly as long as the event does.
 */
export class SharedReads<T> {
  private readonly reads = new WeakMap<object, { value: Promise<T>; settled?: { value: T } }>();

  /** The event's read: its value once settled (no wait for later subscribers), else the promise of it. */
  get(event: object, load: () => Promise<T>): T | Promise<T> {
    const hit = this.reads.get(event);
    if (hit) return hit.settled ? hit.settled.value : hit.value;
    const entry: { value: Promise<T>; settled?: { value: T } } = { value: load() };
    this.reads.set(event, entry);
    entry.value.then(
      (value) => (entry.settled = { value }),
      () => this.reads.delete(event),
    );
    return entry.value;
  }
}
