/** What the gateway can do with each platform, as data a client can query. */
import { Field, ObjectType } from 'type-graphql';
import { ConnectivityType, Feature, Platform, ProductStatus, UpdateMode } from './enums.js';
import { RelatedParty } from './product.js';

@ObjectType({ description: 'A status change a client may request on a platform.' })
export class StatusTransition {
  @Field(() => ProductStatus)
  from!: keyof typeof ProductStatus;
  @Field(() => ProductStatus)
  to!: keyof typeof ProductStatus;
}

@ObjectType({ description: 'What the gateway can do with one platform, as data a client can query.' })
export class Backend {
  @Field(() => Platform)
  platform!: Platform;
  @Field(() => [String])
  operators!: string[];
  @Field(() => String, { description: 'The platform software.' })
  system!: string;
  @Field(() => [ConnectivityType])
  connectivityTypes!: ConnectivityType[];
  @Field(() => UpdateMode, { description: 'How status updates complete on this platform.' })
  updateMode!: UpdateMode;
  @Field(() => [Feature])
  features!: Array<keyof typeof Feature>;
  @Field(() => [StatusTransition], { description: 'SIM status changes a client may request (terminal changes for INTELSAT).' })
  simStatusTransitions!: StatusTransition[];
  @Field(() => [RelatedParty], { description: "The calling tenant's accounts on this platform." })
  accounts!: RelatedParty[];
}
