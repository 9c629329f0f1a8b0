/**
 * 1NCE Management API v1 answers (the official OpenAPI in shared/specs, which marks no field required): only the
 * fields the adapter reads. A SIM is its `iccid_with_luhn` and its status; IMSI, MSISDN, IMEI, label, IP address and
 * activation date may be absent, and so may every part of a connectivity status.
 */
import { z } from 'zod';

export const Sim = z.object({
  iccid_with_luhn: z.string(),
  status: z.string(),
  imsi: z.string().nullish(),
  msisdn: z.string().nullish(),
  imei: z.string().nullish(),
  activation_date: z.string().nullish(),
  ip_address: z.string().nullish(),
  label: z.string().nullish(),
});
export type Sim = z.output<typeof Sim>;

export const Sims = z.array(Sim);

export const Connectivity = z.object({
  status: z.string().nullish(),
  pdp_context: z.object({ rat_type: z.object({ description: z.string().nullish() }).nullish() }).nullish(),
});

/** Volumes are strings in 1NCE's answers ("1.234"), numbers in some clients' fixtures: both are read. */
const volume = z
  .union([z.string(), z.number()])
  .transform(Number)
  .pipe(z.number({ error: 'expected a number' }));
export const Usage = z.object({
  stats: z.array(z.object({ data: z.object({ volume }), sms: z.object({ volume }) })),
});
