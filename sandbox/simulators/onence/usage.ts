/**
 * Consumption of a 1NCE SIM, as a pure function of the SIM and the clock: a SIM uses its own steady rate (MB and
 * SMS per day) while it is enabled, so usage grows with time, stops when the SIM is disabled and resumes when it is
 * enabled again. The enabled periods of the current month are derived from the status (enabled since the month
 * began) until a status change records them; earlier months count full days between activation and expiry.
 * Quotas are the 1NCE lifetime volumes minus what was used before this month and during it.
 */
import type { Interval, OneNceSim } from './fleet.js';
import { DATA_VOLUME_MB, SMS_VOLUME, THRESHOLD_PERCENTAGE, type SimStatus } from './statuses.js';

export const DAY_MS = 86_400_000;

export const monthStart = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

export const isExpired = (sim: OneNceSim, now: number) => sim.expiresAt <= now;

/** The SIM's enabled periods within the current month, up to now. */
export function activityOf(sim: OneNceSim, now: number): Interval[] {
  const start = monthStart(now);
  const raw = sim.activity ?? (sim.status === 'Enabled' ? [[start, null] as const] : []);
  return raw
    .map(([from, to]): Interval => [Math.max(from, start), to === null ? null : Math.min(to, now)])
    .filter(([from, to]) => from < (to ?? now));
}

/** Enabled milliseconds within [from, to). */
function activeMs(sim: OneNceSim, from: number, to: number, now: number): number {
  if (to <= monthStart(now)) {
    // Before this month: enabled throughout its lifetime.
    return Math.max(0, Math.min(to, sim.expiresAt) - Math.max(from, sim.activatedAt));
  }
  let ms = 0;
  for (const [a, b] of activityOf(sim, now)) ms += Math.max(0, Math.min(to, b ?? now) - Math.max(from, a));
  return ms;
}

/** The patch recording a status change at `now`: the running period closes, or a new one opens. */
export function statusPatch(sim: OneNceSim, status: SimStatus, now: number): Partial<OneNceSim> {
  if (status === sim.status) return {};
  const periods = activityOf(sim, now);
  const activity: Interval[] =
    status === 'Enabled' ? [...periods, [now, null]] : periods.map(([a, b]): Interval => [a, b ?? now]);
  return { status, activity, statusChangedAt: now };
}

export interface DayUsage {
  day: number;
  dataMB: number;
  /** Mobile-originated (sent by the device) and mobile-terminated SMS. */
  smsMo: number;
  smsMt: number;
}

/** Traffic of one UTC day (up to now for today). */
export function dayUsage(sim: OneNceSim, day: number, now: number): DayUsage {
  const fraction = activeMs(sim, day, Math.min(day + DAY_MS, now), now) / DAY_MS;
  const sms = Math.floor(sim.smsPerDay * fraction);
  return { day, dataMB: sim.dataRateMB * fraction, smsMo: Math.ceil(sms / 2), smsMt: Math.floor(sms / 2) };
}

/** Days [from, to] (UTC midnights) that carried traffic; never beyond now. */
export function dailyUsage(sim: OneNceSim, from: number, to: number, now: number): DayUsage[] {
  const days: DayUsage[] = [];
  for (let day = from; day <= to && day < now; day += DAY_MS) {
    const usage = dayUsage(sim, day, now);
    if (usage.dataMB > 0 || usage.smsMo + usage.smsMt > 0) days.push(usage);
  }
  return days;
}

export interface QuotaState {
  total: number;
  used: number;
  remaining: number;
  /** When less than the threshold (20 %) was left, and when nothing was; undefined when not (yet) so. */
  thresholdReachedAt?: number;
  exceededAt?: number;
}

/** When `prior` + this month's use reached `level`, walking the month's enabled periods at `perMs`. */
function reachedAt(sim: OneNceSim, prior: number, level: number, perMs: number, now: number): number | undefined {
  if (prior >= level) return Math.max(sim.activatedAt, monthStart(now) - (1 + (sim.index % 90)) * DAY_MS);
  let need = level - prior;
  if (perMs <= 0) return undefined;
  for (const [a, b] of activityOf(sim, now)) {
    const span = (b ?? now) - a;
    if (span * perMs >= need) return Math.round(a + need / perMs);
    need -= span * perMs;
  }
  return undefined;
}

function quota(sim: OneNceSim, total: number, prior: number, month: number, perDay: number, now: number): QuotaState {
  const used = prior + month;
  const perMs = perDay / DAY_MS;
  return {
    total,
    used,
    remaining: Math.max(0, total - used),
    thresholdReachedAt: reachedAt(sim, prior, total * (1 - THRESHOLD_PERCENTAGE / 100), perMs, now),
    exceededAt: reachedAt(sim, prior, total, perMs, now),
  };
}

export function dataQuota(sim: OneNceSim, now: number): QuotaState {
  const month = (sim.dataRateMB * activeMs(sim, monthStart(now), now, now)) / DAY_MS;
  return quota(sim, DATA_VOLUME_MB, sim.priorDataMB, month, sim.dataRateMB, now);
}

export function smsQuota(sim: OneNceSim, now: number): QuotaState {
  const month = dailyUsage(sim, monthStart(now), now, now).reduce((sum, d) => sum + d.smsMo + d.smsMt, 0);
  return quota(sim, SMS_VOLUME, sim.priorSms, month, sim.smsPerDay, now);
}
