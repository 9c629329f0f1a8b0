/**
 * The gateway's schema as an Apollo Federation 2 subgraph (FEDERATION=on): the same types and resolvers as the public
 * schema, plus `@key(fields: "id")` on ProductBundle and Monitor, `Query._service { sdl }` and `Query._entities`.
 * Entities resolve through the request's services, so `_entities` for product bundles batches through the same
 * per-request DataLoaders (and the inventory) as `product(id:)` does; a monitor comes from the tenant's monitors.
 *
 * Built from the type-graphql schema's printed SDL with the keys added (rather than `@Directive` on the classes), so
 * the public `schema.graphql` stays exactly as it is while federation is off; `createResolversMap` carries the
 * type-graphql resolvers over unchanged. With federation on, admission, limits and authentication apply as usual: a
 * router must forward the caller's `Authorization` header, and the subgraph URL names the tenant (`/{tenant}/graphql`).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import {
  Kind,
  parse,
  printSchema,
  type DocumentNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { parseIdOf } from '../domain/ids.js';

/** The federated entities: type name → how one is found from its key. */
const ENTITIES: Record<string, (id: string, ctx: GatewayContext) => Promise<unknown>> = {
  ProductBundle: (id, ctx) => ctx.services.products.findBundle(parseIdOf(id, undefined)),
  Monitor: (id, ctx) => ctx.services.monitors.get(id),
};

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/** The subgraph type definitions: the schema's SDL with `@key(fields: "id")` on each entity type. */
export function subgraphTypeDefs(schema: GraphQLSchema): DocumentNode {
  const document = parse(`${FEDERATION_LINK}\n\n${printSchema(schema)}`);
  const definitions = document.definitions.map((def) => {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION || !(def.name.value in ENTITIES)) return def;
    const key = parse('type K @key(fields: "id") { id: ID }').definitions[0] as ObjectTypeDefinitionNode;
    return { ...def, directives: [...(def.directives ?? []), ...(key.directives ?? [])] };
  });
  return { ...document, definitions };
}

export function buildFederatedSchema(schema: GraphQLSchema): GraphQLSchema {
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, find] of Object.entries(ENTITIES)) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      __resolveReference: (reference: { id: string }, ctx: unknown) => find(reference.id, ctx as GatewayContext),
    } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs: subgraphTypeDefs(schema), resolvers });
}
