/**
 * GALAXY1 — Viasat's satellite terminals with SIM cards: everything the gateway knows of it. GALAXY1 has no public
 * status vocabulary: the words are the sandbox's design (docs/sandbox/galaxy1.md), in the spirit of INTELSAT. No
 * status change is offered, so it has no transitions and no target words.
 */
import type { PlatformModule } from '../platform-module.js';
import { galaxy1Adapter } from './adapter.js';

export const galaxy1 = {
  info: {
    code: 'GALAXY1',
    name: 'GALAXY1',
    description: 'Viasat — GALAXY1 (satellite terminals with SIM cards)',
    operators: ['Viasat'],
    system: 'GALAXY1',
    adapter: 'galaxy1',
    connectivityTypes: ['SATELLITE'],
    key: 'SERIAL',
    updateMode: 'ASYNC',
  },
  capabilities: {
    LIST_PRODUCTS: true,
    PRODUCT_DETAILS: true,
    FIND_BY_BUSINESS_ID: true,
    SIM_CARD_DETAILS: true,
    TERMINAL_DETAILS: true,
    DATA_CONNECTIVITY: false,
    USAGE: true,
    SIM_STATUS_CHANGE: false,
    TERMINAL_STATUS_CHANGE: false,
    CHARACTERISTICS_UPDATE: false,
    CUSTOM_PROPERTIES: true,
    BATCH_UPDATE: true,
    MONITOR: true,
    CANCEL_MONITOR: false,
  },
  statuses: {
    words: {
      CREATED: ['PROVISIONED'],
      PENDING_ACTIVE: ['COMMISSIONED'],
      ACTIVE: ['IN_SERVICE'],
      SUSPENDED: ['SUSPENDED'],
      BLOCKED: ['BARRED'],
      PENDING_TERMINATE: ['DECOMMISSIONING'],
      TERMINATED: ['DECOMMISSIONED'],
    },
    targets: {},
  },
  transitions: [],
  adapter: galaxy1Adapter,
} as const satisfies PlatformModule;
