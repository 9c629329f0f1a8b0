/**
 * TURKCELL — everything the gateway knows of it. A line's status is computed from its contract status and five
 * barring flags by the rule table in ./adapter.ts (no single word). The transitions row waits for the day
 * SIM_STATUS_CHANGE is switched on: until then the capability wins (NOT_SUPPORTED).
 */
import type { PlatformModule } from '../platform-module.js';
import { turkcellAdapter } from './adapter.js';

export const turkcell = {
  info: {
    code: 'TURKCELL',
    name: 'TURKCELL',
    description: 'Turkcell (cellular)',
    operators: ['Turkcell'],
    system: 'Turkcell',
    adapter: 'turkcell',
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
    SIM_STATUS_CHANGE: false,
    TERMINAL_STATUS_CHANGE: false,
    CHARACTERISTICS_UPDATE: false,
    CUSTOM_PROPERTIES: true,
    BATCH_UPDATE: true,
    MONITOR: false,
    CANCEL_MONITOR: false,
  },
  statuses: {
    words: {},
    targets: {},
    rules: 'TURKCELL_RULES in src/datasources/turkcell/adapter.ts (contract status × barring flags)',
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: turkcellAdapter,
} as const satisfies PlatformModule;
