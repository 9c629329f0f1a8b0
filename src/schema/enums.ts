/**
 * The contract's enums. `Platform` maps each GraphQL name to the platform code used inside the gateway and in
 * product ids (ONE_NCE ↔ "1NCE"); it is built from the platform modules (src/datasources/registry.ts), names,
 * order and descriptions included. The others map to their own names.
 */
import { registerEnumType } from 'type-graphql';
import { PLATFORM_CODES, PLATFORMS, supports, type PlatformCode, type PlatformRowOf } from '../datasources/registry.js';
import {
  FEATURES,
  PRODUCT_STATUSES,
  type Feature as FeatureValue,
  type ProductStatus as StatusValue,
} from '../domain/vocabulary.js';

/** GraphQL name → platform code, e.g. `Platform.ONE_NCE === '1NCE'`. */
export const Platform = Object.fromEntries(PLATFORM_CODES.map((code) => [PLATFORMS[code].name, code])) as {
  [P in PlatformRowOf as P['name']]: P['code'];
};
export type Platform = PlatformCode;

export enum ConnectivityType {
  CELLULAR = 'CELLULAR',
  SATELLITE = 'SATELLITE',
}
export enum UpdateMode {
  SYNC = 'SYNC',
  ASYNC = 'ASYNC',
}
export enum MonitorState {
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  PARTIALLY_FAILED = 'PARTIALLY_FAILED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
export enum UsageLevel {
  GLOBAL = 'GLOBAL',
  CELLULAR = 'CELLULAR',
  SATELLITE = 'SATELLITE',
}
export enum UsageType {
  DATA = 'DATA',
  SMS = 'SMS',
  VOICE = 'VOICE',
}

/** Built from the status table so the enum and the table cannot drift apart. */
export const ProductStatus = Object.fromEntries(PRODUCT_STATUSES.map((s) => [s, s])) as {
  [K in (typeof PRODUCT_STATUSES)[number]]: K;
};
export const Feature = Object.fromEntries(FEATURES.map((f) => [f, f])) as { [K in (typeof FEATURES)[number]]: K };

registerEnumType(Platform, {
  name: 'Platform',
  description:
    'A carrier management platform. TMUS and JASPER run the same software (Cisco IoT Control Center) for different operators.',
  valuesConfig: Object.fromEntries(
    PLATFORM_CODES.map((code) => [PLATFORMS[code].name, { description: PLATFORMS[code].description }]),
  ),
});
/** The platforms (GraphQL names, e.g. ONE_NCE) for which `test` holds, as a readable list. */
function platformsWhere(test: (code: PlatformCode) => boolean): string {
  const names = PLATFORM_CODES.filter(test).map((c) => PLATFORMS[c].name);
  return names.length === PLATFORM_CODES.length ? 'every platform' : names.length ? names.join(', ') : 'no platform';
}

registerEnumType(ConnectivityType, {
  name: 'ConnectivityType',
  description: 'How a product connects: through a SIM card (cellular) or a satellite terminal.',
  valuesConfig: {
    CELLULAR: {
      description: `A SIM card on a mobile network (${platformsWhere((c) => PLATFORMS[c].connectivityTypes.includes('CELLULAR'))}).`,
    },
    SATELLITE: {
      description: `A satellite terminal (${platformsWhere((c) => PLATFORMS[c].connectivityTypes.includes('SATELLITE'))}); GALAXY1 terminals also carry a SIM card.`,
    },
  },
});

const STATUS_DESCRIPTIONS: Record<StatusValue, string> = {
  CREATED: 'Ordered or created at the platform, not yet ready for service (e.g. TMSP "Ordered", AIRLINQ "TEST").',
  PENDING_ACTIVE: 'Delivered or ready for activation, not yet active (e.g. TMUS "ACTIVATION_READY", STC "INACTIVE").',
  INVENTORY: 'In stock: provisioned but not in service.',
  ACTIVE: 'In service: can attach to the network and carry traffic (test states included).',
  SUSPENDED: "Temporarily out of service at the customer's request; can be made ACTIVE again.",
  BLOCKED:
    'Barred by the operator or automatically (e.g. TMSP "Blocked (automatically)"); AIRLINQ lets clients block and unblock.',
  PENDING_TERMINATE: 'Being retired (e.g. TMUS "RETIRED"); some platforms still allow a return to ACTIVE.',
  TERMINATED: 'Ended at the platform; no longer in service or billed.',
  DELETED: 'Removed from the platform (TMSP).',
  UNKNOWN:
    "The platform's word is not in the gateway's status table; read `platformStatus` for what the platform said.",
};
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description:
    "A product's normalized status, the same vocabulary on every platform. The platform's own word is kept in `platformStatus`; words no table maps become UNKNOWN. Which changes a client may request per platform: `Backend.simStatusTransitions`.",
  valuesConfig: Object.fromEntries(PRODUCT_STATUSES.map((s) => [s, { description: STATUS_DESCRIPTIONS[s] }])),
});

