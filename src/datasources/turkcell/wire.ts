/**
 * Turkcell M2M answers (designed, docs/sandbox/turkcell.md): only the fields the adapter reads. IMEI, APN, RAT and
 * activation date are optional.
 */
import { z } from 'zod';

export const Line = z.object({
  iccid: z.string(),
  msisdn: z.string(),
  imsi: z.string(),
  contractStatus: z.string(),
  barring: z.record(z.string(), z.string()),
  tariff: z.string(),
  imei: z.string().nullish(),
  apn: z.string().nullish(),
  rat: z.string().nullish(),
  activationDate: z.string().nullish(),
});
export type Line = z.output<typeof Line>;

export const LinePage = z.object({ totalCount: z.number(), lines: z.array(Line) });
export const Lines = z.object({ lines: z.array(Line) });
export const Usage = z.object({
  usage: z.object({
    period: z.string().regex(/^\d{6}$/, 'expected YYYYMM'),
    dataKB: z.number(),
    smsCount: z.number(),
    voiceSec: z.number(),
  }),
});
