/** Root queries. Thin: each one checks its arguments and calls a service. */
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { notImplemented } from '../domain/errors.js';
import { Backend } from '../schema/backend.js';
import { MonitorState } from '../schema/enums.js';
import { ProductFilter } from '../schema/inputs.js';
import { Monitor, MonitorConnection } from '../schema/monitor.js';
import { Node } from '../schema/node.js';
import { BusinessIdLookup, DataConnectivity, ProductBundle, ProductConnection, SatelliteTerminal, SimCard, UsageVolume } from '../schema/product.js';

@Resolver()
export class QueryResolver {
  @Query(() => Node, { nullable: true, description: 'Re-fetches any product, sub-product or monitor by its id.' })
  node(@Arg('id', () => ID) _id: string): Node | null {
    throw notImplemented('node');
  }

  @Query(() => ProductConnection, { description: 'Every product of every platform account of the tenant, as one connection.' })
  products(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) _first: number,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Arg('filter', () => ProductFilter, { nullable: true }) _filter: ProductFilter | null,
  ): ProductConnection {
    throw notImplemented('products');
  }

  @Query(() => ProductBundle, { nullable: true, description: 'One product bundle by id, e.g. "JASPER-8997112212741433747".' })
  product(@Arg('id', () => ID) _id: string): ProductBundle | null {
    throw notImplemented('product');
  }

  @Query(() => BusinessIdLookup, { description: 'Products by ICCID and terminal serial number, across all platforms.' })
  productsByBusinessId(
    @Arg('iccids', () => [String], { nullable: true }) _iccids: string[] | null,
    @Arg('serialNumbers', () => [String], { nullable: true }) _serialNumbers: string[] | null,
  ): BusinessIdLookup {
    throw notImplemented('productsByBusinessId');
  }

  @Query(() => SimCard, { nullable: true })
  simCard(@Arg('id', () => ID) _id: string): SimCard | null {
    throw notImplemented('simCard');
  }

  @Query(() => SatelliteTerminal, { nullable: true })
  terminal(@Arg('id', () => ID) _id: string): SatelliteTerminal | null {
    throw notImplemented('terminal');
  }

  @Query(() => DataConnectivity, { nullable: true })
  dataConnectivity(@Arg('id', () => ID) _id: string): DataConnectivity | null {
    throw notImplemented('dataConnectivity');
  }

  @Query(() => UsageVolume, { nullable: true })
  usage(@Arg('id', () => ID) _id: string): UsageVolume | null {
    throw notImplemented('usage');
  }

  @Query(() => Monitor, { nullable: true })
  monitor(@Arg('id', () => ID) _id: string): Monitor | null {
    throw notImplemented('monitor');
  }

  @Query(() => MonitorConnection, { description: "The tenant's monitors, newest first." })
  monitors(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) _first: number,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Arg('states', () => [MonitorState], { nullable: true }) _states: MonitorState[] | null,
  ): MonitorConnection {
    throw notImplemented('monitors');
  }

  @Query(() => [Backend], { description: 'What the gateway can do with each platform, and your accounts on it.' })
  backends(@Ctx() ctx: GatewayContext): Promise<Backend[]> {
    return ctx.services.backends.list();
  }
}
