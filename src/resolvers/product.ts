/**
 * Fields of products that need a backend call or the store. Each is resolved only when a query selects it, through
 * the request's DataLoaders.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ProductPage } from '../services/products.js';
import type { GatewayContext } from '../context.js';
import { parseIdOf } from '../domain/ids.js';
import { toDataConnectivity, toSimCard, toTerminal, toUsage, type BundleView } from '../services/present.js';
import { CustomPropertiesPayload } from '../schema/payloads.js';
import { DateTimeScalar } from '../schema/scalars.js';
import { Backend } from '../schema/backend.js';
import { AccountSync, FleetSummary } from '../schema/inventory.js';
import type { PlatformCode } from '../datasources/registry.js';
import {
  CustomProperty,
  DataConnectivity,
  ProductBundle,
  ProductConnection,
  SatelliteTerminal,
  SimCard,
  UsageVolume,
} from '../schema/product.js';

@Resolver(() => ProductBundle)
export class ProductBundleResolver {
  @FieldResolver(() => SimCard, {
    nullable: true,
    description:
      'Null for satellite terminals without a SIM (INTELSAT). Fetched only when selected: from the inventory once it has been read, otherwise from the platform (and then kept).',
  })
  async simCard(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<SimCard | null> {
    const sim = await ctx.services.products.subResource(bundle, 'simCards', 'SIM_CARD_DETAILS');
    return sim ? toSimCard(bundle.id, sim) : null;
  }

  @FieldResolver(() => SatelliteTerminal, {
    nullable: true,
    description:
      'Null for cellular products. Fetched only when selected: from the inventory once it has been read, otherwise from the platform (and then kept).',
  })
  async terminal(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<SatelliteTerminal | null> {
    const terminal = await ctx.services.products.subResource(bundle, 'terminals', 'TERMINAL_DETAILS');
    return terminal ? toTerminal(bundle.id, terminal) : null;
  }

  @FieldResolver(() => DataConnectivity, {
    nullable: true,
    description:
      'Null for satellite products. Fetched only when selected: from the inventory once it has been read, otherwise from the platform (and then kept).',
  })
  async dataConnectivity(@Root() bundle: BundleView, @Ctx() ctx: GatewayContext): Promise<DataConnectivity | null> {
    const dc = await ctx.services.products.subResource(bundle, 'dataConnectivity', 'DATA_CONNECTIVITY');
    return dc ? toDataConnectivity(bundle.id, dc) : null;
  }

  @FieldResolver(() => UsageVolume, {
    nullable: true,
    description:
      'Consumed usage in the current period. Fetched only when selected: from the inventory while its copy is younger than INVENTORY_USAGE_MAX_AGE_S (an hour by default), otherwise from the platform.',
  })
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
    return bundle.record.detailsPending
      ? ctx.services.products.subResource(bundle, 'simCards', 'SIM_CARD_DETAILS')
      : Promise.resolve(null);
  }

  @FieldResolver(() => [CustomProperty], {
    description:
      'Custom properties, stored by the gateway (no platform call), on every platform; all, or only the given names.',
  })
  customProperties(
    @Root() bundle: ProductBundle,
    @Arg('names', () => [String], {
      nullable: true,
      description: 'Only the properties with these names; omitted or empty: all.',
    })
    names: string[] | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomProperty[]> {
    return ctx.services.customProperties.get(bundle.id, names);
  }
}

@Resolver(() => SimCard)
export class SimCardResolver {
  @FieldResolver(() => [CustomProperty], {
    description: 'Custom properties of the bundle this SIM card belongs to; all, or only the given names.',
  })
  customProperties(
    @Root() sim: SimCard,
    @Arg('names', () => [String], {
      nullable: true,
      description: 'Only the properties with these names; omitted or empty: all.',
    })
    names: string[] | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomProperty[]> {
    return ctx.services.customProperties.get(sim.id, names);
  }
}

@Resolver(() => CustomPropertiesPayload)
export class CustomPropertiesPayloadResolver {
  @FieldResolver(() => ProductBundle, { nullable: true, description: 'Resolved from the backend only when selected.' })
  product(@Root() payload: CustomPropertiesPayload, @Ctx() ctx: GatewayContext): Promise<ProductBundle | null> {
    return ctx.services.products.findBundle(parseIdOf(payload.productId, undefined));
  }
}

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Exact whenever the list is read from the inventory; read LIVE, null when a platform cannot tell its total or a filter hides an unknown share.',
  })
  totalCount(@Root() connection: ProductPage): Promise<number | null> {
    return connection.countTotal();
  }

  @FieldResolver(() => FleetSummary, {
    description:
      'The counts for the same filter (total, by status, by platform), from the inventory, without a second query.',
  })
  summary(@Root() connection: ProductPage): Promise<FleetSummary> {
    return connection.summary() as unknown as Promise<FleetSummary>;
  }
}

@Resolver(() => Backend)
export class BackendResolver {
  @FieldResolver(() => [AccountSync], {
    description: "The inventory's sync state of the calling tenant's accounts on this platform.",
  })
  sync(@Root() backend: Backend, @Ctx() ctx: GatewayContext): Promise<AccountSync[]> {
    return ctx.services.inventory.states(backend.platform as unknown as PlatformCode) as Promise<AccountSync[]>;
  }
}
