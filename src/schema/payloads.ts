/** Mutation payloads and subscription events. */
import { ChangeSource } from './inventory.js';
import { Field, ID, ObjectType } from 'type-graphql';
import { Platform, ProductStatus, UpdateMode } from './enums.js';
import { Monitor } from './monitor.js';
import { CustomProperty, ProductBundle } from './product.js';
import { DateTimeScalar } from './scalars.js';

@ObjectType({ description: 'SYNC: the change is applied and `product` is set. ASYNC: `monitor` is set and tracks the change.' })
export class ProductUpdatePayload {
  @Field(() => UpdateMode)
  mode!: UpdateMode;
  @Field(() => ProductBundle, { nullable: true })
  product!: ProductBundle | null;
  @Field(() => Monitor, { nullable: true })
  monitor!: Monitor | null;
}

@ObjectType()
export class CustomPropertiesPayload {
  @Field(() => ID)
  productId!: string;
  @Field(() => [CustomProperty])
  customProperties!: CustomProperty[];
  @Field(() => ProductBundle, { nullable: true, description: 'Resolved from the backend only when selected.' })
  product!: ProductBundle | null;
}

@ObjectType({ description: "A product's status changed, through the gateway or noticed at a backend." })
export class ProductStatusEvent {
  @Field(() => ID)
  productId!: string;
  @Field(() => Platform)
  platform!: Platform;
  @Field(() => ProductStatus, { nullable: true })
  previous!: keyof typeof ProductStatus | null;
  @Field(() => ProductStatus)
  status!: keyof typeof ProductStatus;
  @Field(() => DateTimeScalar)
  occurredAt!: Date;
  @Field(() => ID, { nullable: true })
  monitorId!: string | null;
  @Field(() => ChangeSource, { description: 'GATEWAY: a mutation through the gateway; PLATFORM: noticed at the platform by the inventory sync (its own portal, its rules).' })
  source!: ChangeSource;
}
