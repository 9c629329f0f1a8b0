/**
 * Response documents in Control Center's field names and order: Get Device Details and the rate plan list.
 */
import { minimalView } from '../../core/admin.js';
import { formatCiscoDate, formatOptionalDate } from './dates.js';
import type { CiscoAccount } from './account.js';
import type { Device } from './fleet.js';
import type { OperatorProfile } from './profiles.js';

export type DeviceDetails = Record<string, string | null>;

/**
 * The fields of DeviceDetails the (community) specification marks `nullable` — what minimal mode leaves out, as a
 * Control Center tenant that does not use them may.
 */
export const OPTIONAL_DEVICE_FIELDS = [
  'customer',
  'endConsumerId',
  'fixedIPAddress',
  'fixedIpv6Address',
  'simNotes',
  'deviceID',
  'eid',
] as const;
/** SessionInfo fields minimal mode leaves out: the IPv6 address (absent for IPv4-only sessions). */
export const OPTIONAL_SESSION_FIELDS = ['ipv6Address'] as const;

/** `GET /devices/{iccid}`: every field Control Center documents, dates as "2016-06-29 00:21:33.339+0000". */
export function deviceDetails(device: Device, account: CiscoAccount, minimal = false): DeviceDetails {
  return minimalView(fullDetails(device, account), OPTIONAL_DEVICE_FIELDS, minimal);
}

function fullDetails(device: Device, account: CiscoAccount): DeviceDetails {
  const custom = (prefix: string, count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, device.custom[`${prefix}${i + 1}`] ?? '']),
    );
  return {
    iccid: device.iccid,
    imsi: device.imsi,
    msisdn: device.msisdn,
    imei: device.imei,
    status: device.status,
    ratePlan: device.ratePlan,
    communicationPlan: device.communicationPlan,
    customer: device.customer,
    endConsumerId: device.endConsumerId,
    dateActivated: formatOptionalDate(device.dateActivated),
    dateAdded: formatCiscoDate(device.dateAdded),
    dateUpdated: formatCiscoDate(device.dateUpdated),
    dateShipped: formatOptionalDate(device.dateShipped),
    accountId: account.accountId,
    fixedIPAddress: device.fixedIPAddress,
    fixedIpv6Address: device.fixedIpv6Address,
    ...custom('operatorCustom', 5),
    ...custom('accountCustom', 10),
    ...custom('customerCustom', 5),
    simNotes: device.simNotes,
    deviceID: device.deviceID,
    modemID: device.modemID,
    globalSimType: device.globalSimType,
    eid: device.eid,
    simProfileId: device.simProfileId,
  };
}

/** `GET /rateplans`: the operator's plans available to the account (shape designed here, see the docs). */
export function ratePlanList(profile: OperatorProfile) {
  return {
    pageNumber: 1,
    ratePlans: profile.ratePlans.map((p) => ({
      ratePlanId: p.id,
      ratePlanName: p.name,
      type: p.type,
      includedDataUsage: p.includedDataBytes,
      overageLimit: p.overageLimitBytes,
      status: 'ACTIVE',
    })),
    lastPage: true,
  };
}
