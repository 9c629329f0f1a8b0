/**
 * TMSP — Telekom Deutschland's M2M Service Portal 3.0: everything the gateway knows of it. Status words after the
 * seed (platforms.md); the adapter is in ./adapter.ts.
 */
import type { PlatformModule } from '../platform-module.js';
import { tmspAdapter } from './adapter.js';

export const tmsp = {
  info: {
    code: 'TMSP',
    name: 'TMSP',
    description: 'Telekom Deutschland — M2M Service Portal 3.0 (cellular)',
    operators: ['Telekom Deutschland'],
    system: 'M2M Service Portal 3.0',
    adapter: 'tmsp',
    connectivityTypes: ['CELLULAR'],
    key: 'ICCID',
    updateMode: 'ASYNC',
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
    CHARACTERISTICS_UPDATE: true,
    CUSTOM_PROPERTIES: true,
    BATCH_UPDATE: true,
    MONITOR: true,
    CANCEL_MONITOR: true,
  },
  statuses: {
    words: {
      CREATED: ['Ordered', 'Ordered for Stock'],
      INVENTORY: ['On Stock'],
      PENDING_ACTIVE: ['Delivered'],
      ACTIVE: ['Test', 'Productive'],
      SUSPENDED: ['Suspended'],
      BLOCKED: ['Blocked (automatically)', 'Blocked (manually)', 'Blocked (by operator)'],
      TERMINATED: ['Terminated'],
      DELETED: ['Deleted'],
      UNKNOWN: ['Undefined'],
    },
    // Several words mean ACTIVE (Test, Productive): a client asking for ACTIVE means Productive.
    targets: { ACTIVE: 'Productive', SUSPENDED: 'Suspended' },
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: tmspAdapter,
} as const satisfies PlatformModule;
