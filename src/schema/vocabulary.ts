/**
 * GraphQL enums for the closed vocabularies of src/domain/vocabulary.ts: `MonitorOperation` (Monitor.operation),
 * `MobilityType` (SatelliteTerminal.mobilityType) and `UsageUnit` (Quantity.units). Each is built from its domain
 * list, and each value's description is a Record over that list, so a new word cannot be added without a GraphQL
 * value and its documentation.
 */
import { registerEnumType } from 'type-graphql';
import {
  MOBILITY_TYPES,
  MONITOR_OPERATIONS,
  type MobilityType as MobilityValue,
  type MonitorOperation as OperationValue,
  type UsageUnit as UnitValue,
} from '../domain/vocabulary.js';

export const MonitorOperation = Object.fromEntries(MONITOR_OPERATIONS.map((o) => [o, o])) as {
  [K in OperationValue]: K;
};
export const MobilityType = Object.fromEntries(MOBILITY_TYPES.map((m) => [m, m])) as { [K in MobilityValue]: K };

/** GraphQL name → the unit as the adapters spell it (GraphQL enum names are upper case; the model keeps the adapters' words). */
export const UsageUnit = {
  BYTES: 'bytes',
  KILOBYTES: 'KB',
  MEGABYTES: 'MB',
  MESSAGES: 'messages',
  SECONDS: 'seconds',
} as const satisfies Record<string, UnitValue>;
// Every unit of the model has a GraphQL name: this fails to compile, naming the unit, when one is missing.
type UnnamedUnit = Exclude<UnitValue, (typeof UsageUnit)[keyof typeof UsageUnit]>;
export const EVERY_UNIT_NAMED: [UnnamedUnit] extends [never] ? true : UnnamedUnit = true;

const OPERATION_DESCRIPTIONS: Record<OperationValue, string> = {
  SIM_STATUS_CHANGE:
    'An `updateSimCardStatus` the platform carries out asynchronously (TMSP, AIRLINQ, STC; IOTA when its request takes longer than a few seconds).',
  TERMINAL_STATUS_CHANGE: 'An `updateTerminalStatus` (INTELSAT service orders).',
  CHARACTERISTICS_UPDATE: 'An `updateProductCharacteristics` (TMSP).',
  BATCH_UPDATE: 'A `batchUpdate`: one response per product, whatever the platforms.',
};
registerEnumType(MonitorOperation, {
  name: 'MonitorOperation',
  description: 'The mutation that created a monitor.',
  valuesConfig: Object.fromEntries(MONITOR_OPERATIONS.map((o) => [o, { description: OPERATION_DESCRIPTIONS[o] }])),
});

const MOBILITY_DESCRIPTIONS: Record<MobilityValue, string> = {
  MARITIME: 'On a vessel (INTELSAT "MARITIME", GALAXY1 "MARITIME"); `imoNumber` and `mmsi` are usually set.',
  LAND: 'At a fixed or land site (INTELSAT "LAND", GALAXY1 "FIXED").',
  AERONAUTICAL: 'On an aircraft (INTELSAT "AERONAUTICAL", GALAXY1 "AERO").',
};
registerEnumType(MobilityType, {
  name: 'MobilityType',
  description: "How a satellite terminal is installed, normalized from the platform's word.",
  valuesConfig: Object.fromEntries(MOBILITY_TYPES.map((m) => [m, { description: MOBILITY_DESCRIPTIONS[m] }])),
});

registerEnumType(UsageUnit, {
  name: 'UsageUnit',
  description:
    "The unit of a `Quantity`. Data keeps the unit the platform counts in (no conversion, so amounts match the carrier's bills): compare products of different platforms by unit.",
  valuesConfig: {
    BYTES: { description: 'Bytes of data (TMSP, TMUS, JASPER, IOTA, AIRLINQ, STC, GALAXY1).' },
    KILOBYTES: {
      description:
        'Kilobytes of data, as TURKCELL reports them (the platform does not say whether 1 KB is 1,000 or 1,024 bytes).',
    },
    MEGABYTES: { description: 'Megabytes of data, as INTELSAT and ONE_NCE report them, with decimals.' },
    MESSAGES: { description: 'A count of SMS messages.' },
    SECONDS: { description: 'Seconds of voice calls.' },
  },
});
