/**
 * Fields of products that need a backend call or the store. Each is resolved only when a query selects it, through
 * the request's DataLoaders.
 */
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { notImplemented } from '../domain/errors.js';
import { toDataConnectivity, toSimCard, toTerminal, toUsage, type BundleView } from '../services/present.js';
import { CustomPropertiesPayload } from '../schema/payloads.js';
import { DateTimeScalar } from '../schema/scalars.js';
import { CustomProperty, DataConnectivity, ProductBundle, SatelliteTerminal, SimCard, UsageVolume } from '../schema/product.js';

@Resolver(() => ProductBundle)
export class ProductBundleResolver {
  @FieldResolver(() => SimCard, { nullable: true, description: 'Null for satellite terminals without a SIM. Fetched only when selected.' })
  async simCard(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<SimCard | null> {
    const sim = await ctx.services.products.subResource(bundle, 'simCards', 'SIM_CARD_DETAILS');
    return sim ? toSimCard(bundle.id, sim) : null;
  }

  @FieldResolver(() => SatelliteTerminal, { nullable: true, description: 'Null for cellular products. Fetched only when selected.' })
  async terminal(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<SatelliteTerminal | null> {
    const terminal = await ctx.services.products.subResource(bundle, 'terminals', 'TERMINAL_DETAILS');
    return terminal ? toTerminal(bundle.id, terminal) : null;
  }

  @FieldResolver(() => DataConnectivity, { nullable: true, description: 'Fetched only when selected.' })
  async dataConnectivity(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<DataConnectivity | null> {
    const dc = await ctx.services.products.subResource(bundle, 'dataConnectivity', 'DATA_CONNECTIVITY');
    return dc ? toDataConnectivity(bundle.id, dc) : null;
  }

  @FieldResolver(() => UsageVolume, { nullable: true, description: 'Fetched only when selected.' })
  async usage(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<UsageVolume | null> {
    const usage = await ctx.services.products.subResource(bundle, 'usage', 'USAGE');
    return usage ? toUsage(bundle.id, usage) : null;
  }

  // Platforms whose list call carries only some fields (Cisco) fill these from the SIM card details when selected.
  @FieldResolver(() => String, { nullable: true })
  async imsi(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return bundle.imsi ?? (await this.details(bundle, ctx))?.imsi ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async msisdn(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return bundle.msisdn ?? (await this.details(bundle, ctx))?.msisdn ?? null;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  async startDate(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<Date | null> {
    return bundle.startDate ?? (await this.details(bundle, ctx))?.activatedAt ?? null;
  }

  private details(bundle: BundleView, ctx: GatewayContext) {
    return bundle.record.detailsPending ? ctx.services.products.subResource(bundle, 'simCards', 'SIM_CARD_DETAILS') : Promise.resolve(null);
  }

  @FieldResolver(() => [CustomProperty], { description: 'Custom properties stored by the gateway; all, or only the given names.' })
  customProperties(@Root() _bundle: ProductBundle, @Arg('names', () => [String], { nullable: true }) _names: string[] | null): CustomProperty[] {
    throw notImplemented('ProductBundle.customProperties');
  }
}

@Resolver(() => SimCard)
export class SimCardResolver {
  @FieldResolver(() => [CustomProperty], { description: 'Custom properties of the bundle this SIM card belongs to; all, or only the given names.' })
  customProperties(@Root() _sim: SimCard, @Arg('names', () => [String], { nullable: true }) _names: string[] | null): CustomProperty[] {
    throw notImplemented('SimCard.customProperties');
  }
}

@Resolver(() => CustomPropertiesPayload)
export class CustomPropertiesPayloadResolver {
  @FieldResolver(() => ProductBundle, { nullable: true, description: 'Resolved from the backend only when selected.' })
  product(@Root() _payload: CustomPropertiesPayload): ProductBundle | null {
    throw notImplemented('CustomPropertiesPayload.product');
  }
}
