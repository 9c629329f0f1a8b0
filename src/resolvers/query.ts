/** Root queries. Thin: each one checks its arguments and calls a service. */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { badInput } from '../domain/errors.js';
import { iccidProblem, isMonitorId, parseIdOf, parseProductId } from '../domain/ids.js';
import type { PlatformCode } from '../platforms/catalog.js';
import { ProductService } from '../services/products.js';
import { toDataConnectivity, toSimCard, toTerminal, toUsage } from '../services/present.js';
import { Backend } from '../schema/backend.js';
import { AccountSync, Consistency, FleetSummary, OrderDirection, ProductOrder } from '../schema/inventory.js';
import { MonitorState } from '../schema/enums.js';
import { ProductFilter } from '../schema/inputs.js';
import { Monitor, MonitorConnection } from '../schema/monitor.js';
import { Node } from '../schema/node.js';
import { BusinessIdLookup, DataConnectivity, ProductBundle, ProductConnection, SatelliteTerminal, SimCard, UsageVolume } from '../schema/product.js';

@Resolver()
export class QueryResolver {
  @Query(() => Node, { nullable: true, description: 'Re-fetches any product, sub-product or monitor by its id.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Node | null> {
    if (isMonitorId(id)) return (await ctx.services.monitors.get(id)) as Monitor | null;
    const parsed = parseProductId(id);
    const ref = { platform: parsed.platform, key: parsed.key };
    switch (parsed.sub) {
      case undefined:
        return ctx.services.products.findBundle(ref);
      case 'simCard':
        return this.simCard(id, ctx);
      case 'terminal':
        return this.terminal(id, ctx);
      case 'dataConnectivity':
        return this.dataConnectivity(id, ctx);
      case 'usageVolume-data':
        return this.usage(id, ctx);
    }
  }

  @Query(() => ProductConnection, {
    description:
      'Every product of every platform account of the tenant, as one connection. Read from the inventory by default (ordered, filtered, exactly counted, keyset-paged); `consistency: LIVE` asks the platforms now.',
  })
  async products(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1 to 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: '`endCursor` of the previous page, with the same filter and order.' }) after: string | null,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Conditions every product returned meets.' }) filter: ProductFilter | null,
    @Arg('orderBy', () => ProductOrder, { nullable: true, description: 'The order (inventory reads only); default ICCID ascending.' }) orderBy: ProductOrder | null,
    @Arg('consistency', () => Consistency, { nullable: true, defaultValue: Consistency.INVENTORY, description: 'Where to read from.' }) consistency: Consistency,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProductConnection> {
    if (filter?.iccid != null) {
      const problem = iccidProblem(filter.iccid);
      if (problem) throw badInput(problem, { field: 'filter.iccid' });
    }
    const page = await ctx.services.products.list(
      {
        first: first ?? 50,
        after,
        filter: {
          platforms: filter?.platforms as PlatformCode[] | null | undefined,
          statuses: filter?.statuses,
          connectivityType: filter?.connectivityType,
          accountIds: filter?.accountIds,
          iccid: filter?.iccid,
          customProperty: filter?.customProperty,
          search: filter?.search,
          changedSince: filter?.changedSince,
        },
        orderBy: orderBy ? { field: orderBy.field, direction: orderBy.direction ?? OrderDirection.ASC } : null,
        consistency: consistency ?? Consistency.INVENTORY,
      },
      reporter(ctx, info),
    );
    return page as unknown as ProductConnection;
  }

  @Query(() => ProductBundle, { nullable: true, description: 'One product bundle by id, e.g. "JASPER-8997112212741433747".' })
  product(
    @Arg('id', () => ID, { description: 'The bundle id: platform code, a dash, the ICCID or terminal serial number.' }) id: string,
    @Arg('consistency', () => Consistency, { nullable: true, defaultValue: Consistency.INVENTORY, description: 'Where to read from.' }) consistency: Consistency,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductBundle | null> {
    return ctx.services.products.findBundle(parseIdOf(id, undefined), consistency);
  }

  @Query(() => FleetSummary, { description: 'Counts of the tenant\'s fleet for a filter, from the inventory: total, by status, by platform. Calls no carrier.' })
  async fleetSummary(
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'The products to count; all when omitted.' }) filter: ProductFilter | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<FleetSummary> {
    if (filter?.iccid != null) {
      const problem = iccidProblem(filter.iccid);
      if (problem) throw badInput(problem, { field: 'filter.iccid' });
    }
    if (filter?.search != null && (filter.search.length < 1 || filter.search.length > 64)) throw badInput('"filter.search" must be 1 to 64 characters', { field: 'filter.search' });
    return (await ctx.services.products.fleetSummary({
      platforms: filter?.platforms as PlatformCode[] | null | undefined,
      statuses: filter?.statuses,
      connectivityType: filter?.connectivityType,
      accountIds: filter?.accountIds,
      iccid: filter?.iccid,
      customProperty: filter?.customProperty,
      search: filter?.search,
      changedSince: filter?.changedSince,
    })) as unknown as FleetSummary;
  }

