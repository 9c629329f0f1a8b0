/**
 * Products: the bundle (one SIM card or one satellite terminal with its sub-products) and its sub-products.
 * Fields that need a backend call are resolved in src/resolvers only when a query selects them.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { UsageUnit as UnitValue } from '../domain/vocabulary.js';
import { LIMITS } from '../services/custom-properties.js';
import { ConnectivityType, Platform, ProductStatus, UsageLevel, UsageType } from './enums.js';
import { FleetSummary } from './inventory.js';
import { Node } from './node.js';
import { DateTimeScalar } from './scalars.js';
import { MobilityType, UsageUnit } from './vocabulary.js';

@ObjectType({ description: 'A party related to a product: the platform account it belongs to.' })
export class RelatedParty {
  @Field(() => String, { description: "The account's id at the platform." })
  id!: string;
  @Field(() => String, { description: "The account's name in the gateway." })
  name!: string;
  @Field(() => String, { description: 'The role of the party, e.g. "platformAccount".' })
  role!: string;
}

@ObjectType({ description: 'A name/value characteristic, as the platform reports it (rate plan, SIM profile…).' })
export class Characteristic {
  @Field(() => String, {
    description: 'The characteristic\'s name as the platform (or its adapter) calls it, e.g. "ratePlan", "simProfile".',
  })
  name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Its value as text; null when the platform reports the name without a value.',
  })
  value!: string | null;
}

@ObjectType({ description: 'The offering (tariff, rate plan, subscription package) the product was bought as.' })
export class ProductOffering {
  @Field(() => String, {
    nullable: true,
    description: "The offering's id at the platform; null where the platform names it only.",
  })
  id!: string | null;
  @Field(() => String, { description: "The offering's name at the platform (rate plan, tariff or service plan)." })
  name!: string;
}

@ObjectType({
  description: 'A name/value pair a client attached to a product; stored by the gateway, never sent to a platform.',
})
export class CustomProperty {
  @Field(() => String, { description: `Unique per product; 1 to ${LIMITS.nameLength} characters.` })
  name!: string;
  @Field(() => String, { description: `0 to ${LIMITS.valueLength} characters.` })
  value!: string;
}

@ObjectType({ description: 'An amount with its unit, e.g. 1048576 BYTES, 12.5 MEGABYTES, 3 MESSAGES, 120 SECONDS.' })
export class Quantity {
  @Field(() => Float, { description: 'The amount in `units`; never negative. MEGABYTES may have decimals.' })
  amount!: number;
  @Field(() => UsageUnit, {
    description:
      "The unit of `amount`. Data keeps the platform's unit (bytes, KB or MB); SMS are MESSAGES, voice SECONDS.",
  })
  units!: UnitValue;
}

@ObjectType({ description: 'A time period; `end` is null while it is still running.' })
export class Period {
  @Field(() => DateTimeScalar, { description: 'When the period began (inclusive).' })
  start!: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the period ends; null for "to date" periods the platform reports without an end.',
  })
  end!: Date | null;
}

@ObjectType({
  implements: Node,
  description: 'An IoT connection product: one SIM card (cellular) or one satellite terminal, with its sub-products.',
})
export class ProductBundle extends Node {
  @Field(() => Platform, {
    description: 'The platform the product belongs to (also the prefix of its id; ONE_NCE ids start with "1NCE-").',
  })
  platform!: Platform;
  @Field(() => ConnectivityType, {
    description:
      'CELLULAR: a SIM card (`simCard`). SATELLITE: a terminal (`terminal`; GALAXY1 terminals also have a `simCard`).',
  })
  connectivityType!: ConnectivityType;
  @Field(() => ProductStatus, { description: 'Normalized status of the SIM card or terminal.' })
  status!: keyof typeof ProductStatus;
  @Field(() => String, {
    nullable: true,
    description:
      'The platform\'s own word for the status, e.g. "ACTIVATED" (TMUS) or "Productive" (TMSP); INTELSAT gives "contract status/terminal status".',
  })
  platformStatus!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the product was activated or its contract started; null when the platform does not say.',
  })
  startDate!: Date | null;
  @Field(() => [RelatedParty], {
    description: 'The platform account: its name in the gateway and its id at the platform.',
  })
  relatedParty!: RelatedParty[];
  @Field(() => ProductOffering, {
    nullable: true,
    description:
      'What the product was bought as (rate plan, tariff, service plan); null when the platform does not say.',
  })
  productOffering!: ProductOffering | null;
  @Field(() => [Characteristic], {
    description:
      'Further attributes as the platform reports them (rate plan, SIM profile, service plan…); empty when there are none.',
  })
  characteristics!: Characteristic[];
  @Field(() => String, {
    nullable: true,
    description: 'ICCID of the SIM card: 18 to 20 digits. Null for INTELSAT terminals (no SIM).',
  })
  iccid!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'IMSI of the SIM card (up to 15 digits); null for products without a SIM or when the platform does not report it.',
  })
  imsi!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Phone number (MSISDN) of the SIM card as the platform reports it, usually digits with country code; null when it has none or the platform does not report it.',
  })
  msisdn!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Serial number of the satellite terminal (INTELSAT, GALAXY1); null for cellular products.',
  })
  serialNumber!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The satellite terminal's name at the platform, often the vessel or site; null for cellular products.",
  })
  terminalName!: string | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Last reported latitude of a satellite terminal, in decimal degrees (WGS 84, -90..90); null for cellular products.',
  })
  latitude!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Last reported longitude of a satellite terminal, in decimal degrees (WGS 84, -180..180); null for cellular products.',
  })
  longitude!: number | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the inventory last confirmed this record at its platform; null when read LIVE.',
  })
  syncedAt?: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "When its status or attributes last changed (the platform's date where it gives one, else when the inventory saw the change); null when read LIVE.",
  })
  lastChangedAt?: Date | null;
}

@ObjectType({ implements: Node, description: 'A SIM card. Id: "{bundle id}-simCard".' })
export class SimCard extends Node {
  @Field(() => String, { description: 'ICCID: 18 to 20 digits, the last a Luhn check digit.' })
  iccid!: string;
  @Field(() => String, {
    nullable: true,
    description: 'IMSI (up to 15 digits); null when the platform does not report it.',
  })
  imsi!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Phone number (MSISDN) as the platform reports it, usually digits with country code; null when the SIM has none.',
  })
  msisdn!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'IMEI of the device the SIM was last seen in; null when the platform does not report it.',
  })
  imei!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'eUICC id (EID, 32 digits), for eSIMs; null for plastic SIMs or when the platform does not report it.',
  })
  eid!: string | null;
  @Field(() => ProductStatus, { description: "The SIM card's normalized status (GALAXY1: its terminal's)." })
  status!: keyof typeof ProductStatus;
  @Field(() => String, { nullable: true, description: "The platform's own word for the status." })
  platformStatus!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the SIM card was first activated; null when never, or when the platform does not say.',
  })
  activatedAt!: Date | null;
  @Field(() => [Characteristic], {
    description: 'SIM attributes as the platform reports them (rate plan, communication plan, SIM state…).',
  })
  characteristics!: Characteristic[];
}

@ObjectType({ implements: Node, description: 'A satellite terminal. Id: "{bundle id}-terminal".' })
export class SatelliteTerminal extends Node {
  @Field(() => String, { description: "The terminal's serial number at the platform: 1 to 32 letters or digits." })
  serialNumber!: string;
  @Field(() => String, { nullable: true, description: "The terminal's name, often the vessel, aircraft or site." })
  name!: string | null;
  @Field(() => ProductStatus, { description: "The terminal's normalized status." })
  status!: keyof typeof ProductStatus;
  @Field(() => String, {
    nullable: true,
    description: 'The platform\'s own word for the status (INTELSAT: "contract status/terminal status").',
  })
  platformStatus!: string | null;
  @Field(() => Float, { nullable: true, description: 'Last reported latitude, decimal degrees (WGS 84, -90..90).' })
  latitude!: number | null;
  @Field(() => Float, { nullable: true, description: 'Last reported longitude, decimal degrees (WGS 84, -180..180).' })
  longitude!: number | null;
  @Field(() => String, { nullable: true, description: 'Hardware model, e.g. "Viasat GM40".' })
  model!: string | null;
  @Field(() => MobilityType, {
    nullable: true,
    description:
      'How the terminal is installed; null when the platform does not say or uses a word the gateway does not know.',
  })
  mobilityType!: keyof typeof MobilityType | null;
  @Field(() => String, { nullable: true, description: "The antenna's code at the platform." })
  antennaCode!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the platform last received the position from the terminal.',
  })
  lastUpdated!: Date | null;
  @Field(() => String, { nullable: true, description: 'IMO number of the vessel (maritime terminals).' })
  imoNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Maritime Mobile Service Identity (maritime terminals).' })
  mmsi!: string | null;
}

@ObjectType({ implements: Node, description: 'How a SIM card connects. Id: "{bundle id}-dataConnectivity".' })
export class DataConnectivity extends Node {
  @Field(() => String, {
    nullable: true,
    description: 'The network operator the SIM uses, as the platform names it; null when it does not say.',
  })
  networkProvider!: string | null;
  @Field(() => [String], {
    description:
      'Radio access technologies, as the platform spells them, e.g. LTE, NB-IoT, GPRS; empty when unknown (1NCE reports one only while a data session is open).',
  })
  connectivityTypes!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The communication or connectivity plan the SIM is on; null when the platform has none.',
  })
  communicationPlan!: string | null;
  @Field(() => [String], {
    description: 'Access point names configured for the SIM; empty when the platform does not report them.',
  })
  apns!: string[];
}

@ObjectType({ description: 'Consumption in one period at one level, TM Forum style.' })
export class ConsumptionBucket {
  @Field(() => UsageLevel, { description: 'Which network this bucket counts.' })
  level!: UsageLevel;
  @Field(() => UsageType, { description: 'What this bucket counts: data, SMS or voice.' })
  usageType!: UsageType;
  @Field(() => Quantity, { description: 'Consumed in `period`, as the platform last reported it.' })
  used!: Quantity;
  @Field(() => Quantity, {
    nullable: true,
    description:
      'The allowance for `period` where the platform has one (TMSP quota, INTELSAT plan, GALAXY1 allowance); null otherwise.',
  })
  limit!: Quantity | null;
  @Field(() => Quantity, {
    nullable: true,
    description: '`limit` minus `used`, never below 0; null when there is no limit.',
  })
  remaining!: Quantity | null;
  @Field(() => Period, {
    description:
      'The period counted: the billing period where the platform has one (TMSP, INTELSAT, STC, GALAXY1), otherwise the calendar month to date.',
  })
  period!: Period;
}

@ObjectType({
  implements: Node,
  description:
    'Consumed usage. Id: "{bundle id}-usageVolume-data". A product that used both cellular and satellite data has three DATA buckets (GLOBAL = sum, CELLULAR, SATELLITE); otherwise only GLOBAL.',
})
export class UsageVolume extends Node {
  @Field(() => [ConsumptionBucket], {
    description:
      'One bucket per usage type (and level) the platform reports: DATA everywhere, SMS and VOICE where the platform counts them.',
  })
  buckets!: ConsumptionBucket[];
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;
  @Field(() => String, {
    nullable: true,
    description: "The last edge's cursor, to pass as `after`; null on an empty page.",
  })
  endCursor!: string | null;
}

@ObjectType({ description: 'One product of a page, with its cursor.' })
export class ProductEdge {
  @Field(() => String, { description: 'Opaque cursor: the position in every platform after this product.' })
  cursor!: string;
  @Field(() => ProductBundle, { description: 'The product.' })
  node!: ProductBundle;
}

@ObjectType({
  description: 'Products of every platform account of the tenant, merged. Paging visits each product exactly once.',
})
export class ProductConnection {
  @Field(() => [ProductEdge], {
    description: 'The products of this page, at most `first`; platforms take turns, so a page mixes them.',
  })
  edges!: ProductEdge[];
  @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursor to ask for the next one.' })
  pageInfo!: PageInfo;
  @Field(() => Int, {
    nullable: true,
    description:
      'Exact whenever the list is read from the inventory; read LIVE, null when a platform cannot tell its total.',
  })
  totalCount!: number | null;
  @Field(() => FleetSummary, {
    description:
      'The counts for the same filter (total, by status, by platform), without a second query. Inventory reads only.',
  })
  summary!: FleetSummary;
}

@ObjectType({ description: 'The answer of `productsByBusinessId`.' })
export class BusinessIdLookup {
  @Field(() => [ProductBundle], {
    description: 'The products found, in the order asked; an ICCID found in two of your accounts gives two products.',
  })
  products!: ProductBundle[];
  @Field(() => [String], { description: 'The ICCIDs / serial numbers that matched nothing.' })
  notFound!: string[];
}
