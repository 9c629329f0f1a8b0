/**
 * STC — Saudi Telecom Company's ConnectME: everything the gateway knows of it. The adapter is in ./adapter.ts.
 */
import type { PlatformModule } from '../platform-module.js';
import { stcAdapter } from './adapter.js';

export const stc = {
  info: {
    code: 'STC',
    name: 'STC',
    description: 'Saudi Telecom Company — ConnectME (cellular)',
    operators: ['Saudi Telecom Company'],
    system: 'ConnectME',
    adapter: 'stc',
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
    CHARACTERISTICS_UPDATE: false,
    CUSTOM_PROPERTIES: true,
    BATCH_UPDATE: true,
    MONITOR: true,
    CANCEL_MONITOR: false,
  },
  statuses: {
    words: { PENDING_ACTIVE: ['INACTIVE'], ACTIVE: ['ACTIVE'], SUSPENDED: ['SUSPENDED'] },
    targets: { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' },
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: stcAdapter,
} as const satisfies PlatformModule;
