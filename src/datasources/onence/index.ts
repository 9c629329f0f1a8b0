/**
 * 1NCE — everything the gateway knows of it (GraphQL name ONE_NCE: a name cannot start with a digit). The adapter
 * is in ./adapter.ts.
 */
import type { PlatformModule } from '../platform-module.js';
import { oneNceAdapter } from './adapter.js';

export const oneNce = {
  info: {
    code: '1NCE',
    name: 'ONE_NCE',
    description: '1NCE (cellular). Product ids keep the prefix "1NCE-".',
    operators: ['1NCE'],
    system: '1NCE platform',
    adapter: 'onence',
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
    words: { ACTIVE: ['Enabled'], SUSPENDED: ['Disabled'] },
    targets: { ACTIVE: 'Enabled', SUSPENDED: 'Disabled' },
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: oneNceAdapter,
} as const satisfies PlatformModule;
