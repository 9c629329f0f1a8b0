/**
 * The devices (SIMs) of one Control Center tenant, generated from (seed, platform code, account, index): nothing
 * is stored until a device is edited (core/fleet holds the edits; account.ts owns one Fleet per account). ICCIDs
 * carry the account number and index (core/identifiers), so a lookup by ICCID parses the index back.
 */
import { eidFor, iccidFor, imeiFor, imsiFor, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { rng, type Random } from '../../core/random.js';
import type { AccountSpec } from '../../core/simulator.js';
import { DAY_MS } from './dates.js';
import type { OperatorProfile } from './profiles.js';
import { CONSUMING_STATUSES, EVER_ACTIVATED_STATUSES, STATUS_WEIGHTS, type DeviceStatus } from './statuses.js';

export const CUSTOM_FIELD_NAMES = [
  ...Array.from({ length: 10 }, (_, i) => `accountCustom${i + 1}` as const),
  ...Array.from({ length: 5 }, (_, i) => `operatorCustom${i + 1}` as const),
  ...Array.from({ length: 5 }, (_, i) => `customerCustom${i + 1}` as const),
];
export type CustomFields = Readonly<Record<string, string>>;

export const OVERAGE_OVERRIDES = ['DEFAULT', 'TEMPORARY_OVERRIDE', 'PERMANENT_OVERRIDE'] as const;
export type OverageOverride = (typeof OVERAGE_OVERRIDES)[number];

/** Per-device consumption rates: usage is rate × seconds spent in a consuming status this cycle. */
export interface UsageRates {
  bytesPerSecond: number;
  smsPerDay: number;
  voiceSecondsPerDay: number;
  sessionsPerDay: number;
}

/**
 * Consumption bookkeeping after a status change: `consumedSeconds` were spent consuming in the billing cycle that
 * starts at `cycle`, and consumption has been running since `since` (null: not consuming now).
 */
export interface UsageClock {
  cycle: number;
  consumedSeconds: number;
  since: number | null;
  /** When consumption last stopped (the end of the last data session), null while consuming. */
  stoppedAt: number | null;
}

/** Fields an edit can change, applied together (immediately or at their effectiveDate). */
export interface DeviceEdit {
  status?: DeviceStatus;
  ratePlan?: string;
  communicationPlan?: string;
  customer?: string;
  deviceID?: string;
  modemID?: string;
  overageLimitOverride?: OverageOverride;
  fixedIPAddress?: string;
  fixedIpv6Address?: string;
  custom?: CustomFields;
}

export interface ScheduledEdit {
  /** Epoch ms at which the edit takes effect. */
  at: number;
  edit: DeviceEdit;
}

export interface Device {
  index: number;
  iccid: string;
  imsi: string;
  msisdn: string;
  imei: string;
  status: DeviceStatus;
  ratePlan: string;
  communicationPlan: string;
  customer: string | null;
  endConsumerId: string | null;
  deviceID: string | null;
  modemID: string;
  dateAdded: number;
  dateShipped: number | null;
  dateActivated: number | null;
  dateUpdated: number;
  fixedIPAddress: string | null;
  fixedIpv6Address: string | null;
  overageLimitOverride: OverageOverride;
  custom: CustomFields;
  simNotes: string | null;
  globalSimType: string;
  eid: string | null;
  simProfileId: string;
  rates: UsageRates;
  /** null until the first status change: consumption then follows the generated status. */
  usage: UsageClock | null;
  /** A future-dated edit waiting for its effectiveDate (one at a time). */
  scheduled: ScheduledEdit | null;
}

/**
 * Generated history lies in a fixed window so that the same seed yields the same devices whatever the clock says;
 * every generated dateUpdated is before GENERATED_UNTIL, so a `modifiedSince` after it lists edited devices only.
 */
export const GENERATED_FROM = Date.UTC(2021, 0, 1);
export const GENERATED_UNTIL = Date.UTC(2025, 0, 1);
/**
 * Generated modification dates lie in [MODIFIED_FROM, GENERATED_UNTIL), after every other generated date (added,
 * shipped, activated all end before September 2023). They grow with the device index: the window is cut into one
 * slot per generated device and each device's date falls at a random point of its own slot. So the generated fleet's
 * order by modification date is its index order, and Search Devices can find the devices modified in any window by
 * binary search instead of sorting a million dates (listing.ts).
 */
export const MODIFIED_FROM = Date.UTC(2023, 8, 1);

/** The generated dateUpdated of device `index` of an account of `size` generated devices (non-decreasing in index). */
export function generatedDateUpdated(
  seed: string,
  profile: OperatorProfile,
  account: number,
  size: number,
  index: number,
): number {
  const slot = (GENERATED_UNTIL - MODIFIED_FROM) / Math.max(1, size);
  const jitter = rng(seed, profile.code, account, index, 'modified').float();
  return Math.min(GENERATED_UNTIL - 1, MODIFIED_FROM + Math.floor((index + jitter) * slot));
}

/** A fixed (static) IPv4 address from the operator's private range (not guaranteed unique in large fleets). */
function fixedIpv4(profile: OperatorProfile, account: number, index: number): string {
  return `10.${profile.ipv4Net}.${(account * 16 + Math.floor(index / 256)) % 256}.${index % 256}`;
}

function customFields(random: Random, profile: OperatorProfile, index: number): CustomFields {
  const fields: Record<string, string> = Object.fromEntries(CUSTOM_FIELD_NAMES.map((name) => [name, '']));
  // Enterprises typically keep an asset tag and a site in the first two account fields.
  fields.accountCustom1 = `ASSET-${String(index).padStart(7, '0')}`;
  fields.accountCustom2 = random.pick(['North', 'South', 'East', 'West', '']);
  if (random.float() < 0.3) fields.operatorCustom1 = profile.code === 'TMUS' ? 'B2B-IOT' : 'ETS-M2M';
  return fields;
}

function usageRates(random: Random): UsageRates {
  // Log-uniform from 100 KB to 20 MB a day: meters, trackers and a few chatty gateways.
  const low = 100 * 1024;
  const bytesPerDay = Math.round(low * Math.exp(random.float() * Math.log((20 * 1024 * 1024) / low)));
  return {
    bytesPerSecond: bytesPerDay / 86_400,
    smsPerDay: random.float() < 0.6 ? random.int(0, 3) : random.int(4, 40),
    voiceSecondsPerDay: random.float() < 0.8 ? 0 : random.int(30, 900),
    sessionsPerDay: random.int(1, 48),
  };
}

function deviceRandom(seed: string, profile: OperatorProfile, account: number, index: number): Random {
  return rng(seed, profile.code, account, index);
}

/**
 * The status device `index` was generated with, without building the device (a status-filtered search over a
 * large fleet probes this first: about ten times cheaper than generateDevice).
 */
export function generatedStatus(seed: string, profile: OperatorProfile, account: number, index: number): DeviceStatus {
  return deviceRandom(seed, profile, account, index).weighted(STATUS_WEIGHTS);
}

/** Builds device `index` of an account from the seed alone. */
export function generateDevice(seed: string, profile: OperatorProfile, account: AccountSpec, index: number): Device {
  const random = deviceRandom(seed, profile, account.number, index);
  const plan: IccidPlan = { prefix: profile.iccidPrefix, account: account.number };
  const status = random.weighted(STATUS_WEIGHTS); // first draw: generatedStatus() relies on it
  const ratePlan = random.weighted(profile.ratePlans.map((p) => [p.name, p.weight] as const));
  const communicationPlan = random.weighted(profile.communicationPlans.map((p) => [p.name, p.weight] as const));

  const span = GENERATED_UNTIL - GENERATED_FROM;
  const dateAdded = GENERATED_FROM + Math.floor(random.float() * span * 0.6);
  const preActive = status === 'INVENTORY';
  const dateShipped = preActive ? null : dateAdded + random.int(1, 30) * DAY_MS + random.int(0, DAY_MS - 1);
  const dateActivated =
    EVER_ACTIVATED_STATUSES.has(status) && dateShipped !== null
      ? dateShipped + random.int(1, 60) * DAY_MS + random.int(0, DAY_MS - 1)
      : null;
  random.float(); // was the modification date's draw: kept so the fields drawn after it stay as they were
  const dateUpdated = generatedDateUpdated(seed, profile, account.number, account.size, index);
  const attached = dateActivated !== null || status === 'TEST_READY';
  const fixedIp = random.float() < 0.2;

  return {
    index,
    iccid: iccidFor(plan, index),
    imsi: imsiFor(profile.mccMnc, account.number, index),
    msisdn: msisdnFor(profile.countryCode, account.number, index),
    imei: attached ? imeiFor(random) : '',
    status,
    ratePlan,
    communicationPlan,
    customer: random.float() < 0.5 ? random.pick(profile.customers) : null,
    endConsumerId: null,
    deviceID: attached && random.float() < 0.7 ? `DEV-${account.number}-${index}` : null,
    modemID: String(random.int(1000, 9999)),
    dateAdded,
    dateShipped,
    dateActivated,
    dateUpdated,
    fixedIPAddress: fixedIp ? fixedIpv4(profile, account.number, index) : null,
    fixedIpv6Address: null,
    overageLimitOverride: 'DEFAULT',
    custom: customFields(random, profile, index),
    simNotes: random.float() < 0.1 ? 'Replacement shipped to site' : null,
    globalSimType: '',
    eid: random.float() < 0.25 ? eidFor(random) : null,
    simProfileId: random.pick(['SP-4FF-IND', 'SP-MFF2-IND', 'SP-2FF-COM']),
    rates: usageRates(random),
    usage: null,
    scheduled: null,
  };
}

/** The dynamic address a device gets when its communication plan has no fixed IP. */
export function dynamicIpv4(profile: OperatorProfile, account: number, index: number): string {
  return `100.${64 + (profile.ipv4Net % 64)}.${(account * 37 + Math.floor(index / 256)) % 256}.${index % 256}`;
}

/** Whether the device consumes in the status it is in now. */
export function isConsuming(device: Device): boolean {
  return CONSUMING_STATUSES.has(device.status);
}
