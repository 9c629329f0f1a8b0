/**
 * Viasat GALAXY1 answers (designed, docs/sandbox/galaxy1.md): only the fields the adapter reads. The vessel, the
 * commissioning date, the antenna and the last reported location of a terminal are optional.
 */
import { z } from 'zod';

export const Token = z.object({ token: z.string(), expiresAt: z.string() });

export const Terminal = z.object({
  serial: z.string(),
  name: z.string(),
  hardware: z.string(),
  mobility: z.string(),
  lifecycleState: z.string(),
  servicePlan: z.string(),
  sim: z.object({ iccid: z.string(), imsi: z.string(), msisdn: z.string(), state: z.string() }),
  antenna: z.string().nullish(),
  location: z.object({ lat: z.number(), lon: z.number(), reportedAt: z.string() }).nullish(),
  vessel: z.object({ imo: z.string(), mmsi: z.string() }).nullish(),
  commissionedAt: z.string().nullish(),
});
export type Terminal = z.output<typeof Terminal>;

export const TerminalPage = z.object({ items: z.array(Terminal), nextCursor: z.string().nullish() });
export const Terminals = z.object({ items: z.array(Terminal) });
export const Usage = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  bytes: z.number(),
  allowanceBytes: z.number().nullish(),
});
