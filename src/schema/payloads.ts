/**
 * Mutation payloads and subscription events. Payload style (docs/schema.md): a mutation returns a payload object
 * that names what changed, never a bare scalar; `batchUpdate` and `cancelMonitor` return the Monitor itself, which
 * is already such an object.
 */
import { ChangeSource } from './inventory.js';
import { Field, ID, ObjectType } from 'type-graphql';
import { Platform, ProductStatus, UpdateMode } from './enums.js';
import { Monitor } from './monitor.js';
import { CustomProperty, ProductBundle } from './product.js';
import { DateTimeScalar } from './scalars.js';

@ObjectType({
  description: 'SYNC: the change is applied and `product` is set. ASYNC: `monitor` is set and tracks the change.',
})
export class ProductUpdatePayload {
  @Field(() => UpdateMode, {
    description: 'How the platform answered: SYNC (applied, see `product`) or ASYNC (accepted, see `monitor`).',
  })
  mode!: UpdateMode;
  @Field(() => ProductBundle, {
    nullable: true,
    description: 'SYNC: the product as the platform returned it after the change. Null for ASYNC.',
  })
  product!: ProductBundle | null;
  @Field(() => Monitor, {
    nullable: true,
    description: 'ASYNC: the monitor that tracks the change to its end. Null for SYNC.',
  })
  monitor!: Monitor | null;
}

@ObjectType({
  description: "The answer of a custom-property mutation: the product's custom properties after the change.",
})
export class CustomPropertiesPayload {
  @Field(() => ID, {
    description:
      'The product bundle the properties belong to (a SIM card or terminal id is answered with its bundle id).',
  })
  productId!: string;
  @Field(() => [CustomProperty], {
    description: "All of the product's custom properties after the change, not only those changed.",
  })
  customProperties!: CustomProperty[];
  @Field(() => ProductBundle, { nullable: true, description: 'Resolved from the backend only when selected.' })
  product!: ProductBundle | null;
}

@ObjectType({ description: "A product's status changed, through the gateway or noticed at a backend." })
export class ProductStatusEvent {
  @Field(() => ID, { description: 'The product (bundle id) whose status changed.' })
  productId!: string;
  @Field(() => Platform, { description: 'The platform of the product.' })
  platform!: Platform;
  @Field(() => ProductStatus, {
    nullable: true,
    description: 'The status before the change; null when the gateway did not know it.',
  })
  previous!: keyof typeof ProductStatus | null;
  @Field(() => ProductStatus, { description: 'The status after the change.' })
  status!: keyof typeof ProductStatus;
  @Field(() => DateTimeScalar, { description: 'When the gateway saw the change happen.' })
  occurredAt!: Date;
  @Field(() => ID, {
    nullable: true,
    description: 'The monitor whose operation made the change; null for a change applied at once (SYNC).',
  })
  monitorId!: string | null;
  @Field(() => ChangeSource, {
    description:
      'GATEWAY: a mutation through the gateway; PLATFORM: noticed at the platform by the inventory sync (its own portal, its rules).',
  })
  source!: ChangeSource;
}
