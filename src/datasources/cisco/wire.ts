/**
 * Cisco IoT Control Center REST v1 answers (developer.cisco.com pages and the community OpenAPI in shared/specs):
 * only the fields the gateway reads. ICCID and status are what a device is; the rest may be null or absent as the
 * specification marks it nullable (customer, EID, fixed IPs…; an IPv4-only session has no IPv6 address).
 */
import { z } from 'zod';

const text = z.string().nullish();
const count = z.number().nullish();

export const ListDevice = z.object({
  iccid: z.string(),
  status: z.string(),
  ratePlan: text,
  communicationPlan: text,
});
export type CiscoListDevice = z.output<typeof ListDevice>;

export const DeviceList = z.object({
  pageNumber: count,
  devices: z.array(ListDevice),
  lastPage: z.boolean(),
});

export const Device = ListDevice.extend({
  /** When the device last changed ("2016-06-29 00:21:33.339+0000"): the keyset of the listing (paging.ts). */
  dateUpdated: text,
  imsi: text,
  msisdn: text,
  imei: text,
  eid: text,
  dateActivated: text,
  simProfileId: text,
});
export type CiscoDevice = z.output<typeof Device>;

export const Usage = z.object({
  ctdDataUsage: count,
  ctdSMSUsage: count,
  ctdVoiceUsage: count,
});
export type CiscoUsage = z.output<typeof Usage>;

export const Session = z.object({
  ipAddress: text,
  ipv6Address: text,
  apn: text,
  dateSessionStarted: text,
  dateSessionEnded: text,
});
export type CiscoSession = z.output<typeof Session>;
