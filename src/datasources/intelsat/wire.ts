/**
 * Intelsat answers (designed from the CMO seeds, docs/sandbox/intelsat.md): only the fields the adapter reads.
 * IMO number, MMSI, position and antenna code of a terminal, and the plan allowance of its usage, are optional.
 */
import { z } from 'zod';

export const Terminal = z.object({
  terminalId: z.union([z.number(), z.string()]),
  serialNumber: z.string(),
  name: z.string(),
  model: z.string(),
  mobilityType: z.string(),
  servicePlan: z.string(),
  contract: z.object({ status: z.string(), changeActionsAllowed: z.boolean(), startDate: z.string().nullish() }),
  terminalStatus: z.string(),
  lastUpdated: z.string().nullish(),
  antennaCode: z.string().nullish(),
  position: z.object({ latitude: z.number(), longitude: z.number() }).nullish(),
  imoNumber: z.string().nullish(),
  mmsi: z.string().nullish(),
});
export type Terminal = z.output<typeof Terminal>;

export const TerminalPage = z.object({
  content: z.array(Terminal),
  page: z.object({ totalElements: z.number(), totalPages: z.number() }),
});
export const Terminals = z.object({ content: z.array(Terminal) });
export const Usage = z.object({
  billingPeriod: z.object({ start: z.string(), end: z.string() }),
  dataVolumeMB: z.number(),
  planAllowanceMB: z.number().nullish(),
});
export const OrderAccepted = z.object({ orderId: z.string() });
export const Order = z.object({ state: z.string(), failureReason: z.string().nullish() });
