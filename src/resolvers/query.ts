/** Root queries. Thin: each one checks its arguments and calls a service. */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { isMonitorId, parseIdOf, parseProductId } from '../domain/ids.js';
import type { PlatformCode } from '../datasources/registry.js';
import { MAX_PAGE_SIZE, type ListFilter } from '../services/products.js';
import { toDataConnectivity, toSimCard, toTerminal, toUsage } from '../services/present.js';
import { Backend } from '../schema/backend.js';
import { AccountSync, Consistency, FleetSummary, OrderDirection, ProductOrder } from '../schema/inventory.js';
import { MonitorState } from '../schema/enums.js';
import { ProductFilter } from '../schema/inputs.js';
import { Monitor, MonitorConnection } from '../schema/monitor.js';
import { Node } from '../schema/node.js';
import {
  BusinessIdLookup,
  DataConnectivity,
  ProductBundle,
  ProductConnection,
  SatelliteTerminal,
  SimCard,
  UsageVolume,
} from '../schema/product.js';

const ID_ARG =
  'A product id ("{PLATFORM}-{ICCID or serial}"), a sub-product id (with "-simCard", "-terminal", "-dataConnectivity" or "-usageVolume-data") or a monitor id ("monitor-{uuid}").';

@Resolver()
export class QueryResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Re-fetches any product, sub-product or monitor by its id; null when it is not in this tenant's accounts. Products are read as `product` and the sub-product queries read them (the inventory by default); monitors come from the gateway's store.",
  })
  async node(
    @Arg('id', () => ID, { description: ID_ARG }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Node | null> {
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
      'Every product of every platform account of the tenant, as one connection. Read from the inventory by default (ordered, filtered, exactly counted, keyset-paged); `consistency: LIVE` asks the platforms now. A platform that fails leaves its products out and adds an error with its code and `extensions.platform`; the others still answer.',
  })
  async products(
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: 50,
      description: `Page size: 1 to ${MAX_PAGE_SIZE} products (BAD_USER_INPUT otherwise).`,
    })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description:
        'The `endCursor` of the previous page, with the same filter, order and consistency; omitted: the first page.',
    })
    after: string | null,
    @Arg('filter', () => ProductFilter, {
      nullable: true,
      description: 'Only products matching every given condition; omitted: all.',
    })
    filter: ProductFilter | null,
    @Arg('orderBy', () => ProductOrder, {
      nullable: true,
      description: 'The order (inventory reads only); default ICCID ascending.',
    })
    orderBy: ProductOrder | null,
    @Arg('consistency', () => Consistency, {
      nullable: true,
      defaultValue: Consistency.INVENTORY,
      description: 'Where to read from.',
    })
    consistency: Consistency,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProductConnection> {
    const page = await ctx.services.products.list(
      {
        first: first ?? 50,
        after,
        filter: listFilterOf(filter),
        orderBy: orderBy ? { field: orderBy.field, direction: orderBy.direction ?? OrderDirection.ASC } : null,
        consistency: consistency ?? Consistency.INVENTORY,
      },
      reporter(ctx, info),
    );
    return page as unknown as ProductConnection;
  }

  @Query(() => ProductBundle, {
    nullable: true,
    description:
      'One product bundle by id, e.g. "JASPER-8997112212741433747"; null when it is not in this tenant\'s accounts. Read from the inventory by default, from its platform with `consistency: LIVE`.',
  })
  product(
    @Arg('id', () => ID, {
      description: 'A product bundle id: "{PLATFORM}-{ICCID or serial number}" (1NCE products: "1NCE-…").',
    })
    id: string,
    @Arg('consistency', () => Consistency, {
      nullable: true,
      defaultValue: Consistency.INVENTORY,
      description: 'Where to read from.',
    })
    consistency: Consistency,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductBundle | null> {
    return ctx.services.products.findBundle(parseIdOf(id, undefined), consistency);
  }

  @Query(() => FleetSummary, {
    description:
      "Counts of the tenant's fleet for a filter, from the inventory: total, by status, by platform. Calls no carrier.",
  })
  async fleetSummary(
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'The products to count; all when omitted.' })
    filter: ProductFilter | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<FleetSummary> {
    return (await ctx.services.products.fleetSummary(listFilterOf(filter))) as unknown as FleetSummary;
  }

  @Query(() => [AccountSync], { description: "The inventory's sync state for each of the tenant's platform accounts." })
  inventorySync(@Ctx() ctx: GatewayContext): Promise<AccountSync[]> {
    return ctx.services.inventory.states() as Promise<AccountSync[]>;
  }

  @Query(() => BusinessIdLookup, {
    description:
      'Products by ICCID and terminal serial number, across all platforms of your accounts; at most 1000 ICCIDs and serial numbers together.',
  })
  productsByBusinessId(
    @Arg('iccids', () => [String], {
      nullable: true,
      description: 'ICCIDs: 18 to 20 digits each, with a valid Luhn check digit.',
    })
    iccids: string[] | null,
    @Arg('serialNumbers', () => [String], {
      nullable: true,
      description: 'Satellite terminal serial numbers: 1 to 32 letters or digits each.',
    })
    serialNumbers: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BusinessIdLookup> {
    return ctx.services.products.byBusinessIds(iccids ?? [], serialNumbers ?? [], reporter(ctx, info));
  }

  @Query(() => SimCard, {
    nullable: true,
    description:
      'A SIM card by id; null when not found. NOT_SUPPORTED on INTELSAT (terminals without a SIM). From the inventory once it has been read (details rarely change and are kept after the first read), otherwise from the platform.',
  })
  async simCard(
    @Arg('id', () => ID, { description: 'A SIM card id: "{bundle id}-simCard".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<SimCard | null> {
    const found = await ctx.services.products.subProductById(
      id,
      'simCard',
      'simCards',
      'SIM_CARD_DETAILS',
      'SIM card details',
    );
    return found && toSimCard(found.bundleId, found.value);
  }

  @Query(() => SatelliteTerminal, {
    nullable: true,
    description:
      'A satellite terminal by id; null when not found. INTELSAT and GALAXY1 only (NOT_SUPPORTED elsewhere). From the inventory once it has been read (details rarely change and are kept after the first read), otherwise from the platform.',
  })
  async terminal(
    @Arg('id', () => ID, { description: 'A terminal id: "{bundle id}-terminal".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<SatelliteTerminal | null> {
    const found = await ctx.services.products.subProductById(
      id,
      'terminal',
      'terminals',
      'TERMINAL_DETAILS',
      'satellite terminal details',
    );
    return found && toTerminal(found.bundleId, found.value);
  }

  @Query(() => DataConnectivity, {
    nullable: true,
    description:
      "A SIM card's connectivity by id; null when not found. Cellular platforms only (NOT_SUPPORTED on INTELSAT and GALAXY1). From the inventory once it has been read (details rarely change and are kept after the first read), otherwise from the platform.",
  })
  async dataConnectivity(
    @Arg('id', () => ID, { description: 'A data connectivity id: "{bundle id}-dataConnectivity".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<DataConnectivity | null> {
    const found = await ctx.services.products.subProductById(
      id,
      'dataConnectivity',
      'dataConnectivity',
      'DATA_CONNECTIVITY',
      'data connectivity details',
    );
    return found && toDataConnectivity(found.bundleId, found.value);
  }

  @Query(() => UsageVolume, {
    nullable: true,
    description:
      "A product's consumed usage in the current period by id; null when not found. Every platform. From the inventory while its copy is younger than INVENTORY_USAGE_MAX_AGE_S (an hour by default), otherwise from the platform.",
  })
  async usage(
    @Arg('id', () => ID, { description: 'A usage id: "{bundle id}-usageVolume-data".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<UsageVolume | null> {
    const found = await ctx.services.products.subProductById(
      id,
      'usageVolume-data',
      'usage',
      'USAGE',
      'consumed usage',
    );
    return found && toUsage(found.bundleId, found.value);
  }

  @Query(() => Monitor, {
    nullable: true,
    description: "A monitor by id, from the gateway's store; null when it is not this tenant's.",
  })
  monitor(
    @Arg('id', () => ID, { description: 'A monitor id: "monitor-{uuid}".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Monitor | null> {
    return ctx.services.monitors.get(id) as Promise<Monitor | null>;
  }

  @Query(() => MonitorConnection, {
    description: "The tenant's monitors, newest first, from the gateway's store (monitors are kept; none expire).",
  })
  monitors(
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: 50,
      description: 'Page size: 1 to 500 monitors (BAD_USER_INPUT otherwise).',
    })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page; omitted: the newest monitors.',
    })
    after: string | null,
    @Arg('states', () => [MonitorState], {
      nullable: true,
      description: 'Only monitors in one of these states; omitted or empty: all.',
    })
    states: MonitorState[] | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<MonitorConnection> {
    return ctx.services.monitors.list(first ?? 50, after, states) as Promise<MonitorConnection>;
  }

  @Query(() => [Backend], {
    description:
      'What the gateway can do with each platform (capabilities, transitions, sync or async), and your accounts on it. Answered by the gateway without calling any platform.',
  })
  backends(@Ctx() ctx: GatewayContext): Promise<Backend[]> {
    return ctx.services.backends.list();
  }
}

/** Reports a platform's error beside the data of this field (partial results). */
function reporter(ctx: GatewayContext, info: GraphQLResolveInfo) {
  const path = responsePathAsArray(info.path);
  return (error: import('../domain/errors.js').GatewayError) => ctx.partialErrors.push({ error, path });
}

/** The service's view of the contract's ProductFilter (the service checks its values). */
function listFilterOf(filter: ProductFilter | null): ListFilter {
  return {
    platforms: filter?.platforms as PlatformCode[] | null | undefined,
    statuses: filter?.statuses,
    connectivityType: filter?.connectivityType,
    accountIds: filter?.accountIds,
    iccid: filter?.iccid,
    customProperty: filter?.customProperty,
    search: filter?.search,
    changedSince: filter?.changedSince,
  };
}
