/**
 * Builds the one GraphQL schema that HTTP and WebSocket share, from the type-graphql classes, and prints it as the
 * committed `schema.graphql` (sorted, so the file only changes when the schema does).
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, type PubSub } from 'type-graphql';
import { MutationResolver } from '../resolvers/mutation.js';
import {
  BackendResolver,
  CustomPropertiesPayloadResolver,
  ProductBundleResolver,
  ProductConnectionResolver,
  SimCardResolver,
} from '../resolvers/product.js';
import { QueryResolver } from '../resolvers/query.js';
import { SubscriptionResolver } from '../resolvers/subscription.js';
import { DataConnectivity, ProductBundle, SatelliteTerminal, SimCard, UsageVolume } from './product.js';
import { Monitor } from './monitor.js';

/** type-graphql has no option for the root types' descriptions: they are set on the built schema. */
const ROOT_DESCRIPTIONS = {
  query:
    "Reads, for the tenant in the URL path (`/{tenant}/graphql`) and the calling application's token. Products are read from the gateway's inventory (a synced copy of every account; `syncedAt` says how fresh) unless a query asks for `consistency: LIVE`; sub-products are fetched from the platform when first selected and kept. Custom properties and monitors are stored by the gateway.",
  mutation:
    'Changes, for a read/write application only (FORBIDDEN for read-only tokens). Status and characteristics changes and batches take an `idempotencyKey`; every mutation returns a result object, and a refused one changes nothing and answers errors[] with an ErrorCode (docs/schema.md).',
  subscription:
    'Live events over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on the same `/{tenant}/graphql` path; pass the token as `connectionParams.Authorization`. Not available over HTTP.',
} as const;

export async function buildGatewaySchema(pubSub: PubSub = createPubSub() as unknown as PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      QueryResolver,
      MutationResolver,
      SubscriptionResolver,
      ProductBundleResolver,
      SimCardResolver,
      CustomPropertiesPayloadResolver,
      ProductConnectionResolver,
      BackendResolver,
    ],
    orphanedTypes: [ProductBundle, SimCard, SatelliteTerminal, DataConnectivity, UsageVolume, Monitor],
    pubSub,
    validate: false,
    emitSchemaFile: false,
  });
  schema.getQueryType()!.description = ROOT_DESCRIPTIONS.query;
  schema.getMutationType()!.description = ROOT_DESCRIPTIONS.mutation;
  schema.getSubscriptionType()!.description = ROOT_DESCRIPTIONS.subscription;
  return schema;
}

export function printGatewaySchema(schema: GraphQLSchema): string {
  const header =
    '# Generated from the code by `npm run schema:emit`. Do not edit: CI fails when this file drifts from the code.\n\n';
  return header + printSchema(lexicographicSortSchema(schema)) + '\n';
}
