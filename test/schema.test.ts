/**
 * The schema the code builds must (1) match the committed schema.graphql byte for byte — regenerate it with
 * `npm run schema:emit` — and (2) keep everything the public contract promises (no removed or changed type, field,
 * argument or enum value; additions are allowed).
 */
import { readFileSync } from 'node:fs';
import { buildSchema as schemaFromSdl, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build.js';

describe('schema', () => {
  it('matches the committed schema.graphql (run `npm run schema:emit` after changing types)', async () => {
    const emitted = printGatewaySchema(await buildGatewaySchema());
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(emitted).toBe(committed);
  });

  it('implements the public contract without breaking it', async () => {
    const contract = schemaFromSdl(readFileSync(new URL('./contract/schema-contract.graphql', import.meta.url), 'utf8'));
    const breaking = findBreakingChanges(contract, await buildGatewaySchema());
    expect(breaking.map((b) => b.description)).toEqual([]);
  });
});
