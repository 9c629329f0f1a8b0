/**
 * STC ConnectME answers (designed, docs/sandbox/stc.md): only the fields the adapter reads. IMEI and activation
 * date of a SIM, and the RAT of its connectivity, are optional.
 */
import { z } from 'zod';

export const Token = z.object({ accessToken: z.string(), expiresIn: z.number() });

export const Sim = z.object({
  iccid: z.string(),
  status: z.string(),
  imsi: z.string(),
  msisdn: z.string(),
  ratePlan: z.string(),
  imei: z.string().nullish(),
  activatedOn: z.string().nullish(),
});
export type Sim = z.output<typeof Sim>;

export const SimPage = z.object({ total: z.number(), items: z.array(Sim) });
export const Connectivity = z.object({ network: z.string(), apn: z.string(), rat: z.string().nullish() });
export const Usage = z.object({
  billingCycle: z.object({ start: z.string(), end: z.string() }),
  dataBytes: z.number(),
  smsCount: z.number(),
  voiceSeconds: z.number(),
});
export const OrderAccepted = z.object({ orderId: z.string() });
export const Order = z.object({ status: z.string(), reason: z.string().nullish() });
