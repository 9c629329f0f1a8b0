/**
 * Cycle-to-date usage and session state, computed from each device's rates and the time it spent in a consuming
 * status (ACTIVATED, TEST_READY) since the start of the billing cycle (calendar month, UTC). Nothing ticks: every
 * read derives the counters from ctx.now(), so they grow with time and reset when a new cycle starts.
 */
import { cycleStart, formatOptionalDate } from './dates.js';
import { dynamicIpv4, isConsuming, type Device, type UsageClock } from './fleet.js';
import type { OperatorProfile } from './profiles.js';
import { CONSUMING_STATUSES, type DeviceStatus } from './statuses.js';

const DAY_S = 86_400;

/** When a device that was never edited started consuming (it has been doing so ever since). */
function generatedConsumptionStart(device: Device): number {
  return device.dateActivated ?? device.dateShipped ?? device.dateAdded;
}

/** Seconds the device spent consuming in the billing cycle that contains `now`. */
export function activeSeconds(device: Device, now: number): number {
  const start = cycleStart(now);
  if (!device.usage) {
    if (!isConsuming(device)) return 0;
    return Math.max(0, now - Math.max(start, generatedConsumptionStart(device))) / 1000;
  }
  const { cycle, consumedSeconds, since } = device.usage;
  const before = cycle === start ? consumedSeconds : 0;
  const running = since === null ? 0 : Math.max(0, now - Math.max(since, start)) / 1000;
  return before + running;
}

/**
 * The usage clock after the device moves to `next` at time `at`: banks what was consumed so far this cycle, so the
 * counters stay monotonic within a cycle whatever the status changes.
 */
export function clockAfterStatusChange(device: Device, next: DeviceStatus, at: number): UsageClock {
  const consuming = CONSUMING_STATUSES.has(next);
  const wasConsuming = isConsuming(device);
  return {
    cycle: cycleStart(at),
    consumedSeconds: activeSeconds(device, at),
    since: consuming ? at : null,
    stoppedAt: consuming ? null : wasConsuming ? at : (device.usage?.stoppedAt ?? null),
  };
}

export interface CtdUsage {
  iccid: string;
  imsi: string;
  msisdn: string;
  imei: string;
  status: DeviceStatus;
  ratePlan: string;
  communicationPlan: string;
  /** Bytes, cycle to date. */
  ctdDataUsage: number;
  ctdSMSUsage: number;
  /** Seconds, cycle to date. */
  ctdVoiceUsage: number;
  ctdSessionCount: number;
  overageLimitReached: boolean;
  overageLimitOverride: string;
}

export function ctdUsage(device: Device, profile: OperatorProfile, now: number): CtdUsage {
  const seconds = activeSeconds(device, now);
  const days = seconds / DAY_S;
  const data = Math.floor(seconds * device.rates.bytesPerSecond);
  const plan = profile.ratePlans.find((p) => p.name === device.ratePlan);
  return {
    iccid: device.iccid,
    imsi: device.imsi,
    msisdn: device.msisdn,
    imei: device.imei,
    status: device.status,
    ratePlan: device.ratePlan,
    communicationPlan: device.communicationPlan,
    ctdDataUsage: data,
    ctdSMSUsage: Math.floor(days * device.rates.smsPerDay),
    ctdVoiceUsage: Math.floor(days * device.rates.voiceSecondsPerDay),
    ctdSessionCount: seconds > 0 ? Math.ceil(days * device.rates.sessionsPerDay) : 0,
    overageLimitReached:
      device.overageLimitOverride === 'DEFAULT' && plan !== undefined && data > plan.overageLimitBytes,
    overageLimitOverride: device.overageLimitOverride,
  };
}

export interface SessionInfo {
  iccid: string;
  ipAddress: string | null;
  /** Only when the session has an IPv6 address: Control Center leaves the field out of IPv4-only sessions. */
  ipv6Address?: string;
  dateSessionStarted: string | null;
  dateSessionEnded: string | null;
  apn: string | null;
}

/**
 * The current or most recent data session. A consuming device runs back-to-back sessions of 86400/sessionsPerDay
 * seconds, each connected for its first 90 %; a device that stopped consuming shows the session that ended then;
 * a device never attached has no session (null fields). `ipv6Address` is there only for a device with a fixed IPv6
 * address (set through Edit Device): Control Center omits it from IPv4-only sessions rather than sending null.
 */
export function sessionInfo(device: Device, profile: OperatorProfile, account: number, now: number): SessionInfo {
  const slot = (DAY_S * 1000) / device.rates.sessionsPerDay;
  const connected = slot * 0.9;
  const ipAddress = device.fixedIPAddress ?? dynamicIpv4(profile, account, device.index);
  const apn = profile.communicationPlans.find((p) => p.name === device.communicationPlan)?.apn ?? null;
  const none: SessionInfo = {
    iccid: device.iccid,
    ipAddress: null,
    dateSessionStarted: null,
    dateSessionEnded: null,
    apn: null,
  };
  const ipv6 = device.fixedIpv6Address ? { ipv6Address: device.fixedIpv6Address } : {};

  if (isConsuming(device)) {
    const since = device.usage?.since ?? generatedConsumptionStart(device);
    if (now < since) return none;
    const offset = (device.index * 7_919_000) % slot;
    const slotStart = Math.floor((now - offset) / slot) * slot + offset;
    const started = Math.max(since, Math.floor(slotStart));
    const ended = now < slotStart + connected ? null : Math.floor(slotStart + connected);
    return {
      ...none,
      ipAddress,
      ...ipv6,
      apn,
      dateSessionStarted: formatOptionalDate(started),
      dateSessionEnded: formatOptionalDate(ended),
    };
  }

  const stopped = device.usage ? device.usage.stoppedAt : device.dateActivated !== null ? device.dateUpdated : null;
  if (stopped === null) return none;
  const started = Math.max(device.dateActivated ?? stopped, Math.floor(stopped - connected));
  return {
    ...none,
    ipAddress,
    ...ipv6,
    apn,
    dateSessionStarted: formatOptionalDate(started),
    dateSessionEnded: formatOptionalDate(stopped),
  };
}
