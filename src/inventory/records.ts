/**
 * Between the adapters' records and the inventory's rows. Sub-products are kept as JSON: dates become ISO strings
 * on the way in and Dates again on the way out (`revive*`), so a record read from the inventory is indistinguishable
 * from one an adapter returned, plus `syncedAt` and `lastChangedAt`.
 */
import type {
  ConsumptionBucketRecord,
  ProductRecord,
  SimCardRecord,
  TerminalRecord,
  UsageRecord,
  DataConnectivityRecord,
} from '../domain/model.js';
import type { PlatformCode } from '../datasources/registry.js';
import type { ProductStatus } from '../domain/vocabulary.js';

/** A row of `inventory_products` as the reads select it. */
export interface InventoryRow {
  tenant_id: string;
  account_id: string;
  platform: PlatformCode;
  key: string;
  id: string;
  connectivity_type: 'CELLULAR' | 'SATELLITE';
  status: ProductStatus;
  platform_status: string | null;
  iccid: string | null;
  imsi: string | null;
  msisdn: string | null;
  serial_number: string | null;
  terminal_name: string | null;
  latitude: number | null;
  longitude: number | null;
  start_date: Date | string | null;
  product_offering: ProductRecord['productOffering'];
  characteristics: ProductRecord['characteristics'];
  details_pending: boolean;
  sim_card: Json | null;
  terminal: Json | null;
  data_connectivity: Json | null;
  usage: Json | null;
  usage_synced_at: Date | string | null;
  last_changed_at: Date | string;
  synced_at: Date | string;
  /** The ordering column's value as text (keyset cursors). */
  sort_value?: string;
}

type Json = Record<string, unknown>;

const date = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

export function reviveSimCard(j: Json): SimCardRecord {
  return { ...(j as unknown as SimCardRecord), activatedAt: date(j.activatedAt) };
}
export function reviveTerminal(j: Json): TerminalRecord {
  return { ...(j as unknown as TerminalRecord), lastUpdated: date(j.lastUpdated) };
}
export function reviveUsage(j: Json): UsageRecord {
  const buckets = (j.buckets as Array<Json>).map((b) => {
    const period = b.period as { start: unknown; end: unknown };
    return {
      ...(b as unknown as ConsumptionBucketRecord),
      period: { start: date(period.start)!, end: date(period.end) },
    };
  });
  return { buckets };
}

/** A product record as the inventory holds it; sub-products it holds come as `prefetched`. */
export function recordFromRow(row: InventoryRow, options: { usageMaxAgeMs: number; now: number }): ProductRecord {
  const simCard = row.sim_card ? reviveSimCard(row.sim_card) : undefined;
  // The row's status is the freshest; a stored SIM card keeps the one it was fetched with.
  if (simCard) Object.assign(simCard, { status: row.status, platformStatus: row.platform_status });
  const terminal = row.terminal ? reviveTerminal(row.terminal) : undefined;
  if (terminal) Object.assign(terminal, { status: row.status, platformStatus: row.platform_status });
  const usageFresh =
    row.usage && row.usage_synced_at && options.now - date(row.usage_synced_at)!.getTime() <= options.usageMaxAgeMs;
  const detailsKnown = row.details_pending && simCard !== undefined;
  return {
    platform: row.platform,
    key: row.key,
    accountId: row.account_id,
    connectivityType: row.connectivity_type,
    status: row.status,
    platformStatus: row.platform_status,
    startDate: date(row.start_date) ?? (detailsKnown ? simCard!.activatedAt : null),
    productOffering: row.product_offering,
    characteristics: row.characteristics ?? [],
    iccid: row.iccid,
    imsi: row.imsi ?? (detailsKnown ? simCard!.imsi : null),
    msisdn: row.msisdn ?? (detailsKnown ? simCard!.msisdn : null),
    serialNumber: row.serial_number,
    terminalName: row.terminal_name,
    latitude: row.latitude,
    longitude: row.longitude,
    detailsPending: row.details_pending && !detailsKnown,
    syncedAt: date(row.synced_at),
    lastChangedAt: date(row.last_changed_at),
    prefetched: {
      ...(simCard ? { simCard } : {}),
      ...(terminal ? { terminal } : {}),
      ...(row.data_connectivity
        ? { dataConnectivity: row.data_connectivity as unknown as DataConnectivityRecord }
        : {}),
      ...(usageFresh ? { usage: reviveUsage(row.usage!) } : {}),
    },
  };
}

/** The JSON object one product becomes in an upsert batch (read back with jsonb_to_recordset). */
export function rowInput(record: ProductRecord) {
  const pre = record.prefetched ?? {};
  return {
    key: record.key,
    connectivity_type: record.connectivityType,
    status: record.status,
    platform_status: record.platformStatus,
    iccid: record.iccid,
    imsi: record.imsi,
    msisdn: record.msisdn,
    serial_number: record.serialNumber,
    terminal_name: record.terminalName,
    latitude: record.latitude,
    longitude: record.longitude,
    start_date: record.startDate?.toISOString() ?? null,
    product_offering: record.productOffering,
    characteristics: record.characteristics,
    details_pending: record.detailsPending ?? false,
    sim_card: pre.simCard ?? null,
    terminal: pre.terminal ?? null,
    data_connectivity: pre.dataConnectivity ?? null,
    usage: pre.usage ?? null,
    changed_at: record.lastChangedAt?.toISOString() ?? null,
  };
}

export const ROW_INPUT_COLUMNS = `key text, connectivity_type text, status text, platform_status text, iccid text, imsi text, msisdn text,
  serial_number text, terminal_name text, latitude float8, longitude float8, start_date timestamptz, product_offering jsonb,
  characteristics jsonb, details_pending boolean, sim_card jsonb, terminal jsonb, data_connectivity jsonb, usage jsonb,
  changed_at timestamptz`;
