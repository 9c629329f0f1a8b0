/**
 * The gateway's model of carrier data, what every adapter translates its platform's answers into. GraphQL types
 * (src/schema) expose these shapes; ids are added by the services from the platform code and key.
 */
import type { PlatformCode } from '../datasources/platform-codes.js';
import type { MobilityType, ProductStatus, UsageUnit } from './vocabulary.js';

export interface Characteristic {
  name: string;
  value: string | null;
}

export interface ProductOffering {
  id: string | null;
  name: string;
}

/** A SIM card's details. */
export interface SimCardRecord {
  iccid: string;
  imsi: string | null;
  msisdn: string | null;
  imei: string | null;
  eid: string | null;
  status: ProductStatus;
  platformStatus: string | null;
  activatedAt: Date | null;
  characteristics: Characteristic[];
}

/** A satellite terminal's details. */
export interface TerminalRecord {
  serialNumber: string;
  name: string | null;
  status: ProductStatus;
  platformStatus: string | null;
  latitude: number | null;
  longitude: number | null;
  model: string | null;
  mobilityType: MobilityType | null;
  antennaCode: string | null;
  lastUpdated: Date | null;
  imoNumber: string | null;
  mmsi: string | null;
}

export interface DataConnectivityRecord {
  networkProvider: string | null;
  /** Radio access technologies, e.g. LTE, NB-IoT, GPRS. */
  connectivityTypes: string[];
  communicationPlan: string | null;
  apns: string[];
}

export interface Quantity {
  amount: number;
  units: UsageUnit;
}

export interface ConsumptionBucketRecord {
  level: 'GLOBAL' | 'CELLULAR' | 'SATELLITE';
  usageType: 'DATA' | 'SMS' | 'VOICE';
  used: Quantity;
  limit: Quantity | null;
  remaining: Quantity | null;
  period: { start: Date; end: Date | null };
}

export interface UsageRecord {
  buckets: ConsumptionBucketRecord[];
}

/**
 * A product bundle as a list or detail call returns it. `prefetched` carries sub-resources the same call already
 * returned, so the per-request loaders are primed with them and do not fetch them again.
 */
export interface ProductRecord {
  platform: PlatformCode;
  /** ICCID (cellular) or terminal serial number (satellite). */
  key: string;
  /** The gateway's id of the platform account the product belongs to. */
  accountId: string;
  connectivityType: 'CELLULAR' | 'SATELLITE';
  status: ProductStatus;
  platformStatus: string | null;
  startDate: Date | null;
  productOffering: ProductOffering | null;
  characteristics: Characteristic[];
  iccid: string | null;
  imsi: string | null;
  msisdn: string | null;
  serialNumber: string | null;
  terminalName: string | null;
  latitude: number | null;
  longitude: number | null;
  /**
   * True when the record comes from a list call that carries only some fields (Cisco's search): the SIM card
   * details fill imsi, msisdn and startDate when a query selects them.
   */
  detailsPending?: boolean;
  /**
   * When the product's status or attributes last changed, where the platform tells (Cisco's dateModified); the
   * inventory fills it for every product it holds.
   */
  lastChangedAt?: Date | null;
  /** When the inventory last confirmed this record at its platform; absent for records read live. */
  syncedAt?: Date | null;
  prefetched?: {
    simCard?: SimCardRecord;
    terminal?: TerminalRecord;
    dataConnectivity?: DataConnectivityRecord;
    usage?: UsageRecord;
  };
}
