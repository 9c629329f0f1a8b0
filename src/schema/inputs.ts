/** Input types of the contract. */
import { Field, ID, InputType } from 'type-graphql';
import { ConnectivityType, Platform, ProductStatus } from './enums.js';
import { DateTimeScalar } from './scalars.js';

@InputType({ description: 'A custom property name/value.' })
export class CustomPropertyInput {
  @Field(() => String)
  name!: string;
  @Field(() => String)
  value!: string;
}

@InputType({ description: 'Filters for `products`; all given conditions must hold.' })
export class ProductFilter {
  @Field(() => [Platform], { nullable: true })
  platforms?: Platform[] | null;
  @Field(() => [ProductStatus], { nullable: true })
  statuses?: Array<keyof typeof ProductStatus> | null;
  @Field(() => ConnectivityType, { nullable: true })
  connectivityType?: ConnectivityType | null;
  @Field(() => String, { nullable: true, description: 'Exact ICCID.' })
  iccid?: string | null;
  @Field(() => CustomPropertyInput, { nullable: true, description: 'Only products carrying this custom property name/value.' })
  customProperty?: CustomPropertyInput | null;
  @Field(() => [String], { nullable: true, description: 'Only products of these platform accounts: their ids at the platforms (the RelatedParty ids, as `backends { accounts { id } }` lists them).' })
  accountIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A prefix (1 to 64 characters) of the ICCID, IMSI, MSISDN or serial number, or the start of a word of the terminal name. Inventory reads only.' })
  search?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only products whose status or attributes changed at or after this time. Inventory reads only.' })
  changedSince?: Date | null;
}

@InputType({ description: 'TMSP product characteristics to change; give at least one.' })
export class ProductCharacteristicsInput {
  @Field(() => String, { nullable: true })
  productOffering?: string | null;
  @Field(() => String, { nullable: true })
  relatedPartyId?: string | null;
  @Field(() => String, { nullable: true })
  simProfile?: string | null;
}

@InputType({ description: 'One change applied to many products.' })
export class BatchUpdateInput {
  @Field(() => [ID], { description: '1..1000 products; mixed platforms are split per platform account.' })
  productIds!: string[];
  @Field(() => ProductStatus, { nullable: true })
  status?: keyof typeof ProductStatus | null;
  @Field(() => [CustomPropertyInput], { nullable: true })
  customProperties?: CustomPropertyInput[] | null;
}
