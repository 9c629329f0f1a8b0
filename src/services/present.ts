/**
 * From the adapters' records to the GraphQL shapes: ids built from platform code and key, the account as related
 * party. Pure functions.
 */
import { formatProductId } from '../domain/ids.js';
import type {
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  TerminalRecord,
  UsageRecord,
} from '../domain/model.js';
import type { Platform } from '../schema/enums.js';
import type { DataConnectivity, ProductBundle, SatelliteTerminal, SimCard, UsageVolume } from '../schema/product.js';
import type { PlatformAccount } from '../store/tenants.js';

/** A bundle as resolvers see it: the GraphQL fields plus what field resolvers need to fetch sub-resources. */
export type BundleView = ProductBundle & { record: ProductRecord };

/** The record's own keys that resolvers do not read from the bundle (the record stays reachable as `record`). */
type Internal = Partial<Pick<ProductRecord, 'prefetched' | 'accountId' | 'key'>>;

// Object.assign rather than `{ ...record, id, … }`: on Node 20's V8 a literal that spreads an object and then adds
// keys takes a slow path (about 7 µs here against 2), and this runs for every product of every page.
export function toBundle(record: ProductRecord, account: PlatformAccount): BundleView {
  const bundle: BundleView & Internal = Object.assign({}, record, {
    id: formatProductId(record),
    platform: record.platform as Platform,
    connectivityType: record.connectivityType as ProductBundle['connectivityType'],
    relatedParty: [{ id: account.backendAccountId, name: account.name, role: 'platformAccount' }],
    record,
  });
  bundle.prefetched = undefined;
  bundle.accountId = undefined;
  bundle.key = undefined;
  return bundle;
}

export const toSimCard = (bundleId: string, r: SimCardRecord): SimCard & { bundleId: string } =>
  Object.assign({}, r, { id: `${bundleId}-simCard`, bundleId });
export const toTerminal = (bundleId: string, r: TerminalRecord): SatelliteTerminal => ({
  ...r,
  id: `${bundleId}-terminal`,
});
export const toDataConnectivity = (bundleId: string, r: DataConnectivityRecord): DataConnectivity => ({
  ...r,
  id: `${bundleId}-dataConnectivity`,
});
export const toUsage = (bundleId: string, r: UsageRecord): UsageVolume => ({
  id: `${bundleId}-usageVolume-data`,
  buckets: r.buckets.map((b) => ({
    ...b,
    level: b.level as UsageVolume['buckets'][number]['level'],
    usageType: b.usageType as UsageVolume['buckets'][number]['usageType'],
  })),
});
