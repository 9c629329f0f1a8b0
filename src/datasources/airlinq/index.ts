/**
 * AIRLINQ — Jio's CMO Management Platform (Airlinq): everything the gateway knows of it. The adapter is in
 * ./adapter.ts.
 */
import type { PlatformModule } from '../platform-module.js';
import { airlinqAdapter } from './adapter.js';

export const airlinq = {
  info: {
    code: 'AIRLINQ',
    name: 'AIRLINQ',
    description: 'Jio — CMO Management Platform by Airlinq (cellular)',
    operators: ['Jio'],
    system: 'CMO Management Platform (Airlinq)',
    adapter: 'airlinq',
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
    words: {
      CREATED: ['TEST'],
      PENDING_ACTIVE: ['READY'],
      ACTIVE: ['ACTIVE'],
      // SUSPEND is the seed's word; public Airlinq client code shows `Suspended`.
      SUSPENDED: ['SUSPEND', 'Suspended'],
      BLOCKED: ['BLOCKED'],
      PENDING_TERMINATE: ['CEASE'],
      TERMINATED: ['TERMINATED'],
    },
    targets: { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPEND', BLOCKED: 'BLOCKED' },
  },
  transitions: [
    ['ACTIVE', 'SUSPENDED'],
    ['SUSPENDED', 'ACTIVE'],
    ['ACTIVE', 'BLOCKED'],
    ['BLOCKED', 'ACTIVE'],
  ],
  adapter: airlinqAdapter,
} as const satisfies PlatformModule;
