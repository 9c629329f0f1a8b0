/**
 * IOTA — Aeris IoT Accelerator (T-Mobile Austria, Deutsche Telekom IoT): everything the gateway knows of it. The
 * adapter is in ./adapter.ts.
 */
import type { PlatformModule } from '../platform-module.js';
import { aerisAdapter } from './adapter.js';

export const iota = {
  info: {
    code: 'IOTA',
    name: 'IOTA',
    description: 'T-Mobile Austria, Deutsche Telekom IoT — Aeris IoT Accelerator (cellular)',
    operators: ['T-Mobile Austria', 'Deutsche Telekom IoT'],
    system: 'Aeris IoT Accelerator',
    adapter: 'aeris',
    connectivityTypes: ['CELLULAR'],
    key: 'ICCID',
    updateMode: 'SYNC',
  },
  capabilities: {
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
  },
  statuses: {
    words: {
      PENDING_ACTIVE: ['ACTIVE_NO_BILLING'],
      ACTIVE: ['ACTIVE'],
      SUSPENDED: ['DEACTIVATED'],
      PENDING_TERMINATE: ['DEACTIVATED_NO_BILLING'],
      TERMINATED: ['TERMINATED'],
    },
    targets: { ACTIVE: 'ACTIVE', SUSPENDED: 'DEACTIVATED' },
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: aerisAdapter,
} as const satisfies PlatformModule;
