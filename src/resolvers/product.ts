/**
 * Fields of products that need a backend call or the store. Each is resolved only when a query selects it, through
 * the request's DataLoaders.
 */
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { notImplemented } from '../domain/errors.js';
import { CustomPropertiesPayload } from '../schema/payloads.js';
import { CustomProperty, DataConnectivity, ProductBundle, SatelliteTerminal, SimCard, UsageVolume } from '../schema/product.js';

@Resolver(() => ProductBundle)
export class ProductBundleResolver {
  @FieldResolver(() => SimCard, { nullable: true, description: 'Null for satellite terminals without a SIM. Fetched only when selected.' })
  simCard(@Root() _bundle: ProductBundle, @Ctx() _ctx: GatewayContext): SimCard | null {
    throw notImplemented('ProductBundle.simCard');
  }

  @FieldResolver(() => SatelliteTerminal, { nullable: true, description: 'Null for cellular products. Fetched only when selected.' })
  terminal(@Root() _bundle: ProductBundle): SatelliteTerminal | null {
    throw notImplemented('ProductBundle.terminal');
  }

  @FieldResolver(() => DataConnectivity, { nullable: true, description: 'Fetched only when selected.' })
  dataConnectivity(@Root() _bundle: ProductBundle): DataConnectivity | null {
    throw notImplemented('ProductBundle.dataConnectivity');
  }

  @FieldResolver(() => UsageVolume, { nullable: true, description: 'Fetched only when selected.' })
  usage(@Root() _bundle: ProductBundle): UsageVolume | null {
    throw notImplemented('ProductBundle.usage');
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
