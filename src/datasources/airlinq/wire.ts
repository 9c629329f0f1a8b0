/**
 * Airlinq CMP answers (public client code; the rest designed, docs/sandbox/airlinq.md): only the fields the adapter
 * reads. IMEI, activation date, APN and RAT are optional (a SIM never attached has none).
 */
import { z } from 'zod';

export const Token = z.object({ token: z.string() });

export const Device = z.object({
  iccid: z.string(),
  state: z.string(),
  imsi: z.string(),
  msisdn: z.string(),
  devicePlanId: z.union([z.number(), z.string()]),
  devicePlanName: z.string(),
  imei: z.string().nullish(),
  apn: z.string().nullish(),
  rat: z.string().nullish(),
  activationDate: z.string().nullish(),
});
export type Device = z.output<typeof Device>;

export const DeviceList = z.object({ data: z.array(Device), recordsTotal: z.number() });
export const DeviceMatches = z.object({ data: z.array(Device) });
export const DataUsage = z.object({ totalUsage: z.number() });
export const RequestAccepted = z.object({ requestId: z.string() });
export const RequestState = z.object({ status: z.string(), message: z.string().nullish() });
