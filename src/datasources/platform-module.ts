/**
 * What the gateway knows of one platform, in one object: its catalog row, its capabilities, its status words, the
 * transitions a client may request, and its adapter. Each `src/datasources/<platform>/index.ts` exports one
 * (`{ info, capabilities, statuses, transitions, adapter } satisfies PlatformModule`); the registry lists them and
 * every cross-platform lookup (catalog, capability matrix, status translation, GraphQL `Platform` enum, `backends`)
 * is derived from them. A module that lacks a part does not type-check, and the registry refuses it at load with a
 * message naming the platform and the part (`assertPlatformModules`).
 *
 * This type names no platform code on purpose: the codes are derived from the registry's keys.
 */
import type { ConnectivityKind, Feature, ProductStatus, UpdateMode } from '../domain/vocabulary.js';
import type { AdapterFactory } from './adapter.js';

/** A platform's catalog row. */
export interface PlatformRow {
  /** The code used inside the gateway and in product ids ("JASPER-8997…", "1NCE-…"); the registry key. */
  readonly code: string;
  /** The GraphQL `Platform` enum name (a GraphQL name cannot start with a digit: 1NCE is ONE_NCE). */
  readonly name: string;
  /** The enum value's description in the GraphQL schema. */
  readonly description: string;
  readonly operators: readonly string[];
  readonly system: string;
  /** The folder (platform software) whose adapter serves it: TMUS and JASPER both run Cisco IoT Control Center. */
  readonly adapter: string;
  /** What a bundle of this platform is: a SIM (cellular) or a terminal (satellite). */
  readonly connectivityTypes: readonly ConnectivityKind[];
  /** The product key: an ICCID (cellular) or the terminal's serial number (satellite). */
  readonly key: 'ICCID' | 'SERIAL';
  /** How status updates complete (seed 002). */
  readonly updateMode: UpdateMode;
}

/** Every feature, on or off: a feature added to the vocabulary makes every module name its choice. */
export type CapabilityTable = Readonly<Record<Feature, boolean>>;

/**
 * Native status words. `words` maps each normalized status to the platform's words for it (matched ignoring case
 * and spacing); `targets` is the one word the gateway sends to ask for a status, where the platform takes a single
 * word. Platforms whose status is computed from several fields (TURKCELL, INTELSAT) leave both empty and say where
 * their rule table is in `rules`.
 */
export interface StatusTable {
  readonly words: Readonly<Partial<Record<ProductStatus, readonly string[]>>>;
  readonly targets: Readonly<Partial<Record<ProductStatus, string>>>;
  /** Where the rule table lives, for platforms without a single status word. */
  readonly rules?: string;
}

export interface PlatformModule {
  readonly info: PlatformRow;
  readonly capabilities: CapabilityTable;
  readonly statuses: StatusTable;
  /** The status transitions a client may request (seed 001), as [from, to]; the platform may still refuse one. */
  readonly transitions: readonly (readonly [from: ProductStatus, to: ProductStatus])[];
  readonly adapter: AdapterFactory;
}

/** The parts a module must have, in the order the load-time check reports them. */
export const MODULE_PARTS = ['info', 'capabilities', 'statuses', 'transitions', 'adapter'] as const;
