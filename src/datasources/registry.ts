/**
 * The platforms the gateway fronts: one line per platform module (src/datasources/<platform>/index.ts). Everything
 * cross-platform is derived from these modules — the platform codes, the catalog (`PLATFORMS`), the capability
 * matrix (`supports`, `featuresOf`), status translation (`normalizeStatus`, `targetWord`), the transitions, the
 * GraphQL `Platform` enum (src/schema/enums.ts), the `backends` query and the adapter each account gets — so a new
 * platform is its folder plus one line here. The modules are checked at load (`assertPlatformModules`): a module
 * that lacks a part stops the gateway with a message naming the platform and the part.
 *
 * Module files never import this file at run time (type imports only), so the registry is loaded last.
 */
import type { Feature, ProductStatus, Transition } from '../domain/vocabulary.js';
import { FEATURES, PRODUCT_STATUSES } from '../domain/vocabulary.js';
import { iota } from './aeris/index.js';
import { airlinq } from './airlinq/index.js';
import { jasper, tmus } from './cisco/index.js';
import { galaxy1 } from './galaxy1/index.js';
import { intelsat } from './intelsat/index.js';
import { oneNce } from './onence/index.js';
import { wordKey, wordMatcher } from './kit/statuses.js';
import { MODULE_PARTS, type PlatformModule, type PlatformRow } from './platform-module.js';
import type { PlatformCode } from './platform-codes.js';
import { stc } from './stc/index.js';
import { tmsp } from './tmsp/index.js';
import { turkcell } from './turkcell/index.js';

/** The platform modules by code, in the order the contract's `Platform` enum lists them. */
export const MODULES = {
  TMSP: tmsp,
  TMUS: tmus,
  INTELSAT: intelsat,
  IOTA: iota,
  JASPER: jasper,
  AIRLINQ: airlinq,
  '1NCE': oneNce,
  STC: stc,
  TURKCELL: turkcell,
  GALAXY1: galaxy1,
} as const satisfies Record<PlatformCode, PlatformModule>;

/** Platform codes as they appear in product ids ("JASPER-8997…", "1NCE-…"): exactly the modules' keys. */
export type { PlatformCode };
// Both ways: a module without a code, or a code without a module, fails to compile.
const _sameCodes: [keyof typeof MODULES, PlatformCode] extends [PlatformCode, keyof typeof MODULES] ? true : never =
  true;
void _sameCodes;
/** The modules' catalog rows, each with its literal code and name. */
export type PlatformRowOf = (typeof MODULES)[PlatformCode]['info'];
/** The GraphQL `Platform` enum's names (ONE_NCE for 1NCE). */
export type PlatformName = PlatformRowOf['name'];
/** Which adapter folder (platform software) serves a platform. */
export type AdapterKind = PlatformRowOf['adapter'];
/** A platform's catalog row. */
export interface PlatformInfo extends PlatformRow {
  readonly code: PlatformCode;
  readonly name: PlatformName;
  readonly adapter: AdapterKind;
}
export type { ConnectivityKind, UpdateMode } from '../domain/vocabulary.js';

/**
 * Checks every module has its parts and that they agree with the vocabulary; throws one error naming each platform
 * and what it lacks. Runs when this file is loaded, so a broken module stops the gateway at start.
 */