  @Query(() => [AccountSync], { description: "The inventory's sync state for each of the tenant's platform accounts." })
  inventorySync(@Ctx() ctx: GatewayContext): Promise<AccountSync[]> {
    return ctx.services.inventory.states() as Promise<AccountSync[]>;
  }

  @Query(() => BusinessIdLookup, { description: 'Products by ICCID and terminal serial number, across all platforms.' })
  productsByBusinessId(
    @Arg('iccids', () => [String], { nullable: true }) iccids: string[] | null,
    @Arg('serialNumbers', () => [String], { nullable: true }) serialNumbers: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BusinessIdLookup> {
    return ctx.services.products.byBusinessIds(iccids ?? [], serialNumbers ?? [], reporter(ctx, info));
  }

  @Query(() => SimCard, { nullable: true })
  async simCard(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<SimCard | null> {
    const ref = parseIdOf(id, 'simCard');
    ProductService.requireFeature(ref.platform, 'SIM_CARD_DETAILS', 'SIM card details');
    const bundle = await ctx.services.products.findBundle(ref);
    const sim = bundle && (await ctx.services.products.subResource(bundle, 'simCards', 'SIM_CARD_DETAILS'));
    return sim ? toSimCard(bundle.id, sim) : null;
  }

  @Query(() => SatelliteTerminal, { nullable: true })
  async terminal(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<SatelliteTerminal | null> {
    const ref = parseIdOf(id, 'terminal');
    ProductService.requireFeature(ref.platform, 'TERMINAL_DETAILS', 'satellite terminal details');
    const bundle = await ctx.services.products.findBundle(ref);
    const terminal = bundle && (await ctx.services.products.subResource(bundle, 'terminals', 'TERMINAL_DETAILS'));
    return terminal ? toTerminal(bundle.id, terminal) : null;
  }

  @Query(() => DataConnectivity, { nullable: true })
  async dataConnectivity(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<DataConnectivity | null> {
    const ref = parseIdOf(id, 'dataConnectivity');
    ProductService.requireFeature(ref.platform, 'DATA_CONNECTIVITY', 'data connectivity details');
    const bundle = await ctx.services.products.findBundle(ref);
    const dc = bundle && (await ctx.services.products.subResource(bundle, 'dataConnectivity', 'DATA_CONNECTIVITY'));
    return dc ? toDataConnectivity(bundle.id, dc) : null;
  }

  @Query(() => UsageVolume, { nullable: true })
  async usage(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<UsageVolume | null> {
    const ref = parseIdOf(id, 'usageVolume-data');
    ProductService.requireFeature(ref.platform, 'USAGE', 'consumed usage');
    const bundle = await ctx.services.products.findBundle(ref);
    const usage = bundle && (await ctx.services.products.subResource(bundle, 'usage', 'USAGE'));
    return usage ? toUsage(bundle.id, usage) : null;
  }

  @Query(() => Monitor, { nullable: true })
  monitor(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Monitor | null> {
    return ctx.services.monitors.get(id) as Promise<Monitor | null>;
  }

  @Query(() => MonitorConnection, { description: "The tenant's monitors, newest first." })
  monitors(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('states', () => [MonitorState], { nullable: true }) states: MonitorState[] | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<MonitorConnection> {
    return ctx.services.monitors.list(first ?? 50, after, states) as Promise<MonitorConnection>;
  }

  @Query(() => [Backend], { description: 'What the gateway can do with each platform, and your accounts on it.' })
  backends(@Ctx() ctx: GatewayContext): Promise<Backend[]> {
    return ctx.services.backends.list();
  }
}

/** Reports a platform's error beside the data of this field (partial results). */
function reporter(ctx: GatewayContext, info: GraphQLResolveInfo) {
  const path = responsePathAsArray(info.path);
  return (error: import('../domain/errors.js').GatewayError) => ctx.partialErrors.push({ error, path });
}
