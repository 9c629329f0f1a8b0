/**
 * The contract's enums. `Platform` maps each GraphQL name to the platform code used inside the gateway and in
 * product ids (ONE_NCE ↔ "1NCE"); the others map to their own names.
 */
import { registerEnumType } from 'type-graphql';
import { FEATURES } from '../platforms/capabilities.js';
import { PRODUCT_STATUSES } from '../platforms/statuses.js';

export enum Platform {
  TMSP = 'TMSP',
  TMUS = 'TMUS',
  INTELSAT = 'INTELSAT',
  IOTA = 'IOTA',
  JASPER = 'JASPER',
  AIRLINQ = 'AIRLINQ',
  ONE_NCE = '1NCE',
  STC = 'STC',
  TURKCELL = 'TURKCELL',
  GALAXY1 = 'GALAXY1',
}

export enum ConnectivityType { CELLULAR = 'CELLULAR', SATELLITE = 'SATELLITE' }
export enum UpdateMode { SYNC = 'SYNC', ASYNC = 'ASYNC' }
export enum MonitorState {
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  PARTIALLY_FAILED = 'PARTIALLY_FAILED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
export enum UsageLevel { GLOBAL = 'GLOBAL', CELLULAR = 'CELLULAR', SATELLITE = 'SATELLITE' }
export enum UsageType { DATA = 'DATA', SMS = 'SMS', VOICE = 'VOICE' }

/** Built from the status table so the enum and the table cannot drift apart. */
export const ProductStatus = Object.fromEntries(PRODUCT_STATUSES.map((s) => [s, s])) as { [K in (typeof PRODUCT_STATUSES)[number]]: K };
export const Feature = Object.fromEntries(FEATURES.map((f) => [f, f])) as { [K in (typeof FEATURES)[number]]: K };

registerEnumType(Platform, {
  name: 'Platform',
  description: 'A carrier management platform. TMUS and JASPER run the same software (Cisco IoT Control Center) for different operators.',
  valuesConfig: {
    TMSP: { description: 'Telekom Deutschland — M2M Service Portal 3.0 (cellular)' },
    TMUS: { description: 'T-Mobile US — Cisco IoT Control Center (cellular)' },
    INTELSAT: { description: 'Intelsat (satellite terminals)' },
    IOTA: { description: 'T-Mobile Austria, Deutsche Telekom IoT — Aeris IoT Accelerator (cellular)' },
    JASPER: { description: 'Etisalat — Cisco IoT Control Center (cellular)' },
    AIRLINQ: { description: 'Jio — CMO Management Platform by Airlinq (cellular)' },
    ONE_NCE: { description: '1NCE (cellular). Product ids keep the prefix "1NCE-".' },
    STC: { description: 'Saudi Telecom Company — ConnectME (cellular)' },
    TURKCELL: { description: 'Turkcell (cellular)' },
    GALAXY1: { description: 'Viasat — GALAXY1 (satellite terminals with SIM cards)' },
  },
});
registerEnumType(ConnectivityType, { name: 'ConnectivityType', description: 'How a product connects: through a SIM card (cellular) or a satellite terminal.' });
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: "A product's normalized status. The platform's own word is kept in `platformStatus`; words no table maps become UNKNOWN.",
});
registerEnumType(UpdateMode, { name: 'UpdateMode', description: 'SYNC: the change is applied when the mutation returns. ASYNC: a monitor tracks it.' });
registerEnumType(MonitorState, { name: 'MonitorState', description: 'State of a tracked operation. Every state but IN_PROGRESS is final.' });
registerEnumType(UsageLevel, { name: 'UsageLevel', description: 'GLOBAL: all usage; CELLULAR and SATELLITE: usage over that network only.' });
registerEnumType(UsageType, { name: 'UsageType', description: 'What was consumed.' });
registerEnumType(Feature, { name: 'Feature', description: 'An operation the gateway may offer for a platform (see `Backend.features`).' });
