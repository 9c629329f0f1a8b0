/**
 * The schema is the API's documentation (GraphiQL's Docs, codegen comments): every type, field, argument, enum value
 * and input field the gateway defines carries a description. Walks the built schema (introspection types `__*` and
 * the built-in scalars are graphql-js's own and skipped) and fails listing every undocumented element.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/schema/build.js';

/** Every documentable element of the schema as a coordinate (`Type.field(arg:)`), with its description. */
export function schemaElements(
  schema: GraphQLSchema,
): Array<{ coordinate: string; description: string | null | undefined }> {
  const out: Array<{ coordinate: string; description: string | null | undefined }> = [];
  const types = Object.values(schema.getTypeMap()).filter(
    (t: GraphQLNamedType) => !t.name.startsWith('__') && !isSpecifiedScalarType(t),
  );
  for (const type of types) {
    out.push({ coordinate: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push({ coordinate: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args)
          out.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, description: arg.description });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        out.push({ coordinate: `${type.name}.${field.name}`, description: field.description });
    } else if (isEnumType(type)) {
      for (const value of type.getValues())
        out.push({ coordinate: `${type.name}.${value.name}`, description: value.description });
    }
  }
  return out;
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

describe('the schema as documentation', () => {
  it('describes every type, field, argument, enum value and input field (100% coverage)', () => {
    const elements = schemaElements(schema);
    const undocumented = elements.filter((e) => !e.description?.trim()).map((e) => e.coordinate);
    const coverage = ((elements.length - undocumented.length) / elements.length) * 100;
    expect(
      undocumented,
      `${coverage.toFixed(1)}% of ${elements.length} schema elements are described; undocumented:\n${undocumented.join('\n')}`,
    ).toEqual([]);
  });

  it('walks every kind of element, so the check above cannot pass by seeing nothing', () => {
    const coordinates = new Set(schemaElements(schema).map((e) => e.coordinate));
    for (const expected of [
      'Query',
      'Query.products',
      'Query.products(first:)',
      'ProductFilter.iccid',
      'ProductStatus.ACTIVE',
      'Node.id',
      'DateTime',
    ]) {
      expect(coordinates, expected).toContain(expected);
    }
    expect([...coordinates].some((c) => c.startsWith('__') || c === 'String' || c.startsWith('Boolean'))).toBe(false);
  });

  it('states the real limits where a client needs them', () => {
    const products = schema.getQueryType()!.getFields().products!;
    expect(products.args.find((a) => a.name === 'first')!.description).toMatch(/1\D+500/);
    const mutation = schema.getMutationType()!.getFields();
    for (const name of ['updateSimCardStatus', 'updateTerminalStatus', 'updateProductCharacteristics', 'batchUpdate']) {
      const key = mutation[name]!.args.find((a) => a.name === 'idempotencyKey')!;
      expect(key.description, name).toMatch(/255/);
      expect(key.description, name).toMatch(/kept|stored/i);
    }
  });
});
