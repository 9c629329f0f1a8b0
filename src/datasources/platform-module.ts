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
import type { Feature, ProductStatus } from '../domain/vocabulary.js';
import type { AdapterFactory } from './adapter.js';
import type { StatusTable } from './kit/statuses.js';
import type { PlatformRow } from './platform-codes.js';

export type { PlatformRow } from './platform-codes.js';

/** Every feature, on or off: a feature added to the vocabulary makes every module name its choice. */
export type CapabilityTable = Readonly<Record<Feature, boolean>>;

export type { StatusTable } from './kit/statuses.js';

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
