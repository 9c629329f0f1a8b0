/**
 * The inventory part of the contract (schema-contract.graphql, "Wave 2"): where reads come from, orderings, fleet
 * counts and the sync state of each platform account.
 */
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Platform, ProductStatus } from './enums.js';
import { DateTimeScalar } from './scalars.js';

export enum Consistency {
  INVENTORY = 'INVENTORY',
  LIVE = 'LIVE',
}
export enum ProductOrderField {
  ICCID = 'ICCID',
  SERIAL_NUMBER = 'SERIAL_NUMBER',
  STATUS = 'STATUS',
  PLATFORM = 'PLATFORM',
  LAST_CHANGED = 'LAST_CHANGED',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
export enum ChangeSource {
  GATEWAY = 'GATEWAY',
  PLATFORM = 'PLATFORM',
}
export enum SyncState {
  NEVER = 'NEVER',
  SYNCING = 'SYNCING',
  IDLE = 'IDLE',
  FAILED = 'FAILED',
}

registerEnumType(Consistency, {
  name: 'Consistency',
  description: 'Where a list or a bundle is read from.',
  valuesConfig: {
    INVENTORY: {
      description:
        'The synced inventory (default): fast, filterable, counted, no carrier call for what it holds; `syncedAt` says how fresh. Accounts not synced yet are read live.',
    },
    LIVE: {
      description:
        'Asked of the platforms now, as in wave 1: slower, rate-limited, no ordering, search or exact totals.',
    },
  },
});
registerEnumType(ProductOrderField, {
  name: 'ProductOrderField',
  description: 'What `products` can be ordered by (inventory reads only). Ties are broken by product id.',
  valuesConfig: {
    ICCID: {
      description: 'The SIM card ICCID; products without one (satellite terminals) come last in ascending order.',
    },
    SERIAL_NUMBER: {
      description: "The terminal's serial number; products without one (SIM cards) come last in ascending order.",
    },
    STATUS: { description: 'The normalized status, alphabetically by its name.' },
    PLATFORM: { description: 'The platform code (1NCE, AIRLINQ, GALAXY1, …), alphabetically.' },
    LAST_CHANGED: {
      description: "When the status or attributes last changed (the platform's date where it gives one).",
    },
  },
});
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: {
    ASC: { description: 'Ascending: smallest, earliest or A first.' },
    DESC: { description: 'Descending: largest, latest or Z first.' },
  },
});
registerEnumType(ChangeSource, {
  name: 'ChangeSource',
  description:
    'Who made a change: a mutation through the gateway, or something the inventory sync noticed at the platform.',
  valuesConfig: {
    GATEWAY: { description: 'A mutation through this gateway (applied at once, or when its monitor finished).' },
    PLATFORM: {
      description: "Noticed at the platform by the inventory's sync: made in the carrier's own portal or by its rules.",
    },
  },
});
registerEnumType(SyncState, {
  name: 'SyncState',
  description: "The inventory sync's state for one platform account.",
  valuesConfig: {
    NEVER: { description: 'Not listed yet: reads of this account go to the platform live.' },
    SYNCING: { description: 'A pass is running now.' },
    IDLE: { description: 'The last pass succeeded; the next one runs on schedule.' },
    FAILED: {
      description:
        'The last pass failed (see `error`); the inventory keeps what it held, growing stale, and the sync retries.',
    },
  },
});

@InputType({ description: 'The order of a `products` list (inventory reads only).' })
export class ProductOrder {
  @Field(() => ProductOrderField, { description: 'What to order by.' })
  field!: ProductOrderField;
  @Field(() => OrderDirection, {
    nullable: true,
    defaultValue: OrderDirection.ASC,
    description: 'Ascending (default) or descending.',
  })
  direction?: OrderDirection | null;
}

@ObjectType({ description: 'How many products have one status.' })
export class StatusCount {
  @Field(() => ProductStatus, { description: 'The normalized status.' })
  status!: keyof typeof ProductStatus;
  @Field(() => Int, { description: 'Products with that status.' })
  count!: number;
}

@ObjectType({ description: "One platform's products, by status." })
export class PlatformSummary {
  @Field(() => Platform, { description: 'The platform.' })
  platform!: Platform;
  @Field(() => Int, { description: "The platform's products matching the filter." })
  total!: number;
  @Field(() => [StatusCount], { description: 'Those products by status (statuses with none are left out).' })
  byStatus!: StatusCount[];
}

@ObjectType({
  description: 'Counts of the inventory for a filter: exact, kept up to date with the inventory (no scan per request).',
})
export class FleetSummary {
  @Field(() => Int, { description: 'Products matching the filter.' })
  total!: number;
  @Field(() => [StatusCount], { description: 'Those products by status (statuses with none are left out).' })
  byStatus!: StatusCount[];
  @Field(() => [PlatformSummary], { description: 'Those products by platform (platforms with none are left out).' })
  byPlatform!: PlatformSummary[];
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the least fresh account in the answer was last confirmed at its platform; null when none has been synced.',
  })
  oldestSyncedAt!: Date | null;
}

@ObjectType({ description: "The inventory's state for one platform account of the calling tenant." })
export class AccountSync {
  @Field(() => Platform, { description: "The account's platform." })
  platform!: Platform;
  @Field(() => String, { description: "The account's id at the platform (the RelatedParty id of its products)." })
  accountId!: string;
  @Field(() => SyncState, { description: 'What the sync is doing for this account.' })
  state!: SyncState;
  @Field(() => Int, { description: 'Products of the account in the inventory.' })
  products!: number;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The last complete listing of the account (it also finds products that appeared or vanished).',
  })
  lastFullSyncAt!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The last incremental pass (platforms with a change listing; elsewhere every pass is a full listing).',
  })
  lastChangeSyncAt!: Date | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Seconds since the last successful pass: how old the oldest confirmation still in force is. Null before the first.',
  })
  lagSeconds!: number | null;
  @Field(() => String, { nullable: true, description: 'The last failure, while `state` is FAILED.' })
  error!: string | null;
}
