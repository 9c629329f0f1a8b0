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

  @Query(() => ProductConnection, { description: 'Every product of every platform account of the tenant, as one connection.' })
  async products(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter: ProductFilter | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProductConnection> {
    const report = reporter(ctx, info);
    if (filter?.iccid != null) {
      const problem = iccidProblem(filter.iccid);
      if (problem) throw badInput(problem, { field: 'filter.iccid' });
    }
    const listFilter = {
      platforms: filter?.platforms as PlatformCode[] | null | undefined,
      statuses: filter?.statuses,
      connectivityType: filter?.connectivityType,
    };
    const products = ctx.services.products;
    const page = filter?.iccid != null
      ? await products.pageByIccid(filter.iccid, listFilter, report)
      : filter?.customProperty
        ? await products.pageByCustomProperty(first ?? 50, after, filter.customProperty, listFilter, report)
        : await products.page(first ?? 50, after, listFilter, report);
    return page as unknown as ProductConnection;
  }

  @Query(() => ProductBundle, { nullable: true, description: 'One product bundle by id, e.g. "JASPER-8997112212741433747".' })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<ProductBundle | null> {
    return ctx.services.products.findBundle(parseIdOf(id, undefined));
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
