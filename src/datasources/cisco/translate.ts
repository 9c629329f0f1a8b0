/** From Control Center's answers to the gateway's model. */
import type {
  Characteristic,
  ConsumptionBucketRecord,
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  UsageRecord,
} from '../../domain/model.js';
import { monthToDate } from '../kit/index.js';
import type { StatusWords } from '../kit/statuses.js';
import type { PlatformCode } from '../platform-codes.js';
import type { CiscoDevice, CiscoListDevice, CiscoSession, CiscoUsage } from './wire.js';

/** "2016-06-29 00:21:33.339+0000" → Date. */
export function parseCiscoDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function characteristics(d: CiscoListDevice & Partial<CiscoDevice>): Characteristic[] {
  const out: Characteristic[] = [];
  if (d.ratePlan) out.push({ name: 'ratePlan', value: d.ratePlan });
  if (d.communicationPlan) out.push({ name: 'communicationPlan', value: d.communicationPlan });
  if (d.simProfileId) out.push({ name: 'simProfileId', value: d.simProfileId });
  return out;
}

/** A bundle from a search result (ICCID, status, plans) or from the full device details (`full`). */
export function toProduct(
  platform: PlatformCode,
  statuses: StatusWords,
  accountId: string,
  d: CiscoListDevice & Partial<CiscoDevice>,
  full: boolean,
): ProductRecord {
  const record: ProductRecord = {
    platform,
    key: d.iccid,
    accountId,
    connectivityType: 'CELLULAR',
    status: statuses.normalize(d.status),
    platformStatus: d.status,
    startDate: parseCiscoDate(d.dateActivated ?? null),
    productOffering: d.ratePlan ? { id: null, name: d.ratePlan } : null,
    characteristics: characteristics(d),
    iccid: d.iccid,
    imsi: d.imsi ?? null,
    msisdn: d.msisdn ?? null,
    serialNumber: null,
    terminalName: null,
    latitude: null,
    longitude: null,
    detailsPending: !full,
  };
  if (full) record.prefetched = { simCard: toSimCard(statuses, d as CiscoDevice) };
  return record;
}

export function toSimCard(statuses: StatusWords, d: CiscoDevice): SimCardRecord {
  return {
    iccid: d.iccid,
    imsi: d.imsi || null,
    msisdn: d.msisdn || null,
    imei: d.imei || null,
    eid: d.eid || null,
    status: statuses.normalize(d.status),
    platformStatus: d.status,
    activatedAt: parseCiscoDate(d.dateActivated),
    characteristics: characteristics(d),
  };
}

/** Radio technologies named in a communication plan ("TMO IoT LTE-M Data+SMS" → LTE-M). */
const RATS = ['NB-IoT', 'LTE-M', 'LTE', '5G', '3G', '2G'];

export function toDataConnectivity(
  operator: string,
  communicationPlan: string | null,
  session: CiscoSession,
): DataConnectivityRecord {
  const plan = communicationPlan ?? '';
  const rats = RATS.filter((r) => new RegExp(`(^|[^A-Za-z0-9-])${r.replace('-', '\\-')}($|[^A-Za-z0-9-])`).test(plan));
  return {
    networkProvider: operator,
    connectivityTypes: rats,
    communicationPlan: communicationPlan,
    apns: session.apn ? [session.apn] : [],
  };
}

/** Cycle-to-date counters; the billing cycle is the calendar month (UTC). */
export function toUsage(u: CiscoUsage, now = new Date()): UsageRecord {
  const period = monthToDate(now);
  const buckets: ConsumptionBucketRecord[] = [
    {
      level: 'GLOBAL',
      usageType: 'DATA',
      used: { amount: u.ctdDataUsage ?? 0, units: 'bytes' },
      limit: null,
      remaining: null,
      period,
    },
    {
      level: 'GLOBAL',
      usageType: 'SMS',
      used: { amount: u.ctdSMSUsage ?? 0, units: 'messages' },
      limit: null,
      remaining: null,
      period,
    },
    {
      level: 'GLOBAL',
      usageType: 'VOICE',
      used: { amount: u.ctdVoiceUsage ?? 0, units: 'seconds' },
      limit: null,
      remaining: null,
      period,
    },
  ];
  return { buckets };
}
