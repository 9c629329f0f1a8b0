/**
 * Edit Device Details (`PUT /devices/{iccid}`): validation of the body, the operator's transition rules, and
 * applying the edit — now, or at its future `effectiveDate` (kept on the device and applied the first time the
 * device is read at or after that date, so no timer is involved and the result depends only on ctx.now()).
 */
import { DAY_MS, parseIsoDateTime } from './dates.js';
import type { CiscoErrorName } from './errors.js';
import type { CiscoAccount } from './account.js';
import { CUSTOM_FIELD_NAMES, OVERAGE_OVERRIDES, type Device, type DeviceEdit, type OverageOverride } from './fleet.js';
import type { OperatorProfile } from './profiles.js';
import { isDeviceStatus, transitionAllowed, type DeviceStatus } from './statuses.js';
import { clockAfterStatusChange } from './usage.js';

/** Control Center accepts an effectiveDate at most this far ahead. */
export const MAX_EFFECTIVE_AHEAD_MS = 180 * DAY_MS;
const MAX_FIELD_LENGTH = 255;

const SIMPLE_FIELDS = ['customer', 'deviceID', 'modemID'] as const;
const EDITABLE_FIELDS: ReadonlySet<string> = new Set([
  'effectiveDate',
  'status',
  'ratePlan',
  'communicationPlan',
  'overageLimitOverride',
  'ipv4Address',
  'ipv6Address',
  ...SIMPLE_FIELDS,
  ...CUSTOM_FIELD_NAMES,
]);

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}$/;

export type Failure = { error: CiscoErrorName; message?: string };
export type ParsedEdit = { edit: DeviceEdit; effectiveAt: number | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a request body against Control Center's rules; `effectiveAt` is null for an immediate edit. */
export function parseEdit(body: unknown, profile: OperatorProfile, now: number): ParsedEdit | Failure {
  if (!isRecord(body)) return { error: 'INVALID_REQUEST', message: 'At least one parameter is required.' };
  const unknown = Object.keys(body).filter((k) => !EDITABLE_FIELDS.has(k));
  if (unknown.length > 0)
    return { error: 'INVALID_REQUEST', message: `Invalid request. Unrecognized parameters: ${unknown.join(', ')}.` };
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string')
      return { error: 'INVALID_FIELD_VALUE', message: `Invalid ${key}. A string is expected.` };
    if (value.length > MAX_FIELD_LENGTH)
      return { error: 'INVALID_FIELD_VALUE', message: `Invalid ${key}. At most ${MAX_FIELD_LENGTH} characters.` };
  }
  const values = body as Record<string, string>;
  if (Object.keys(values).every((k) => k === 'effectiveDate')) {
    return { error: 'INVALID_REQUEST', message: 'At least one parameter is required.' };
  }

  const edit: DeviceEdit = {};
  if (values.status !== undefined) {
    if (!isDeviceStatus(values.status))
      return { error: 'INVALID_STATUS', message: `Invalid status: ${values.status}.` };
    edit.status = values.status;
  }
  if (values.ratePlan !== undefined) {
    if (!profile.ratePlans.some((p) => p.name === values.ratePlan))
      return { error: 'INVALID_RATE_PLAN', message: `Invalid ratePlan: ${values.ratePlan}.` };
    edit.ratePlan = values.ratePlan;
  }
  if (values.communicationPlan !== undefined) {
    if (!profile.communicationPlans.some((p) => p.name === values.communicationPlan)) {
      return {
        error: 'INVALID_COMMUNICATION_PLAN',
        message: `Invalid communicationPlan: ${values.communicationPlan}.`,
      };
    }
    edit.communicationPlan = values.communicationPlan;
  }
  if (values.overageLimitOverride !== undefined) {
    if (!(OVERAGE_OVERRIDES as readonly string[]).includes(values.overageLimitOverride)) {
      return {
        error: 'INVALID_FIELD_VALUE',
        message: `Invalid overageLimitOverride. Use one of ${OVERAGE_OVERRIDES.join(', ')}.`,
      };
    }
    edit.overageLimitOverride = values.overageLimitOverride as OverageOverride;
  }
  if (values.ipv4Address !== undefined) {
    if (values.ipv4Address !== '' && !IPV4.test(values.ipv4Address))
      return { error: 'INVALID_FIELD_VALUE', message: 'Invalid ipv4Address.' };
    edit.fixedIPAddress = values.ipv4Address;
  }
  if (values.ipv6Address !== undefined) {
    if (values.ipv6Address !== '' && !IPV6.test(values.ipv6Address))
      return { error: 'INVALID_FIELD_VALUE', message: 'Invalid ipv6Address.' };
    edit.fixedIpv6Address = values.ipv6Address;
  }
  for (const key of SIMPLE_FIELDS) if (values[key] !== undefined) edit[key] = values[key];
  const custom = Object.fromEntries(
    CUSTOM_FIELD_NAMES.filter((k) => values[k] !== undefined).map((k) => [k, values[k]!]),
  );
  if (Object.keys(custom).length > 0) edit.custom = custom;

  let effectiveAt: number | null = null;
  if (values.effectiveDate !== undefined) {
    const at = parseIsoDateTime(values.effectiveDate);
    if (at === undefined || at > now + MAX_EFFECTIVE_AHEAD_MS) return { error: 'INVALID_EFFECTIVE_DATE' };
    effectiveAt = at > now ? at : null;
  }
  return { edit, effectiveAt };
}

