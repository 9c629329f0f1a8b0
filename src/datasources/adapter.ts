/**
 * The contract between the gateway and one platform account's adapter. An adapter speaks its platform's API (its
 * paths, auth, paging, words) and translates to the gateway's model; it knows nothing of GraphQL, tenants or
 * DataLoaders. One adapter instance serves one platform account for the life of the process.
 *
 * The batch methods follow DataLoader's contract: the result has the same length and order as `keys`, with `null`
 * where the platform knows no such product. Adapters use a multi-id call where the platform has one (and set
 * `maxBatch` accordingly), and one call per key otherwise.
 */
import type {
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  TerminalRecord,
  UsageRecord,
} from '../domain/model.js';
import type { Metrics } from '../observability/metrics.js';
import type { Logger } from '../logging.js';
import type { PlatformCode } from './platform-codes.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import type { PlatformAccount } from '../store/tenants.js';
import type { RateLimit } from './kit/rate-limit.js';
import type { StatusWords } from './kit/statuses.js';
import type { PlatformRow } from './platform-codes.js';

export interface ListPage {
  items: ProductRecord[];
  /** Opaque position of the next native page, or null after the last one. */
  next: string | null;
  /** Products in the account, when the platform tells. */
  total: number | null;
}

/** The bundle records this request already holds for the account (from a list or look-up), by key. */
export type KnownProducts = (key: string) => ProductRecord | undefined;

export type SubResource = 'products' | 'simCards' | 'terminals' | 'dataConnectivity' | 'usage';

/** What a platform operation became: applied now, or accepted for later (with what is needed to follow it up). */
export type ChangeOutcome =
  | { kind: 'applied'; products: Array<ProductRecord | null> }
  | { kind: 'accepted'; ref: OperationRef; cancellable: boolean };

/** A platform's handle on an accepted operation; stored with the monitor, so plain JSON only. */
export interface OperationRef {
  /** The platform's request/order id. */
  id: string;
  /** The product keys it covers. */
  keys: string[];
  [extra: string]: unknown;
}

export type ItemState = 'IN_PROGRESS' | 'DONE' | 'FAILED' | 'CANCELLED';

export interface OperationProgress {
  /** IN_PROGRESS until every item is final. */
  finished: boolean;
  items: Array<{ key: string; state: ItemState; statusCode?: number | null; message?: string | null; body?: unknown }>;
}

export interface StatusChange {
  keys: string[];
  /** The normalized status asked for. */
  target: ProductStatus;
}

export interface CharacteristicsChange {
  keys: string[];
  productOffering?: string | null;
  relatedPartyId?: string | null;
  simProfile?: string | null;
}

export interface PlatformAdapter {
  readonly platform: PlatformCode;
  readonly account: PlatformAccount;
  /** Most keys one batch call takes, per sub-resource (1 where the platform has no multi-id call). */
  readonly maxBatch: Readonly<Record<SubResource, number>>;

  /** One native page of the account's products, from `position` (null: the first page). */
  list(position: string | null): Promise<ListPage>;
  products(keys: readonly string[]): Promise<Array<ProductRecord | null>>;
  /**
   * The account's products changed at or after `since` (by the platform's own modification date), a native page at
   * a time from `position` (null: the first). Only where the platform has a change listing (Cisco `modifiedSince`,
   * Aeris's change history); the inventory's sync uses it between full listings and lists everything elsewhere.
   */
  changes?(since: Date, position: string | null): Promise<ListPage>;
  simCards?(keys: readonly string[], known: KnownProducts): Promise<Array<SimCardRecord | null>>;
  terminals?(keys: readonly string[], known: KnownProducts): Promise<Array<TerminalRecord | null>>;
  dataConnectivity?(keys: readonly string[], known: KnownProducts): Promise<Array<DataConnectivityRecord | null>>;
  usage?(keys: readonly string[], known: KnownProducts): Promise<Array<UsageRecord | null>>;

  /** SIM status change for keys of this account; one call where the platform takes many. */
  changeSimStatus?(change: StatusChange): Promise<ChangeOutcome>;
  /** Largest number of keys one changeSimStatus call takes. */
  readonly maxChangeBatch?: number;
  changeTerminalStatus?(change: StatusChange): Promise<ChangeOutcome>;
  updateCharacteristics?(change: CharacteristicsChange): Promise<ChangeOutcome>;
  pollOperation?(ref: OperationRef): Promise<OperationProgress>;
  /** Cancels an accepted operation the platform has not processed yet; false when it is too late. */
  cancelOperation?(ref: OperationRef): Promise<boolean>;
}

/** What an adapter factory receives. */
export interface AdapterDeps {
  account: PlatformAccount;
  /** The catalog row of the account's platform. */
  info: PlatformRow;
  /** The platform's status words (its module's table). */
  statuses: StatusWords;
  logger: Logger;
  metrics: Metrics;
  /** Builds a shared (cross-replica when Redis is configured) rate limit for a key. */
  rateLimit(key: string, perSecond: number): RateLimit;
  /** Per-attempt timeout for platform calls, ms. */
  timeoutMs: number;
}

export type AdapterFactory = (deps: AdapterDeps) => PlatformAdapter;
