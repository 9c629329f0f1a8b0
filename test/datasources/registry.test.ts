/**
 * The platform registry: every cross-platform table is derived from the platform modules, and a module that lacks
 * a part fails to compile (`npm run typecheck` checks the `@ts-expect-error` below: it fails if the incomplete
 * module ever type-checks) and is refused at load with a message naming the platform and the part.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformModule } from '../../src/datasources/platform-module.js';
import {
  assertPlatformModules,
  featuresOf,
  isPlatformCode,
  isTransitionAllowed,
  MODULES,
  normalizeStatus,
  PLATFORM_CODES,
  PLATFORMS,
  supports,
  targetWord,
  transitionsOf,
} from '../../src/datasources/registry.js';
import { FEATURES } from '../../src/domain/vocabulary.js';
import { Platform } from '../../src/schema/enums.js';

/** An eleventh platform, as a newcomer might start it: everything but its transitions. */
const acmeWithoutTransitions = {
  info: {
    code: 'ACME',
    name: 'ACME',
    description: 'Acme (cellular)',
    operators: ['Acme'],
    system: 'Acme',
    adapter: 'acme',
    connectivityTypes: ['CELLULAR'],
    key: 'ICCID',
    updateMode: 'SYNC',
  },
  capabilities: Object.fromEntries(FEATURES.map((f) => [f, f === 'LIST_PRODUCTS'])) as Record<
    (typeof FEATURES)[number],
    boolean
  >,
  statuses: { words: { ACTIVE: ['LIVE'] }, targets: {} },
  adapter: MODULES.STC.adapter,
};

// @ts-expect-error — a module without its transitions table does not type-check
const acme: PlatformModule = acmeWithoutTransitions;

// @ts-expect-error — nor does one whose capability table leaves a feature unsaid
const capabilitiesWithAGap: PlatformModule['capabilities'] = { LIST_PRODUCTS: true };

describe('the platform registry', () => {
  it('refuses at load a module that lacks a part, naming the platform and the part', () => {
    expect(() => assertPlatformModules({ ...MODULES, ACME: acme })).toThrow(
      /platform ACME: its module lacks transitions/,
    );
    expect(() => assertPlatformModules({ ACME: { info: acmeWithoutTransitions.info } })).toThrow(
      /platform ACME: its module lacks capabilities, statuses, transitions, adapter/,
    );
  });

  it('refuses a capability table with a gap, a code that is not its key, and words for statuses that do not exist', () => {
    expect(() =>
      assertPlatformModules({ ACME: { ...acme, transitions: [], capabilities: capabilitiesWithAGap } }),
    ).toThrow(/platform ACME: its capabilities do not say PRODUCT_DETAILS/);
    expect(() => assertPlatformModules({ ACME2: { ...acme, transitions: [] } })).toThrow(
      /platform ACME2: its module's info.code is "ACME"/,
    );
    expect(() => assertPlatformModules({ ACME: { ...acme, transitions: [['ACTIVE', 'LIVE']] } })).toThrow(
      /unknown statuses LIVE/,
    );
  });

  it('accepts the ten modules it ships, and a complete eleventh', () => {
    expect(() => assertPlatformModules(MODULES)).not.toThrow();
    expect(() => assertPlatformModules({ ...MODULES, ACME: { ...acme, transitions: [] } })).not.toThrow();
  });

  it('derives the codes, the catalog and the GraphQL Platform enum from the modules', () => {
    expect(PLATFORM_CODES).toEqual([
      'TMSP',
      'TMUS',
      'INTELSAT',
      'IOTA',
      'JASPER',
      'AIRLINQ',
      '1NCE',
      'STC',
      'TURKCELL',
      'GALAXY1',
    ]);
    for (const code of PLATFORM_CODES) {
      expect(PLATFORMS[code]).toBe(MODULES[code].info);
      expect(isPlatformCode(code)).toBe(true);
    }
    expect(isPlatformCode('ACME')).toBe(false);
    expect(isPlatformCode('toString')).toBe(false);
    expect(Object.entries(Platform)).toEqual(PLATFORM_CODES.map((code) => [PLATFORMS[code].name, code]));
    expect(Platform.ONE_NCE).toBe('1NCE');
  });

  it('answers capabilities, words and transitions from each platform’s own module', () => {
    expect(supports('TMSP', 'CANCEL_MONITOR')).toBe(true);
    expect(supports('TMUS', 'CANCEL_MONITOR')).toBe(false);
    expect(featuresOf('INTELSAT')).toContain('TERMINAL_STATUS_CHANGE');
    expect(featuresOf('INTELSAT')).not.toContain('SIM_STATUS_CHANGE');
    expect(normalizeStatus('JASPER', 'ACTIVATED')).toBe('ACTIVE');
    expect(targetWord('TMUS', 'TERMINATED')).toBe('RETIRED');
    expect(targetWord('JASPER', 'TERMINATED')).toBe('PURGED');
    expect(isTransitionAllowed('JASPER', 'TERMINATED', 'ACTIVE')).toBe(true);
    expect(isTransitionAllowed('TMUS', 'TERMINATED', 'ACTIVE')).toBe(false);
    expect(transitionsOf('GALAXY1')).toEqual([]);
    expect(transitionsOf('AIRLINQ')).toContainEqual({ from: 'ACTIVE', to: 'BLOCKED' });
  });
});
