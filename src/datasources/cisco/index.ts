/**
 * Cisco IoT Control Center serves two platforms: TMUS (T-Mobile US) and JASPER (Etisalat). One adapter and one
 * status vocabulary (./adapter.ts); each operator has its own catalog row, target words and transitions, so this
 * folder exports two modules, `tmus` and `jasper`.
 */
import type { PlatformModule } from '../platform-module.js';
import { ciscoAdapter } from './adapter.js';

/** Control Center's status words, the same on every Control Center. */
const WORDS = {
  INVENTORY: ['INVENTORY'],
  PENDING_ACTIVE: ['ACTIVATION_READY'],
  ACTIVE: ['ACTIVATED', 'TEST_READY'],
  SUSPENDED: ['DEACTIVATED'],
  PENDING_TERMINATE: ['RETIRED'],
  TERMINATED: ['PURGED'],
} as const;

/** Both operators offer the same operations. */
const CAPABILITIES = {
  LIST_PRODUCTS: true,
  PRODUCT_DETAILS: true,
  FIND_BY_BUSINESS_ID: true,
  SIM_CARD_DETAILS: true,
  TERMINAL_DETAILS: false,
  DATA_CONNECTIVITY: true,
  USAGE: true,
  SIM_STATUS_CHANGE: true,
  TERMINAL_STATUS_CHANGE: false,
  CHARACTERISTICS_UPDATE: false,
  CUSTOM_PROPERTIES: true,
  BATCH_UPDATE: true,
  MONITOR: false,
  CANCEL_MONITOR: false,
} as const;

export const tmus = {
  info: {
    code: 'TMUS',
    name: 'TMUS',
    description: 'T-Mobile US — Cisco IoT Control Center (cellular)',
    operators: ['T-Mobile US'],
    system: 'Cisco IoT Control Center',
    adapter: 'cisco',
    connectivityTypes: ['CELLULAR'],
    key: 'ICCID',
    updateMode: 'SYNC',
  },
  capabilities: CAPABILITIES,
  // TMUS has no purge on request: TERMINATED is asked for as RETIRED.
  statuses: {
    words: WORDS,
    targets: { ACTIVE: 'ACTIVATED', SUSPENDED: 'DEACTIVATED', PENDING_TERMINATE: 'RETIRED', TERMINATED: 'RETIRED' },
  },
  transitions: [
    ['CREATED', 'ACTIVE'],
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
    ['PENDING_TERMINATE', 'ACTIVE'],
    ['ACTIVE', 'TERMINATED'],
  ],
  adapter: ciscoAdapter,
} as const satisfies PlatformModule;

export const jasper = {
  info: {
    code: 'JASPER',
    name: 'JASPER',
    description: 'Etisalat — Cisco IoT Control Center (cellular)',
    operators: ['Etisalat'],
    system: 'Cisco IoT Control Center',
    adapter: 'cisco',
    connectivityTypes: ['CELLULAR'],
    key: 'ICCID',
    updateMode: 'SYNC',
  },
  capabilities: CAPABILITIES,
  statuses: {
    words: WORDS,
    targets: { ACTIVE: 'ACTIVATED', SUSPENDED: 'DEACTIVATED', PENDING_TERMINATE: 'RETIRED', TERMINATED: 'PURGED' },
  },
  transitions: [
    ['CREATED', 'ACTIVE'],
    ['PENDING_ACTIVE', 'ACTIVE'],
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
    ['PENDING_TERMINATE', 'ACTIVE'],
    ['ACTIVE', 'TERMINATED'],
    ['TERMINATED', 'ACTIVE'],
  ],
  adapter: ciscoAdapter,
} as const satisfies PlatformModule;
