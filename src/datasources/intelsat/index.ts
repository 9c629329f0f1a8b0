/**
 * INTELSAT — Intelsat's satellite terminals: everything the gateway knows of it. A terminal's status is computed
 * from two fields by the rule table in ./adapter.ts (no single word); terminals, not SIMs, change status.
 */
import type { PlatformModule } from '../platform-module.js';
import { intelsatAdapter } from './adapter.js';

export const intelsat = {
  info: {
    code: 'INTELSAT',
    name: 'INTELSAT',
    description: 'Intelsat (satellite terminals)',
    operators: ['Intelsat'],
    system: 'Intelsat',
    adapter: 'intelsat',
    connectivityTypes: ['SATELLITE'],
    key: 'SERIAL',
    updateMode: 'ASYNC',
  },
  capabilities: {
    LIST_PRODUCTS: true,
    PRODUCT_DETAILS: true,
    FIND_BY_BUSINESS_ID: true,
    SIM_CARD_DETAILS: false,
    TERMINAL_DETAILS: true,
    DATA_CONNECTIVITY: false,
    USAGE: true,
    SIM_STATUS_CHANGE: false,
    TERMINAL_STATUS_CHANGE: true,
    CHARACTERISTICS_UPDATE: false,
    CUSTOM_PROPERTIES: true,
    BATCH_UPDATE: true,
    MONITOR: true,
    CANCEL_MONITOR: false,
  },
  statuses: {
    words: {},
    targets: {},
    rules: 'INTELSAT_RULES in src/datasources/intelsat/adapter.ts (contract status × terminal status)',
  },
  // For terminals.
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
  ],
  adapter: intelsatAdapter,
} as const satisfies PlatformModule;
