/**
 * The platform codes as they appear in product ids ("JASPER-8997…", "1NCE-…"), in the order the contract's
 * `Platform` enum lists them. A leaf module: the adapters, the kit, the store and the domain name a platform by its
 * code without importing the registry that imports them (registry.ts checks that its modules are exactly these).
 * The shape of a platform's catalog row lives here too, for the same reason (adapter.ts names it).
 */
import type { ConnectivityKind, UpdateMode } from '../domain/vocabulary.js';

export const PLATFORM_CODE_LIST = [
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
] as const;

export type PlatformCode = (typeof PLATFORM_CODE_LIST)[number];

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
