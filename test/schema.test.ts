/**
 * The schema the code builds must (1) match the committed schema.graphql byte for byte — regenerate it with
 * `npm run schema:emit` — and (2) keep everything the public contract promises (no removed or changed type, field,
 * argument or enum value; additions are allowed), except the intended changes listed (with their reason) at the end.
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
    const contract = schemaFromSdl(
      readFileSync(new URL('./contract/schema-contract.graphql', import.meta.url), 'utf8'),
    );
    const breaking = findBreakingChanges(contract, await buildGatewaySchema());
    expect(
      breaking
        .map((b) => b.description)
        .filter((d) => !(d in INTENDED_CHANGES))
        .sort(),
    ).toEqual([]);
  });

  it('lists only intended changes that the schema really makes (no stale allow-list entry)', async () => {
    const contract = schemaFromSdl(
      readFileSync(new URL('./contract/schema-contract.graphql', import.meta.url), 'utf8'),
    );
    const breaking = new Set(findBreakingChanges(contract, await buildGatewaySchema()).map((b) => b.description));
    expect(Object.keys(INTENDED_CHANGES).filter((d) => !breaking.has(d))).toEqual([]);
  });
});

/**
 * Changes to the contract made on purpose (issue 13, "the schema as documentation": enums where the values are
 * closed). Each turns a String OUTPUT field into an enum: the wire format stays a JSON string, so clients that read
 * the field as a string keep working; codegen'd clients get the closed set of values. findBreakingChanges flags any
 * change of an output field's named type, so each is listed here with the reason.
 */
const INTENDED_CHANGES: Record<string, string> = {
  // The ErrorCode enum lists every extensions.code the gateway emits; an OperationError carries the same codes.
  'OperationError.code changed type from String! to ErrorCode!.': 'error codes as an enum, so codegen can type them',
  // A monitor is created by one of four mutations; the values are the same words as before.
  'Monitor.operation changed type from String! to MonitorOperation!.': 'closed set of operations',
  // INTELSAT's and GALAXY1's words normalized to MARITIME / LAND / AERONAUTICAL (GALAXY1 said FIXED and AERO before).
  'SatelliteTerminal.mobilityType changed type from String to MobilityType.': 'closed, normalized mobility types',
  // The adapters' units as an enum: bytes → BYTES, KB → KILOBYTES, MB → MEGABYTES, messages → MESSAGES, seconds → SECONDS.
  'Quantity.units changed type from String! to UsageUnit!.': 'closed set of units',
};
