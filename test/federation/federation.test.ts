/**
 * Federation (FEDERATION=on): the gateway serves an Apollo Federation 2 subgraph. Its `_service` SDL composes, with
 * the official composition library, with a small "devices" subgraph that extends ProductBundle; an Apollo Gateway
 * built from that supergraph runs queries across both — products with their device, and devices with their product
 * resolved by our `_entities` through the same services — all in this process on free ports, against the sandbox.
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservedStack, type ObservedStack } from '../observability/stack.js';

const DEVICES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type ProductBundle @key(fields: "id") { id: ID! device: Device }
  type Device { serial: String! model: String! product: ProductBundle! }
  type Query { devicesInRepair: [Device!]! }
`;

let stack: ObservedStack;
let devices: ApolloServer;
let router: ApolloServer;
let routerUrl: string;
let productIds: string[];
const deviceFor = (id: string) => ({ serial: `dev-${id.slice(-6)}`, model: `Tracker ${id.length % 7}` });

type Body = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const post = async (
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Body> =>
  (await (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as Body;

beforeAll(async () => {
  stack = await startObservedStack({ FEDERATION: 'on' });
  const subgraphUrl = `${stack.url}/demo/graphql`;
  const auth = { authorization: `Bearer ${stack.token}` };
  const page = await post(subgraphUrl, '{ products(first: 2) { edges { node { id } } } }', undefined, auth);
  productIds = page.data.products.edges.map((e: { node: { id: string } }) => e.node.id);

  devices = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(DEVICES_SDL),
      resolvers: {
        Query: {
          devicesInRepair: () =>
            productIds.map((id) => ({ ...deviceFor(id), product: { __typename: 'ProductBundle', id } })),
        },
        ProductBundle: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, device: deviceFor(ref.id) }) },
      } as never,
    }),
  });
  const { url: devicesUrl } = await startStandaloneServer(devices, { listen: { port: 0, host: '127.0.0.1' } });

  // Our SDL as a supergraph build fetches it: from _service over HTTP.
  const sdl = (await post(subgraphUrl, '{ _service { sdl } }', undefined, auth)).data._service.sdl as string;
  const composed = composeServices([
    { name: 'iot', typeDefs: parse(sdl), url: subgraphUrl },
    { name: 'devices', typeDefs: parse(DEVICES_SDL), url: devicesUrl },
  ]);
  expect(composed.errors ?? []).toEqual([]);
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl!,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest: ({ request }) => {
          request.http?.headers.set('authorization', auth.authorization); // a router forwards the caller's token
        },
      }),
  });
  router = new ApolloServer({ gateway: gateway as never });
  routerUrl = (await startStandaloneServer(router, { listen: { port: 0, host: '127.0.0.1' } })).url;
}, 120_000);

afterAll(async () => {
  await router?.stop();
  await devices?.stop();
  await stack?.close();
});

describe('federation', () => {
  it('publishes its subgraph SDL with @key on ProductBundle and Monitor', async () => {
    const sdl = (
      await post(`${stack.url}/demo/graphql`, '{ _service { sdl } }', undefined, {
        authorization: `Bearer ${stack.token}`,
      })
    ).data._service.sdl as string;
    expect(sdl).toMatch(/type ProductBundle implements Node[^{]*@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Monitor[^{]*@key\(fields: "id"\)/);
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
  });

  it("runs a query across both subgraphs: our products with the devices subgraph's field", async () => {
    const res = await post(
      routerUrl,
      '{ products(first: 2) { edges { node { id platform status device { serial model } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.products.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toEqual(
      productIds.map((id) => ({ id, platform: 'JASPER', status: expect.any(String), device: deviceFor(id) })),
    );
  });

  it('resolves our products as entities for the other subgraph, through the same services', async () => {
    const res = await post(routerUrl, '{ devicesInRepair { serial product { id status iccid simCard { iccid } } } }');
    expect(res.errors).toBeUndefined();
    const direct = await post(
      `${stack.url}/demo/graphql`,
      'query($id: ID!) { product(id: $id) { id status iccid simCard { iccid } } }',
      { id: productIds[0] },
      { authorization: `Bearer ${stack.token}` },
    );
    expect(res.data.devicesInRepair).toHaveLength(2);
    expect(res.data.devicesInRepair[0]).toEqual({
      serial: deviceFor(productIds[0]!).serial,
      product: direct.data.product,
    });
    expect(res.data.devicesInRepair[1].product.id).toBe(productIds[1]);
  });

  it('resolves monitors as entities, and keeps authentication on _entities', async () => {
    const auth = { authorization: `Bearer ${stack.token}` };
    const created = await post(
      `${stack.url}/demo/graphql`,
      `mutation { batchUpdate(input: { productIds: ["${productIds[0]}"], status: ACTIVE }) { id } }`,
      undefined,
      auth,
    );
    const monitorId = created.data.batchUpdate.id as string;
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Monitor { id operation } ... on ProductBundle { id } } }';
    const representations = [
      { __typename: 'Monitor', id: monitorId },
      { __typename: 'ProductBundle', id: productIds[1] },
    ];
    const res = await post(`${stack.url}/demo/graphql`, query, { r: representations }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([{ id: monitorId, operation: expect.any(String) }, { id: productIds[1] }]);
    const anonymous = await post(`${stack.url}/demo/graphql`, query, { r: representations });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