export function assertPlatformModules(modules: Readonly<Record<string, unknown>>): void {
  const problems: string[] = [];
  for (const [code, candidate] of Object.entries(modules)) {
    const m = (candidate ?? {}) as Partial<Record<(typeof MODULE_PARTS)[number], unknown>>;
    const missing = MODULE_PARTS.filter((part) => m[part] === undefined || m[part] === null);
    if (missing.length) {
      problems.push(`platform ${code}: its module lacks ${missing.join(', ')}`);
      continue;
    }
    const module = m as PlatformModule;
    if (module.info.code !== code) problems.push(`platform ${code}: its module's info.code is "${module.info.code}"`);
    const unstated = FEATURES.filter((f) => typeof module.capabilities[f] !== 'boolean');
    if (unstated.length) problems.push(`platform ${code}: its capabilities do not say ${unstated.join(', ')}`);
    if (typeof module.adapter !== 'function') problems.push(`platform ${code}: its adapter is not a factory function`);
    const statuses = new Set<string>(PRODUCT_STATUSES);
    const strange = [
      ...Object.keys(module.statuses.words ?? {}),
      ...Object.keys(module.statuses.targets ?? {}),
      ...module.transitions.flat(),
    ].filter((s) => !statuses.has(s));
    if (strange.length)
      problems.push(`platform ${code}: its tables name unknown statuses ${[...new Set(strange)].join(', ')}`);
    const meaning = new Map<string, string>();
    for (const [status, words] of Object.entries(module.statuses.words ?? {})) {
      for (const word of words ?? []) {
        const before = meaning.get(wordKey(word));
        if (before && before !== status)
          problems.push(`platform ${code}: its word "${word}" means both ${before} and ${status}`);
        meaning.set(wordKey(word), status);
      }
    }
  }
  if (problems.length) throw new Error(`Platform modules are incomplete:\n  ${problems.join('\n  ')}`);
}
assertPlatformModules(MODULES);

export const PLATFORM_CODES = Object.keys(MODULES) as PlatformCode[];

export const PLATFORMS: Readonly<Record<PlatformCode, PlatformInfo>> = Object.fromEntries(
  PLATFORM_CODES.map((code) => [code, MODULES[code].info as PlatformInfo]),
) as Record<PlatformCode, PlatformInfo>;

const BY_NAME = new Map<string, PlatformInfo>(Object.values(PLATFORMS).map((p) => [p.name, p]));

export function platformByName(name: PlatformName): PlatformInfo {
  return BY_NAME.get(name)!;
}

export function isPlatformCode(value: string): value is PlatformCode {
  return Object.hasOwn(MODULES, value);
}

/** The module of a platform. */
export function platformModule(platform: PlatformCode): PlatformModule {
  return MODULES[platform];
}

// --- capabilities -------------------------------------------------------------------------------------------------

export function supports(platform: PlatformCode, feature: Feature): boolean {
  return MODULES[platform].capabilities[feature];
}

export function featuresOf(platform: PlatformCode): Feature[] {
  return FEATURES.filter((f) => supports(platform, f));
}

// --- statuses -----------------------------------------------------------------------------------------------------

const MATCHERS = new Map(PLATFORM_CODES.map((code) => [code, wordMatcher(MODULES[code].statuses)]));

/** The normalized status of a native word (UNKNOWN when no row maps it). */
export function normalizeStatus(platform: PlatformCode, nativeWord: string | null | undefined): ProductStatus {
  if (!nativeWord) return 'UNKNOWN';
  return MATCHERS.get(platform)?.(nativeWord) ?? 'UNKNOWN';
}

/**
 * The native word the gateway sends to ask a platform for a normalized status, where the platform takes a single
 * word. Several native words can mean one status (TMSP Test/Productive); this is the one a client's request means.
 */
export function targetWord(platform: PlatformCode, status: ProductStatus): string | undefined {
  const targets: PlatformModule['statuses']['targets'] = MODULES[platform].statuses.targets;
  return targets[status];
}

// --- transitions --------------------------------------------------------------------------------------------------

const TRANSITIONS = new Map<PlatformCode, Transition[]>(
  PLATFORM_CODES.map((code) => [code, MODULES[code].transitions.map(([from, to]) => ({ from, to }))]),
);

export function transitionsOf(platform: PlatformCode): Transition[] {
  return [...(TRANSITIONS.get(platform) ?? [])];
}

export function isTransitionAllowed(platform: PlatformCode, from: ProductStatus, to: ProductStatus): boolean {
  return (TRANSITIONS.get(platform) ?? []).some((t) => t.from === from && t.to === to);
}