/** The refusal Control Center gives for a status change the operator does not allow, or null when allowed. */
export function refusedTransition(
  profile: OperatorProfile,
  from: DeviceStatus,
  to: DeviceStatus | undefined,
): Failure | null {
  if (to === undefined || transitionAllowed(profile.transitions, from, to)) return null;
  return {
    error: 'STATUS_CHANGE_NOT_ALLOWED',
    message: `Status change from ${from} to ${to} is not allowed for this device.`,
  };
}

/** Applies an edit at time `at` (the request time, or the effective date of a scheduled edit). */
export function applyEdit(account: CiscoAccount, device: Device, edit: DeviceEdit, at: number): Device {
  const patch: Partial<Device> = { dateUpdated: at };
  if (edit.status !== undefined && edit.status !== device.status) {
    patch.status = edit.status;
    patch.usage = clockAfterStatusChange(device, edit.status, at);
    if (edit.status === 'ACTIVATED' && device.dateActivated === null) patch.dateActivated = at;
    if (device.dateShipped === null) patch.dateShipped = at;
  }
  if (edit.ratePlan !== undefined) patch.ratePlan = edit.ratePlan;
  if (edit.communicationPlan !== undefined) patch.communicationPlan = edit.communicationPlan;
  if (edit.overageLimitOverride !== undefined) patch.overageLimitOverride = edit.overageLimitOverride;
  if (edit.fixedIPAddress !== undefined) patch.fixedIPAddress = edit.fixedIPAddress || null;
  if (edit.fixedIpv6Address !== undefined) patch.fixedIpv6Address = edit.fixedIpv6Address || null;
  if (edit.customer !== undefined) patch.customer = edit.customer || null;
  if (edit.deviceID !== undefined) patch.deviceID = edit.deviceID || null;
  if (edit.modemID !== undefined) patch.modemID = edit.modemID;
  if (edit.custom !== undefined) patch.custom = { ...device.custom, ...edit.custom };
  account.markEdited(device.index, at);
  return account.fleet.update(device.index, patch);
}

/** Keeps a future-dated edit on the device (a newer one replaces it, as only the latest request counts here). */
export function scheduleEdit(account: CiscoAccount, device: Device, edit: DeviceEdit, at: number): void {
  account.fleet.update(device.index, { scheduled: { at, edit } });
  account.markEdited(device.index, device.dateUpdated);
  account.schedule(device.index);
}

/**
 * Device `index` as it is at `now`: a scheduled edit that has become due is applied first (its status part is
 * dropped if the operator's rules no longer allow it from the status the device has by then).
 */
export function currentDevice(account: CiscoAccount, index: number, now: number): Device | undefined {
  const device = account.fleet.get(index);
  if (!device?.scheduled || device.scheduled.at > now) return device;
  const { at, edit } = device.scheduled;
  const cleared = account.fleet.update(index, { scheduled: null });
  account.unschedule(index);
  const allowed = refusedTransition(account.profile, cleared.status, edit.status) === null;
  return applyEdit(account, cleared, allowed ? edit : { ...edit, status: undefined }, at);
}
