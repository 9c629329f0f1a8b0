/**
 * The ten carrier platforms the gateway fronts: one row each. Everything the gateway knows about a platform as
 * data lives in this folder, one table per concern (catalog, capabilities, statuses, transitions) — never in
 * `if (platform === …)` branches.
 */

/** Platform codes as they appear in product ids ("JASPER-8997…", "1NCE-…"). */
export const PLATFORM_CODES = ['TMSP', 'TMUS', 'INTELSAT', 'IOTA', 'JASPER', 'AIRLINQ', '1NCE', 'STC', 'TURKCELL', 'GALAXY1'] as const;
export type PlatformCode = (typeof PLATFORM_CODES)[number];

/** The GraphQL `Platform` enum's names (a GraphQL name cannot start with a digit: 1NCE is ONE_NCE). */
export type PlatformName = 'TMSP' | 'TMUS' | 'INTELSAT' | 'IOTA' | 'JASPER' | 'AIRLINQ' | 'ONE_NCE' | 'STC' | 'TURKCELL' | 'GALAXY1';

export type ConnectivityKind = 'CELLULAR' | 'SATELLITE';
export type UpdateMode = 'SYNC' | 'ASYNC';

/** Which adapter (platform software) serves a platform: TMUS and JASPER both run Cisco IoT Control Center. */
export type AdapterKind = 'tmsp' | 'cisco' | 'aeris' | 'intelsat' | 'airlinq' | 'onence' | 'stc' | 'turkcell' | 'galaxy1';

export interface PlatformInfo {
  code: PlatformCode;
  name: PlatformName;
  operators: readonly string[];
  system: string;
  adapter: AdapterKind;
  /** What a bundle of this platform is: a SIM (cellular) or a terminal (satellite). */
  connectivityTypes: readonly ConnectivityKind[];
  /** The product key: an ICCID (cellular) or the terminal's serial number (satellite). */
  key: 'ICCID' | 'SERIAL';
  /** How status updates complete (seed 002). */
  updateMode: UpdateMode;
}

export const PLATFORMS: Readonly<Record<PlatformCode, PlatformInfo>> = {
  TMSP: { code: 'TMSP', name: 'TMSP', operators: ['Telekom Deutschland'], system: 'M2M Service Portal 3.0', adapter: 'tmsp', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'ASYNC' },
  TMUS: { code: 'TMUS', name: 'TMUS', operators: ['T-Mobile US'], system: 'Cisco IoT Control Center', adapter: 'cisco', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'SYNC' },
  INTELSAT: { code: 'INTELSAT', name: 'INTELSAT', operators: ['Intelsat'], system: 'Intelsat', adapter: 'intelsat', connectivityTypes: ['SATELLITE'], key: 'SERIAL', updateMode: 'ASYNC' },
  IOTA: { code: 'IOTA', name: 'IOTA', operators: ['T-Mobile Austria', 'Deutsche Telekom IoT'], system: 'Aeris IoT Accelerator', adapter: 'aeris', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'SYNC' },
  JASPER: { code: 'JASPER', name: 'JASPER', operators: ['Etisalat'], system: 'Cisco IoT Control Center', adapter: 'cisco', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'SYNC' },
  AIRLINQ: { code: 'AIRLINQ', name: 'AIRLINQ', operators: ['Jio'], system: 'CMO Management Platform (Airlinq)', adapter: 'airlinq', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'ASYNC' },
  '1NCE': { code: '1NCE', name: 'ONE_NCE', operators: ['1NCE'], system: '1NCE platform', adapter: 'onence', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'SYNC' },
  STC: { code: 'STC', name: 'STC', operators: ['Saudi Telecom Company'], system: 'ConnectME', adapter: 'stc', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'ASYNC' },
  TURKCELL: { code: 'TURKCELL', name: 'TURKCELL', operators: ['Turkcell'], system: 'Turkcell', adapter: 'turkcell', connectivityTypes: ['CELLULAR'], key: 'ICCID', updateMode: 'ASYNC' },
  GALAXY1: { code: 'GALAXY1', name: 'GALAXY1', operators: ['Viasat'], system: 'GALAXY1', adapter: 'galaxy1', connectivityTypes: ['SATELLITE'], key: 'SERIAL', updateMode: 'ASYNC' },
};

const BY_NAME = new Map(Object.values(PLATFORMS).map((p) => [p.name, p]));

export function platformByName(name: PlatformName): PlatformInfo {
  return BY_NAME.get(name)!;
}

export function isPlatformCode(value: string): value is PlatformCode {
  return (PLATFORM_CODES as readonly string[]).includes(value);
}
