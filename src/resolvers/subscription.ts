/** Subscriptions, served over graphql-ws on the GraphQL path. */
import { Arg, ID, Resolver, Subscription } from 'type-graphql';
import { notImplemented } from '../domain/errors.js';
import { MonitorState } from '../schema/enums.js';
import { ProductFilter } from '../schema/inputs.js';
import { Monitor } from '../schema/monitor.js';
import { ProductStatusEvent } from '../schema/payloads.js';

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => Monitor, {
    description: 'Every state change of one monitor: its current state at once, then each change; completes after a final state.',
    subscribe: () => {
      throw notImplemented('monitorUpdated');
    },
  })
  monitorUpdated(@Arg('id', () => ID) _id: string): Monitor {
    throw notImplemented('monitorUpdated');
  }

  @Subscription(() => Monitor, {
    description: 'Every change of every monitor of the calling tenant, optionally only in the given states.',
    subscribe: () => {
      throw notImplemented('monitorsUpdated');
    },
  })
  monitorsUpdated(@Arg('states', () => [MonitorState], { nullable: true }) _states: MonitorState[] | null): Monitor {
    throw notImplemented('monitorsUpdated');
  }

  @Subscription(() => ProductStatusEvent, {
    description: "Status changes of the tenant's products, made through the gateway or noticed at a backend.",
    subscribe: () => {
      throw notImplemented('productStatusChanged');
    },
  })
  productStatusChanged(@Arg('filter', () => ProductFilter, { nullable: true }) _filter: ProductFilter | null): ProductStatusEvent {
    throw notImplemented('productStatusChanged');
  }
}
