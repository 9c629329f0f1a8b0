/**
 * Subscriptions, served over graphql-ws on the GraphQL path. Each event carries ids and states; what the client
 * selected is resolved per event (monitors are re-read from the store), never from a cache that lives as long as
 * the subscription.
 */
import { ChangeSource } from '../schema/inventory.js';
import { Arg, Extensions, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { SHARED_STREAM } from '../subscriptions/shared-execution.js';
import type { GatewayContext } from '../context.js';
import type { PlatformCode } from '../datasources/registry.js';
import { MonitorState } from '../schema/enums.js';
import { ProductFilter } from '../schema/inputs.js';
import { Monitor } from '../schema/monitor.js';
import { ProductStatusEvent } from '../schema/payloads.js';
import type { MonitorStateValue } from '../monitors/model.js';
import type { ProductStatusEventPayload } from '../subscriptions/events.js';

type SubscribeData<A> = SubscribeResolverData<unknown, A, GatewayContext>;

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => Monitor, {
    description:
      'Every state change of one monitor: its current state at once, then each change; completes after a final state.',
    subscribe: ({ args, context }: SubscribeData<{ id: string }>) =>
      context.services.subscriptions.monitorUpdates(args.id),
  })
  monitorUpdated(
    @Arg('id', () => ID, { description: 'The monitor id: "monitor-{uuid}" (NOT_FOUND when it is not this tenant\'s).' })
    _id: string,
    @Root() monitor: Monitor,
  ): Monitor {
    return monitor;
  }

  // A pure event stream: every subscriber with the same arguments gets the same events (one pipeline per process).
  @Extensions({ [SHARED_STREAM]: true })
  @Subscription(() => Monitor, {
    description: 'Every change of every monitor of the calling tenant, optionally only those in the given states.',
    subscribe: ({ args, context }: SubscribeData<{ states?: MonitorStateValue[] | null }>) =>
      context.services.subscriptions.monitorsUpdates(args.states ?? null),
  })
  monitorsUpdated(
    @Arg('states', () => [MonitorState], {
      nullable: true,
      description: 'Only changes that leave a monitor in one of these states; omitted or empty: every change.',
    })
    _states: MonitorState[] | null,
    @Root() monitor: Monitor,
  ): Monitor {
    return monitor;
  }

  @Extensions({ [SHARED_STREAM]: true })
  @Subscription(() => ProductStatusEvent, {
    description:
      "Status changes of the tenant's products, made through the gateway (source GATEWAY) or noticed at the platform by the inventory sync (source PLATFORM).",
    subscribe: ({ args, context }: SubscribeData<{ filter?: ProductFilter | null }>) =>
      context.services.subscriptions.statusChanges(
        args.filter ? { ...args.filter, platforms: args.filter.platforms as PlatformCode[] | null | undefined } : null,
      ),
  })
  productStatusChanged(
    @Arg('filter', () => ProductFilter, {
      nullable: true,
      description:
        'Only events matching the filter: platforms, statuses (of the new status), connectivityType, iccid; `customProperty` is not applied to events. Omitted: all.',
    })
    _filter: ProductFilter | null,
    @Root() event: ProductStatusEventPayload,
  ): ProductStatusEvent {
    return {
      ...event,
      platform: event.platform as ProductStatusEvent['platform'],
      occurredAt: new Date(event.occurredAt),
      source: ChangeSource[event.source],
    };
  }
}
