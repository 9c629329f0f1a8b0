/**
 * What differs between the two Control Center tenants this simulator serves: numbering (ICCID issuer, IMSI
 * MCC/MNC, MSISDN country code), the operator's rate and communication plans, and its transition rules. The API
 * itself is identical, so everything tenant-specific lives in this one table.
 */
import { JASPER_TRANSITIONS, TMUS_TRANSITIONS, type TransitionTable } from './statuses.js';

export interface RatePlan {
  name: string;
  /** Numeric id as Control Center shows it in its rate plan list. */
  id: number;
  type: 'INDIVIDUAL' | 'POOLED' | 'TEST';
  /** Data included per billing cycle, bytes. */
  includedDataBytes: number;
  /** Cycle-to-date usage past which `overageLimitReached` turns true (DEFAULT override). */
  overageLimitBytes: number;
  /** Weight when generating the fleet. */
  weight: number;
}

export interface CommunicationPlan {
  name: string;
  apn: string;
  weight: number;
}

export interface OperatorProfile {
  /** Platform code served (ctx.code). */
  code: 'TMUS' | 'JASPER';
  operator: string;
  /** "89" + country calling code + issuer id: the first 7 ICCID digits. */
  iccidPrefix: string;
  /** MCC + MNC of the home network. */
  mccMnc: string;
  /** E.164 country calling code of MSISDNs. */
  countryCode: string;
  /** Control Center enterprise account ids are `accountIdBase + account number`. */
  accountIdBase: number;
  /** API user names are `${userPrefix}${account number}`. */
  userPrefix: string;
  /** The second octet of dynamic/fixed IPv4 addresses (keeps tenants apart in logs). */
  ipv4Net: number;
  ratePlans: readonly RatePlan[];
  communicationPlans: readonly CommunicationPlan[];
  customers: readonly string[];
  transitions: TransitionTable;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const OPERATOR_PROFILES: Readonly<Record<OperatorProfile['code'], OperatorProfile>> = {
  TMUS: {
    code: 'TMUS',
    operator: 'T-Mobile US',
    iccidPrefix: '8901260',
    mccMnc: '310260',
    countryCode: '1',
    accountIdBase: 100_020_600,
    userPrefix: 'tmus.api.user',
    ipv4Net: 26,
    ratePlans: [
      {
        name: 'TMO IoT 1MB Pooled',
        id: 2_010_011,
        type: 'POOLED',
        includedDataBytes: 1 * MB,
        overageLimitBytes: 5 * MB,
        weight: 3,
      },
      {
        name: 'TMO IoT 25MB Pooled',
        id: 2_010_025,
        type: 'POOLED',
        includedDataBytes: 25 * MB,
        overageLimitBytes: 100 * MB,
        weight: 4,
      },
      {
        name: 'TMO IoT 1GB Individual',
        id: 2_010_100,
        type: 'INDIVIDUAL',
        includedDataBytes: 1 * GB,
        overageLimitBytes: 2 * GB,
        weight: 2,
      },
      {
        name: 'TMO IoT Test Ready',
        id: 2_010_900,
        type: 'TEST',
        includedDataBytes: 2 * MB,
        overageLimitBytes: 2 * MB,
        weight: 1,
      },
    ],
    communicationPlans: [
      { name: 'TMO IoT LTE Data', apn: 'iot.tmowholesale', weight: 4 },
      { name: 'TMO IoT LTE-M Data+SMS', apn: 'iot.tmowholesale', weight: 2 },
      { name: 'TMO IoT Private APN', apn: 'corp.iot.t-mobile.com', weight: 1 },
    ],
    customers: ['Fleet Telematics', 'Smart Metering', 'Retail POS'],
    transitions: TMUS_TRANSITIONS,
  },
  JASPER: {
    code: 'JASPER',
    operator: 'Etisalat',
    iccidPrefix: '8997112',
    mccMnc: '42402',
    countryCode: '971',
    accountIdBase: 200_030_400,
    userPrefix: 'etisalat.api.user',
    ipv4Net: 97,
    ratePlans: [
      {
        name: 'ETS M2M 5MB Monthly',
        id: 3_020_005,
        type: 'INDIVIDUAL',
        includedDataBytes: 5 * MB,
        overageLimitBytes: 20 * MB,
        weight: 3,
      },
      {
        name: 'ETS M2M 50MB Pool',
        id: 3_020_050,
        type: 'POOLED',
        includedDataBytes: 50 * MB,
        overageLimitBytes: 200 * MB,
        weight: 4,
      },
      {
        name: 'ETS M2M 2GB Individual',
        id: 3_020_200,
        type: 'INDIVIDUAL',
        includedDataBytes: 2 * GB,
        overageLimitBytes: 4 * GB,
        weight: 2,
      },
      {
        name: 'ETS M2M Test',
        id: 3_020_900,
        type: 'TEST',
        includedDataBytes: 1 * MB,
        overageLimitBytes: 1 * MB,
        weight: 1,
      },
    ],
    communicationPlans: [
      { name: 'ETS M2M Data', apn: 'm2m.etisalat.ae', weight: 4 },
      { name: 'ETS M2M Data+SMS', apn: 'm2m.etisalat.ae', weight: 2 },
      { name: 'ETS M2M Private APN', apn: 'corp.m2m.etisalat.ae', weight: 1 },
    ],
    customers: ['Dubai Smart Parking', 'Abu Dhabi Utilities', 'Gulf Logistics'],
    transitions: JASPER_TRANSITIONS,
  },
};

export function profileFor(code: string): OperatorProfile {
  if (code === 'TMUS' || code === 'JASPER') return OPERATOR_PROFILES[code];
  throw new Error(`The Cisco Control Center simulator serves TMUS and JASPER, not ${code}`);
}