registerEnumType(UpdateMode, {
  name: 'UpdateMode',
  description: 'How a status or characteristics change completes on a platform (`Backend.updateMode`).',
  valuesConfig: {
    SYNC: {
      description: `Applied when the mutation returns: the payload carries the changed product (${platformsWhere((c) => PLATFORMS[c].updateMode === 'SYNC')}).`,
    },
    ASYNC: {
      description: `Accepted by the platform and carried out later: the payload carries a monitor to follow (${platformsWhere((c) => PLATFORMS[c].updateMode === 'ASYNC')}).`,
    },
  },
});

registerEnumType(MonitorState, {
  name: 'MonitorState',
  description: 'State of a tracked operation. Every state but IN_PROGRESS is final: a monitor never leaves it.',
  valuesConfig: {
    IN_PROGRESS: { description: "At least one product's part has not finished yet; the gateway polls the platform." },
    DONE: { description: "Every product's part succeeded." },
    PARTIALLY_FAILED: { description: 'Some products succeeded and some failed; `errors` lists the failed ones.' },
    FAILED: { description: "Every product's part failed; `errors` says why." },
    CANCELLED: { description: 'Cancelled with `cancelMonitor` before the platform processed it (TMSP).' },
  },
});

registerEnumType(UsageLevel, {
  name: 'UsageLevel',
  description: 'Which network a consumption bucket counts.',
  valuesConfig: {
    GLOBAL: { description: 'All usage of the product, over every network. Every usage has GLOBAL buckets.' },
    CELLULAR: { description: 'Usage over mobile networks only; present only when a product used both (TMSP).' },
    SATELLITE: { description: 'Usage over satellite only; present only when a product used both (TMSP).' },
  },
});

registerEnumType(UsageType, {
  name: 'UsageType',
  description: 'What was consumed.',
  valuesConfig: {
    DATA: {
      description:
        'Data volume, in bytes, KILOBYTES or MEGABYTES as the platform counts (see `Quantity.units`). Every platform.',
    },
    SMS: { description: 'Text messages, in MESSAGES (TMSP, TMUS, JASPER, IOTA, ONE_NCE, STC, TURKCELL).' },
    VOICE: { description: 'Voice calls, in SECONDS (TMUS, JASPER, STC, TURKCELL).' },
  },
});

const FEATURE_DESCRIPTIONS: Record<FeatureValue, string> = {
  LIST_PRODUCTS: 'Listing products (`products`).',
  PRODUCT_DETAILS: 'Reading one product by id (`product`, `node`).',
  FIND_BY_BUSINESS_ID: 'Finding products by ICCID or serial number (`productsByBusinessId`).',
  SIM_CARD_DETAILS: 'SIM card details (`ProductBundle.simCard`, `simCard`).',
  TERMINAL_DETAILS: 'Satellite terminal details (`ProductBundle.terminal`, `terminal`).',
  DATA_CONNECTIVITY:
    'Network provider, radio technologies, plan and APNs (`ProductBundle.dataConnectivity`, `dataConnectivity`).',
  USAGE: 'Consumed usage (`ProductBundle.usage`, `usage`).',
  SIM_STATUS_CHANGE: "Changing a SIM card's status (`updateSimCardStatus`, `batchUpdate` with a status).",
  TERMINAL_STATUS_CHANGE:
    "Changing a satellite terminal's status (`updateTerminalStatus`, `batchUpdate` with a status).",
  CHARACTERISTICS_UPDATE: 'Changing product offering, related party or SIM profile (`updateProductCharacteristics`).',
  CUSTOM_PROPERTIES: 'Custom properties, stored by the gateway (`addCustomProperties` and the others).',
  BATCH_UPDATE: 'One change for many products (`batchUpdate`).',
  MONITOR: 'The platform carries out changes asynchronously and the gateway tracks them with monitors.',
  CANCEL_MONITOR: 'Cancelling an operation before the platform processes it (`cancelMonitor`).',
};
registerEnumType(Feature, {
  name: 'Feature',
  description:
    'An operation the gateway may offer for a platform (see `Backend.features`). Asking for one a platform lacks fails with NOT_SUPPORTED before any platform call.',
  valuesConfig: Object.fromEntries(
    FEATURES.map((f) => [
      f,
      { description: `${FEATURE_DESCRIPTIONS[f]} Offered on: ${platformsWhere((c) => supports(c, f))}.` },
    ]),
  ),
});
