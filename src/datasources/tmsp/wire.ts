/**
 * Telekom M2M Service Portal answers (the portal's published paths; bodies designed where Telekom publishes none,
 * docs/sandbox/tmsp.md): only the fields the adapter reads. IMEI, EID, activation date, related party and SIM profile
 * of a SIM, the RATs and APNs of its connectivity and the quota of its usage are optional; `_embedded` groups come
 * only when asked for with `embed`.
 */
import { z } from 'zod';

export const Connectivity = z.object({
  networkProvider: z.string(),
  communicationPlan: z.string(),
  radioAccessTechnologies: z.array(z.string()).nullish(),
  apns: z.array(z.string()).nullish(),
});
export type Connectivity = z.output<typeof Connectivity>;

export const Usage = z.object({
  billingPeriod: z.object({ start: z.string(), end: z.string() }),
  data: z.object({ cellularBytes: z.number(), satelliteBytes: z.number() }),
  sms: z.object({ count: z.number() }),
  quotaBytes: z.number().nullish(),
});
export type Usage = z.output<typeof Usage>;

export const Sim = z.object({
  iccid: z.string(),
  status: z.string(),
  imsi: z.string(),
  msisdn: z.string(),
  productOffering: z.object({ id: z.string(), name: z.string() }),
  imei: z.string().nullish(),
  eid: z.string().nullish(),
  activationDate: z.string().nullish(),
  relatedParty: z.object({ id: z.string() }).nullish(),
  simProfile: z.string().nullish(),
  _embedded: z.object({ connectivity: Connectivity.nullish(), usage: Usage.nullish() }).nullish(),
});
export type Sim = z.output<typeof Sim>;

export const SimPage = z.object({
  _embedded: z.object({ sims: z.array(Sim) }).nullish(),
  _links: z.object({ next: z.unknown().optional() }),
  page: z.object({ totalElements: z.number() }),
});
export const Selection = z.object({ _embedded: z.object({ sims: z.array(Sim) }) });

export const Request = z.object({
  requestId: z.string(),
  state: z.string(),
  results: z.array(z.object({ iccid: z.string(), state: z.string(), reason: z.string().nullish() })),
});
