/**
 * 1NCE vocabularies, kept as data: the SIM status words the Management API knows, the connectivity, quota and
 * radio words of its status and quota calls, the transitions it accepts, and the networks the generated SIMs roam
 * on. Words and enums are the official OpenAPI documents' (shared/specs/1nce-sim-management*.openapi.json).
 */

/** `SIM_card.status` / `SimsSim.status`: the only two SIM states the API exposes or accepts. */
export const SIM_STATUSES = ['Enabled', 'Disabled'] as const;
export type SimStatus = (typeof SIM_STATUSES)[number];

export const isSimStatus = (value: unknown): value is SimStatus => SIM_STATUSES.includes(value as SimStatus);

/** How a generated fleet spreads over the statuses: mostly enabled, as a working IoT fleet is. */
export const STATUS_WEIGHTS: ReadonlyArray<readonly [SimStatus, number]> = [
  ['Enabled', 85],
  ['Disabled', 15],
];

/**
 * Status changes the API accepts. Both directions are allowed, and writing the status a SIM already has is a no-op
 * that succeeds (the PUT carries the whole configuration). What 1NCE refuses is any change to an expired SIM —
 * "The following SIMs are expired and cannot be modified via API. Only extensions are permitted" (v1: 422,
 * v2: 409 Conflict).
 */
export const TRANSITIONS: Readonly<Record<SimStatus, readonly SimStatus[]>> = {
  Enabled: ['Enabled', 'Disabled'],
  Disabled: ['Disabled', 'Enabled'],
};

/** Share of disabled SIMs whose 10-year lifetime has ended (expired SIMs are disabled by 1NCE). */
export const EXPIRED_SHARE_OF_DISABLED = 0.15;
/** 1NCE sells a SIM with its volume for 10 years. */
export const LIFETIME_YEARS = 10;

/** `Connectivity.status` (v1) — v2's `SimsConnectivityStatus.description` adds BLOCKED. */
export const CONNECTIVITY_V1 = ['ONLINE', 'ATTACHED', 'OFFLINE'] as const;
export const CONNECTIVITY_V2 = [...CONNECTIVITY_V1, 'BLOCKED'] as const;
export type ConnectivityV1 = (typeof CONNECTIVITY_V1)[number];
export type ConnectivityV2 = (typeof CONNECTIVITY_V2)[number];

/** How enabled SIMs spread over connectivity states (disabled ones are OFFLINE in v1, BLOCKED in v2). */
export const CONNECTIVITY_WEIGHTS: ReadonlyArray<readonly [ConnectivityV1, number]> = [
  ['ONLINE', 60],
  ['ATTACHED', 25],
  ['OFFLINE', 15],
];

/** `Quota_Status` of the SIM record (v1 and v2 SIM): 0 more than 20 % left, 1 less than 20 %, 2 nothing left. */
export const SIM_QUOTA_STATUS = [
  { id: 0, description: 'More than 20% of the quota available' },
  { id: 1, description: 'Less than 20% of the quota available' },
  { id: 2, description: 'No quota available' },
] as const;

/** v2 `SimsQuotaStatus`: "0 - EXHAUSTED, 1 - ACTIVE, 2 - EXPIRED". */
export const QUOTA_STATUS_V2 = [
  { id: 0, description: 'EXHAUSTED' },
  { id: 1, description: 'ACTIVE' },
  { id: 2, description: 'EXPIRED' },
] as const;

/** Per-SIM volumes of the 1NCE IoT Flat Rate: 500 MB and 250 SMS for the lifetime; alert below 20 %. */
export const DATA_VOLUME_MB = 500;
export const SMS_VOLUME = 250;
export const THRESHOLD_PERCENTAGE = 20;
export const PEAK_THROUGHPUT = 1_000_000;

/** `rat_type.description` (v1 enum) with the 3GPP RAT-Type code used as `rat_type_id`. */
export const RAT_TYPES = [
  { description: '2G', id: '2', weight: 10 },
  { description: '3G', id: '1', weight: 5 },
  { description: '4G', id: '6', weight: 50 },
  { description: '5G', id: '10', weight: 5 },
  { description: 'NB-IoT', id: '8', weight: 30 },
] as const;
export type RatType = (typeof RAT_TYPES)[number];

/** The APN every 1NCE SIM uses. */
export const APN = 'iot.1nce.net';

export interface Network {
  operatorId: number;
  name: string;
  mcc: string;
  mnc: string;
  country: { id: number; name: string; isoCode: string; countryCode: string; latitude: string; longitude: string };
  sgsn: string;
  vlr: string;
}

/** Visited networks of the generated SIMs (1NCE roams on partner networks worldwide). */
export const NETWORKS: readonly Network[] = [
  {
    operatorId: 2,
    name: 'Telekom Deutschland GmbH',
    mcc: '262',
    mnc: '01',
    country: { id: 74, name: 'Germany', isoCode: 'de', countryCode: '49', latitude: '51', longitude: '9' },
    sgsn: '491600300000',
    vlr: '491710000000',
  },
  {
    operatorId: 3,
    name: 'Vodafone GmbH',
    mcc: '262',
    mnc: '02',
    country: { id: 74, name: 'Germany', isoCode: 'de', countryCode: '49', latitude: '51', longitude: '9' },
    sgsn: '491720300000',
    vlr: '491720000000',
  },
  {
    operatorId: 826,
    name: 'T-Mobile USA',
    mcc: '310',
    mnc: '260',
    country: { id: 219, name: 'United States', isoCode: 'us', countryCode: '1', latitude: '38', longitude: '-97' },
    sgsn: '15622751137',
    vlr: '15622751137',
  },
  {
    operatorId: 41,
    name: 'Orange France',
    mcc: '208',
    mnc: '01',
    country: { id: 68, name: 'France', isoCode: 'fr', countryCode: '33', latitude: '46', longitude: '2' },
    sgsn: '33689004000',
    vlr: '33689004001',
  },
  {
    operatorId: 57,
    name: 'Vodafone Espana',
    mcc: '214',
    mnc: '01',
    country: { id: 195, name: 'Spain', isoCode: 'es', countryCode: '34', latitude: '40', longitude: '-4' },
    sgsn: '34607000000',
    vlr: '34607000001',
  },
];
