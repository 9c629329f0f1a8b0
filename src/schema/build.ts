/**
 * Builds the one GraphQL schema that HTTP and WebSocket share, from the type-graphql classes, and prints it as the
 * committed `schema.graphql` (sorted, so the file only changes when the schema does).
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, type PubSub } from 'type-graphql';
import { MutationResolver } from '../resolvers/mutation.js';
import { BackendResolver, CustomPropertiesPayloadResolver, ProductBundleResolver, ProductConnectionResolver, SimCardResolver } from '../resolvers/product.js';
import { QueryResolver } from '../resolvers/query.js';
import { SubscriptionResolver } from '../resolvers/subscription.js';
import { DataConnectivity, ProductBundle, SatelliteTerminal, SimCard, UsageVolume } from './product.js';
import { Monitor } from './monitor.js';

export async function buildGatewaySchema(pubSub: PubSub = createPubSub() as unknown as PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [QueryResolver, MutationResolver, SubscriptionResolver, ProductBundleResolver, SimCardResolver, CustomPropertiesPayloadResolver, ProductConnectionResolver, BackendResolver],
    orphanedTypes: [ProductBundle, SimCard, SatelliteTerminal, DataConnectivity, UsageVolume, Monitor],
    pubSub,
    validate: false,
    emitSchemaFile: false,
  });
}

export function printGatewaySchema(schema: GraphQLSchema): string {
  const header = '# Generated from the code by `npm run schema:emit`. Do not edit: CI fails when this file drifts from the code.\n\n';
  return header + printSchema(lexicographicSortSchema(schema)) + '\n';
}
