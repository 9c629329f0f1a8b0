/**
 * The schema's descriptions say which platforms give which units and usage types, and that terminal mobility is
 * normalized; this checks those statements against what the gateway really answers for each of the ten platforms
 * (through the sandbox). A description that names the wrong platforms, or an adapter that starts emitting another
 * unit or mobility word, fails here.
 */
import { type GraphQLEnumType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../sandbox/registry.js';
import { buildGatewaySchema } from '../src/schema/build.js';
import { startStack, type TestStack } from './helpers/stack.js';

type Quantity = { amount: number; units: string };
type Bucket = { level: string; usageType: string; used: Quantity; limit: Quantity | null; remaining: Quantity | null };
type Product = {
  platform: string;
  usage: { buckets: Bucket[] } | null;
  terminal: { mobilityType: string | null } | null;
};

let stack: TestStack;
let schema: GraphQLSchema;
const byPlatform = new Map<string, Product[]>();

beforeAll(async () => {
  schema = await buildGatewaySchema();
  stack = await startStack(PLATFORM_SIMULATORS, { fleetSize: 12 });
  const platforms = (schema.getType('Platform') as GraphQLEnumType).getValues().map((v) => v.name);
  await Promise.all(
    platforms.map(async (platform) => {
      const res =
        await stack.query(`{ products(first: 12, filter: { platforms: [${platform}] }) { edges { node { platform
      usage { buckets { level usageType used { amount units } limit { amount units } remaining { amount units } } }
      terminal { mobilityType } } } } }`);
      expect(res.errors, platform).toBeUndefined();
      byPlatform.set(
        platform,
        (res.data as { products: { edges: Array<{ node: Product }> } }).products.edges.map((e) => e.node),
      );
    }),
  );
});
afterAll(async () => stack?.close());

const describedAs = (type: string, value: string) =>
  (schema.getType(type) as GraphQLEnumType).getValue(value)!.description!;

describe('usage units and types, per platform', () => {
  it('gives each platform the data unit its UsageUnit description names, in used, limit and remaining alike', () => {
    for (const [platform, products] of byPlatform) {
      const data = products.flatMap((p) => p.usage?.buckets ?? []).filter((b) => b.usageType === 'DATA');
      expect(data.length, platform).toBeGreaterThan(0);
      const units = new Set(
        data
          .flatMap((b) => [b.used, b.limit, b.remaining])
          .filter((q): q is Quantity => q !== null)
          .map((q) => q.units),
      );
      expect(units.size, `${platform}: one data unit`).toBe(1);
      const [unit] = units;
      expect(describedAs('UsageUnit', unit!), `${platform} reports DATA in ${unit}`).toContain(platform);
    }
  });

  it('counts SMS in MESSAGES and voice in SECONDS, on the platforms the UsageType descriptions name', () => {
    for (const [platform, products] of byPlatform) {
      const buckets = products.flatMap((p) => p.usage?.buckets ?? []);
      for (const [type, unit] of [
        ['SMS', 'MESSAGES'],
        ['VOICE', 'SECONDS'],
      ] as const) {
        const some = buckets.filter((b) => b.usageType === type);
        if (some.length) {
          expect(new Set(some.map((b) => b.used.units)), `${platform} ${type}`).toEqual(new Set([unit]));
          expect(describedAs('UsageType', type), `${platform} reports ${type}`).toContain(platform);
        } else {
          expect(describedAs('UsageType', type), `${platform} reports no ${type}`).not.toContain(platform);
        }
      }
    }
  });
});

describe('terminal mobility', () => {
  it('is one of the normalized MobilityType values for every satellite terminal, whatever word its platform uses', () => {
    const values = (schema.getType('MobilityType') as GraphQLEnumType).getValues().map((v) => v.name);
    for (const platform of ['INTELSAT', 'GALAXY1']) {
      const mobility = byPlatform.get(platform)!.map((p) => p.terminal?.mobilityType);
      expect(mobility.length, platform).toBeGreaterThan(0);
      for (const m of mobility) expect(values, platform).toContain(m);
    }
    // GALAXY1 says AERO and FIXED; clients see the same words as for INTELSAT.
    const galaxy = new Set(byPlatform.get('GALAXY1')!.map((p) => p.terminal!.mobilityType));
    expect([...galaxy].every((m) => m === 'MARITIME' || m === 'LAND' || m === 'AERONAUTICAL')).toBe(true);
    expect(galaxy.size).toBeGreaterThan(1);
  });
});
