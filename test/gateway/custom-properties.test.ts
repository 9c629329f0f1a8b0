/**
 * Custom properties: stored by the gateway per tenant and product, never sent to a platform; CRUD with clear
 * errors, visible on ProductBundle and SimCard, and usable as a products filter. On PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startStack, type TestStack } from '../helpers/stack.js';

const engines = [
  ['PGlite', false],
  ['PostgreSQL', true],
] as const;

describe.each(engines)('custom properties on %s', (_engine, usePostgres) => {
  let stack: TestStack;
  let drop: (() => Promise<void>) | undefined;
  let ids: string[];
  beforeAll(async () => {
    let env: Record<string, string> = {};
    if (usePostgres) {
      const db = await createTestDatabase();
      drop = db.drop;
      env = { DATABASE_URL: db.url };
    }
    stack = await startStack([{ code: 'JASPER', factory: ciscoSimulator }], { fleetSize: 30, env });
    const res = await stack.query('{ products(first: 5) { edges { node { id } } } }');
    ids = (res.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges.map((e) => e.node.id);
  });
  afterAll(async () => {
    await stack?.close();
    await drop?.();
  });

  const ADD =
    'mutation($id: ID!, $p: [CustomPropertyInput!]!) { addCustomProperties(productId: $id, properties: $p) { productId customProperties { name value } } }';

  it('adds, reads (all or by name), renames, updates and deletes', async () => {
    const id = ids[0]!;
    const added = await stack.query(ADD, {
      id,
      p: [
        { name: 'colour', value: 'blue' },
        { name: 'site', value: 'Hamburg' },
      ],
    });
    expect(added.errors).toBeUndefined();
    expect(added.data).toEqual({
      addCustomProperties: {
        productId: id,
        customProperties: [
          { name: 'colour', value: 'blue' },
          { name: 'site', value: 'Hamburg' },
        ],
      },
    });

    const read = await stack.query(
      'query($id: ID!) { product(id: $id) { customProperties(names: ["site"]) { name value } simCard { customProperties { name } } } }',
      { id },
    );
    expect(read.data).toEqual({
      product: {
        customProperties: [{ name: 'site', value: 'Hamburg' }],
        simCard: { customProperties: [{ name: 'colour' }, { name: 'site' }] },
      },
    });

    const renamed = await stack.query(
      'mutation($id: ID!) { updateCustomProperty(productId: $id, name: "colour", newName: "color", value: "red") { customProperties { name value } } }',
      { id },
    );
    expect(renamed.data).toEqual({
      updateCustomProperty: {
        customProperties: [
          { name: 'color', value: 'red' },
          { name: 'site', value: 'Hamburg' },
        ],
      },
    });

    const deleted = await stack.query(
      'mutation($id: ID!) { deleteCustomProperties(productId: $id, names: ["site"]) { customProperties { name } product { id } } }',
      { id },
    );
    expect(deleted.data).toEqual({
      deleteCustomProperties: { customProperties: [{ name: 'color' }], product: { id } },
    });
  });

  it('refuses duplicates, unknown names, bad names and unknown products with clear codes, changing nothing', async () => {
    const id = ids[1]!;
    await stack.query(ADD, { id, p: [{ name: 'a', value: '1' }] });
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [ADD, { id, p: [{ name: 'a', value: '2' }] }, 'BAD_USER_INPUT'],
      [
        ADD,
        {
          id,
          p: [
            { name: 'b', value: '1' },
            { name: 'b', value: '2' },
          ],
        },
        'BAD_USER_INPUT',
      ],
      [ADD, { id, p: [{ name: '', value: '1' }] }, 'BAD_USER_INPUT'],
      [ADD, { id, p: [{ name: 'x'.repeat(65), value: '1' }] }, 'BAD_USER_INPUT'],
      [ADD, { id, p: [{ name: 'v', value: 'x'.repeat(1025) }] }, 'BAD_USER_INPUT'],
      [
        'mutation($id: ID!) { updateCustomProperty(productId: $id, name: "nope", value: "1") { productId } }',
        { id },
        'NOT_FOUND',
      ],
      [
        'mutation($id: ID!) { deleteCustomProperties(productId: $id, names: ["a", "nope"]) { productId } }',
        { id },
        'NOT_FOUND',
      ],
      [ADD, { id: 'JASPER-8997112010000000004', p: [{ name: 'a', value: '1' }] }, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, code] of cases) {
      const res = await stack.query(query, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables).slice(0, 80)).toBe(code);
    }
    const read = await stack.query('query($id: ID!) { product(id: $id) { customProperties { name value } } }', { id });
    expect(read.data).toEqual({ product: { customProperties: [{ name: 'a', value: '1' }] } });
  });

  it('filters products by a custom property, with paging and a total', async () => {
    for (const id of ids.slice(0, 4)) await stack.query(ADD, { id, p: [{ name: 'fleet', value: 'north' }] });
    const q =
      'query($after: String) { products(first: 3, after: $after, filter: { customProperty: { name: "fleet", value: "north" } }) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }';
    const first = (await stack.query(q)).data as {
      products: {
        totalCount: number;
        edges: Array<{ node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    expect(first.products.totalCount).toBe(4);
    expect(first.products.edges).toHaveLength(3);
    expect(first.products.pageInfo.hasNextPage).toBe(true);
    const second = (await stack.query(q, { after: first.products.pageInfo.endCursor })).data as typeof first;
    expect(second.products.edges).toHaveLength(1);
    expect(second.products.pageInfo.hasNextPage).toBe(false);
    expect([...first.products.edges, ...second.products.edges].map((e) => e.node.id).sort()).toEqual(
      ids.slice(0, 4).sort(),
    );
  });

  it('keeps tenants apart: another tenant neither sees nor filters by them', async () => {
    const acme = await stack.gateway.token(['acme']);
    const res = await stack.query(
      '{ products(first: 5, filter: { customProperty: { name: "fleet", value: "north" } }) { totalCount edges { node { id } } } }',
      undefined,
      'acme',
      acme,
    );
    expect(res.data).toEqual({ products: { totalCount: 0, edges: [] } });
    const direct = await stack.query('query($id: ID!) { product(id: $id) { id } }', { id: ids[0] }, 'acme', acme);
    expect(direct.data).toEqual({ product: null }); // demo's product is not in acme's accounts
  });
});
