/** What the gateway can do with each platform, as data a client can query. */
import { Field, ObjectType } from 'type-graphql';
import { ConnectivityType, Feature, Platform, ProductStatus, UpdateMode } from './enums.js';
import { RelatedParty } from './product.js';

@ObjectType({ description: 'A status change a client may request on a platform.' })
export class StatusTransition {
  @Field(() => ProductStatus, { description: 'The status the product must have now.' })
  from!: keyof typeof ProductStatus;
  @Field(() => ProductStatus, { description: 'The status a client may ask for from there.' })
  to!: keyof typeof ProductStatus;
}

@ObjectType({ description: 'What the gateway can do with one platform, as data a client can query.' })
export class Backend {
  @Field(() => Platform, { description: 'The platform.' })
  platform!: Platform;
  @Field(() => [String], {
    description: 'The carriers that run this platform for their customers, e.g. ["T-Mobile US"].',
  })
  operators!: string[];
  @Field(() => String, { description: 'The platform software, e.g. "Cisco IoT Control Center".' })
  system!: string;
  @Field(() => [ConnectivityType], {
    description: 'What its products are: SIM cards (CELLULAR) or satellite terminals (SATELLITE).',
  })
  connectivityTypes!: ConnectivityType[];
  @Field(() => UpdateMode, {
    description:
      'How status updates usually complete on this platform: SYNC (the product at once) or ASYNC (a monitor).',
  })
  updateMode!: UpdateMode;
  @Field(() => [Feature], {
    description: 'The operations the gateway offers for this platform; anything else fails with NOT_SUPPORTED.',
  })
  features!: Array<keyof typeof Feature>;
  @Field(() => [StatusTransition], {
    description:
      'Status changes a client may request (terminal changes for INTELSAT); any other fails with TRANSITION_NOT_ALLOWED. Empty where status changes are not offered.',
  })
  simStatusTransitions!: StatusTransition[];
  @Field(() => [RelatedParty], { description: "The calling tenant's accounts on this platform." })
  accounts!: RelatedParty[];
}
