/**
 * Products: the bundle (one SIM card or one satellite terminal with its sub-products) and its sub-products.
 * Fields that need a backend call are resolved in src/resolvers only when a query selects them.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ConnectivityType, Platform, ProductStatus, UsageLevel, UsageType } from './enums.js';
import { FleetSummary } from './inventory.js';
import { Node } from './node.js';
import { DateTimeScalar } from './scalars.js';

@ObjectType({ description: 'A party related to a product: the platform account it belongs to.' })
export class RelatedParty {
  @Field(() => String, { description: "The account's id at the platform." })
  id!: string;
  @Field(() => String, { description: "The account's name in the gateway." })
  name!: string;
  @Field(() => String, { description: 'The role of the party, e.g. "platformAccount".' })
  role!: string;
}

@ObjectType({ description: "A name/value characteristic, as the platform reports it (rate plan, SIM profile…)." })
export class Characteristic {
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType({ description: 'The offering (tariff, rate plan, subscription package) the product was bought as.' })
export class ProductOffering {
  @Field(() => String, { nullable: true })
  id!: string | null;
  @Field(() => String)
  name!: string;
}

@ObjectType({ description: 'A name/value pair a client attached to a product; stored by the gateway, never sent to a platform.' })
export class CustomProperty {
  @Field(() => String)
  name!: string;
  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'An amount with its units (bytes, MB, messages, seconds).' })
export class Quantity {
  @Field(() => Float)
  amount!: number;
  @Field(() => String)
  units!: string;
}

@ObjectType({ description: 'A time period; `end` is null while it is still running.' })
export class Period {
  @Field(() => DateTimeScalar)
  start!: Date;
  @Field(() => DateTimeScalar, { nullable: true })
  end!: Date | null;
}

@ObjectType({ implements: Node, description: 'An IoT connection product: one SIM card (cellular) or one satellite terminal, with its sub-products.' })
export class ProductBundle extends Node {
  @Field(() => Platform)
  platform!: Platform;
  @Field(() => ConnectivityType)
  connectivityType!: ConnectivityType;
  @Field(() => ProductStatus, { description: 'Normalized status of the SIM card or terminal.' })
  status!: keyof typeof ProductStatus;
  @Field(() => String, { nullable: true, description: "The platform's own word for the status." })
  platformStatus!: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  startDate!: Date | null;
  @Field(() => [RelatedParty], { description: 'The platform account: its name in the gateway and its id at the platform.' })
  relatedParty!: RelatedParty[];
  @Field(() => ProductOffering, { nullable: true })
  productOffering!: ProductOffering | null;
  @Field(() => [Characteristic])
  characteristics!: Characteristic[];
  @Field(() => String, { nullable: true })
  iccid!: string | null;
  @Field(() => String, { nullable: true })
  imsi!: string | null;
  @Field(() => String, { nullable: true })
  msisdn!: string | null;
  @Field(() => String, { nullable: true })
  serialNumber!: string | null;
  @Field(() => String, { nullable: true })
  terminalName!: string | null;
  @Field(() => Float, { nullable: true })
  latitude!: number | null;
  @Field(() => Float, { nullable: true })
  longitude!: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the inventory last confirmed this record at its platform; null when read LIVE.' })
  syncedAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When its status or attributes last changed (the platform's date where it gives one, else when the inventory saw the change); null when read LIVE." })
  lastChangedAt?: Date | null;
}

@ObjectType({ implements: Node, description: 'A SIM card. Id: "{bundle id}-simCard".' })
export class SimCard extends Node {
  @Field(() => String)
  iccid!: string;
  @Field(() => String, { nullable: true })
  imsi!: string | null;
  @Field(() => String, { nullable: true })
  msisdn!: string | null;
  @Field(() => String, { nullable: true })
  imei!: string | null;
  @Field(() => String, { nullable: true, description: 'eUICC id, for eSIMs.' })
  eid!: string | null;
  @Field(() => ProductStatus)
  status!: keyof typeof ProductStatus;
  @Field(() => String, { nullable: true })
  platformStatus!: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  activatedAt!: Date | null;
  @Field(() => [Characteristic])
  characteristics!: Characteristic[];
}

@ObjectType({ implements: Node, description: 'A satellite terminal. Id: "{bundle id}-terminal".' })
export class SatelliteTerminal extends Node {
  @Field(() => String)
  serialNumber!: string;
  @Field(() => String, { nullable: true })
  name!: string | null;
  @Field(() => ProductStatus)
  status!: keyof typeof ProductStatus;
  @Field(() => String, { nullable: true })
  platformStatus!: string | null;
  @Field(() => Float, { nullable: true })
  latitude!: number | null;
  @Field(() => Float, { nullable: true })
  longitude!: number | null;
  @Field(() => String, { nullable: true })
  model!: string | null;
  @Field(() => String, { nullable: true, description: 'MARITIME, LAND or AERONAUTICAL.' })
  mobilityType!: string | null;
  @Field(() => String, { nullable: true })
  antennaCode!: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  lastUpdated!: Date | null;
  @Field(() => String, { nullable: true, description: 'IMO number of the vessel (maritime terminals).' })
  imoNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Maritime Mobile Service Identity (maritime terminals).' })
  mmsi!: string | null;
}

@ObjectType({ implements: Node, description: 'How a SIM card connects. Id: "{bundle id}-dataConnectivity".' })
export class DataConnectivity extends Node {
  @Field(() => String, { nullable: true })
  networkProvider!: string | null;
  @Field(() => [String], { description: 'Radio access technologies, e.g. LTE, NB-IoT, GPRS.' })
  connectivityTypes!: string[];
  @Field(() => String, { nullable: true })
  communicationPlan!: string | null;
  @Field(() => [String])
  apns!: string[];
}

@ObjectType({ description: 'Consumption in one period at one level, TM Forum style.' })
export class ConsumptionBucket {
  @Field(() => UsageLevel)
  level!: UsageLevel;
  @Field(() => UsageType)
  usageType!: UsageType;
  @Field(() => Quantity)
  used!: Quantity;
  @Field(() => Quantity, { nullable: true })
  limit!: Quantity | null;
  @Field(() => Quantity, { nullable: true })
  remaining!: Quantity | null;
  @Field(() => Period)
  period!: Period;
}

@ObjectType({
  implements: Node,
  description:
    'Consumed usage. Id: "{bundle id}-usageVolume-data". A product that used both cellular and satellite data has three DATA buckets (GLOBAL = sum, CELLULAR, SATELLITE); otherwise only GLOBAL.',
})
export class UsageVolume extends Node {
  @Field(() => [ConsumptionBucket])
  buckets!: ConsumptionBucket[];
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class ProductEdge {
  @Field(() => String, { description: 'Opaque cursor: the position in every platform after this product.' })
  cursor!: string;
  @Field(() => ProductBundle)
  node!: ProductBundle;
}

@ObjectType({ description: "Products of every platform account of the tenant, merged. Paging visits each product exactly once." })
export class ProductConnection {
  @Field(() => [ProductEdge])
  edges!: ProductEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int, { nullable: true, description: 'Exact whenever the list is read from the inventory; read LIVE, null when a platform cannot tell its total.' })
  totalCount!: number | null;
  @Field(() => FleetSummary, { description: 'The counts for the same filter (total, by status, by platform), without a second query. Inventory reads only.' })
  summary!: FleetSummary;
}

@ObjectType()
export class BusinessIdLookup {
  @Field(() => [ProductBundle])
  products!: ProductBundle[];
  @Field(() => [String], { description: 'The ICCIDs / serial numbers that matched nothing.' })
  notFound!: string[];
}

