/** Input types of the contract. Limits in descriptions come from the constants the services enforce. */
import { Field, ID, InputType } from 'type-graphql';
import { MAX_BATCH } from '../services/changes.js';
import { LIMITS } from '../services/custom-properties.js';
import { ConnectivityType, Platform, ProductStatus } from './enums.js';
import { DateTimeScalar } from './scalars.js';

@InputType({ description: 'A custom property name/value.' })
export class CustomPropertyInput {
  @Field(() => String, {
    description: `1 to ${LIMITS.nameLength} characters, no control characters, no leading or trailing spaces; unique per product.`,
  })
  name!: string;
  @Field(() => String, { description: `0 to ${LIMITS.valueLength} characters, no control characters.` })
  value!: string;
}

@InputType({ description: 'Filters for `products`; all given conditions must hold.' })
export class ProductFilter {
  @Field(() => [Platform], {
    nullable: true,
    description: 'Only products of these platforms; omitted or empty: all platforms of your accounts.',
  })
  platforms?: Platform[] | null;
  @Field(() => [ProductStatus], {
    nullable: true,
    description: 'Only products in one of these normalized statuses; omitted or empty: any status.',
  })
  statuses?: Array<keyof typeof ProductStatus> | null;
  @Field(() => ConnectivityType, { nullable: true, description: 'Only cellular products or only satellite terminals.' })
  connectivityType?: ConnectivityType | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Exact ICCID: 18 to 20 digits with a valid Luhn check digit (BAD_USER_INPUT otherwise). Not a prefix search.',
  })
  iccid?: string | null;
  @Field(() => CustomPropertyInput, {
    nullable: true,
    description:
      'Only products carrying this custom property with exactly this value (names and values compare case-sensitively).',
  })
  customProperty?: CustomPropertyInput | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'Only products of these platform accounts: their ids at the platforms (the RelatedParty ids, as `backends { accounts { id } }` lists them).',
  })
  accountIds?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A prefix (1 to 64 characters) of the ICCID, IMSI, MSISDN or serial number, or the start of a word of the terminal name. Inventory reads only.',
  })
  search?: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only products whose status or attributes changed at or after this time. Inventory reads only.',
  })
  changedSince?: Date | null;
}

@InputType({ description: 'TMSP product characteristics to change; give at least one.' })
export class ProductCharacteristicsInput {
  @Field(() => String, {
    nullable: true,
    description:
      'The id of the new product offering (TMSP tariff, see `ProductBundle.productOffering`), 1 to 128 characters; omitted: unchanged.',
  })
  productOffering?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The id of the new related party at TMSP (the "relatedParty" characteristic), 1 to 128 characters; omitted: unchanged.',
  })
  relatedPartyId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The new SIM profile (the "simProfile" characteristic), 1 to 128 characters; omitted: unchanged.',
  })
  simProfile?: string | null;
}

@InputType({ description: 'One change applied to many products: a status, custom properties, or both (at least one).' })
export class BatchUpdateInput {
  @Field(() => [ID], {
    description: `1..${MAX_BATCH} product ids (bundle, SIM card or terminal ids), each at most once; mixed platforms are split per platform account.`,
  })
  productIds!: string[];
  @Field(() => ProductStatus, {
    nullable: true,
    description:
      "The status to set on every product; each is checked against its platform's transitions, and a product whose platform cannot change status fails alone with NOT_SUPPORTED.",
  })
  status?: keyof typeof ProductStatus | null;
  @Field(() => [CustomPropertyInput], {
    nullable: true,
    description: 'Custom properties to set on every product (added, or their value replaced when the name exists).',
  })
  customProperties?: CustomPropertyInput[] | null;
}
