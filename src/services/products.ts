/**
 * Reading products for one request: the merged product list across every platform account of the tenant, look-ups
 * by id and business id, and sub-resources. All backend reads go through per-request DataLoaders — one per
 * platform account and sub-resource — so a page of 100 products costs one batched call per account and
 * sub-resource where the platform has a multi-id call, and at most one call per product elsewhere. List results
 * prime the loaders: a product the list returned is not fetched again.
 */
import DataLoader from 'dataloader';
import { tracedBatch } from '../observability/tracing.js';
import { badInput, GatewayError } from '../domain/errors.js';
import {
  formatProductId,
  iccidProblem,
  keyProblem,
  parseIdOf,
  type ProductRef,
  type SubProduct,
} from '../domain/ids.js';
import type {
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  TerminalRecord,
  UsageRecord,
} from '../domain/model.js';
import type { PlatformAdapter, SubResource } from '../datasources/adapter.js';
import type { AdapterPool } from '../datasources/pool.js';
import { PLATFORMS, supports, type PlatformCode } from '../datasources/registry.js';
import type { Feature, ProductStatus } from '../domain/vocabulary.js';
import type { CustomPropertyStore } from '../store/custom-properties.js';
import type { PlatformAccount, TenantStore } from '../store/tenants.js';
import type { CursorSeal } from '../security/cursor-seal.js';
import { checkLiveLookup } from '../security/query-limits.js';
import { checkProperty } from './custom-properties.js';
import { adapterFor } from '../datasources/gateway-errors.js';
import { decodeCursor, encodeCursor, filterFingerprint, type AccountPosition } from './cursor.js';
import { decodeKeyset, encodeKeyset } from '../inventory/cursor.js';
import { recordFromRow, type InventoryRow } from '../inventory/records.js';
import {
  InventoryStore,
  type Direction,
  type InventoryQuery,
  type OrderField,
  type StatusCountRow,
  type SyncRow,
} from '../inventory/store.js';
import { toBundle, type BundleView } from './present.js';

type Records = {
  products: ProductRecord;
  simCards: SimCardRecord;
  terminals: TerminalRecord;
  dataConnectivity: DataConnectivityRecord;
  usage: UsageRecord;
};

export interface ListFilter {
  platforms?: PlatformCode[] | null;
  statuses?: ProductStatus[] | null;
  connectivityType?: 'CELLULAR' | 'SATELLITE' | null;
  /** Platform account ids (RelatedParty ids). */
  accountIds?: string[] | null;
  iccid?: string | null;
  customProperty?: { name: string; value: string } | null;
  search?: string | null;
  changedSince?: Date | null;
}

export type Consistency = 'INVENTORY' | 'LIVE';

export interface ListRequest {
  first: number;
  after: string | null;
  filter: ListFilter;
  orderBy?: { field: OrderField; direction: Direction } | null;
  consistency: Consistency;
}

/** Counts for a filter, in the shape of the contract's FleetSummary. */
export interface Summary {
  total: number;
  byStatus: Array<{ status: ProductStatus; count: number }>;
  byPlatform: Array<{
    platform: PlatformCode;
    total: number;
    byStatus: Array<{ status: ProductStatus; count: number }>;
  }>;
  oldestSyncedAt: Date | null;
}

export interface ProductPage {
  edges: Array<{ cursor: string; node: BundleView }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when a query selects totalCount. */
  countTotal: () => Promise<number | null>;
  /** Resolved only when a query selects summary. */
  summary: () => Promise<Summary>;
}

/** Reports an error beside partial data (one platform failed, the others answered). */
export type PartialErrorReporter = (error: GatewayError) => void;

export const MAX_PAGE_SIZE = 500;
const PREFETCHED = {
  simCards: 'simCard',
  terminals: 'terminal',
  dataConnectivity: 'dataConnectivity',
  usage: 'usage',
} as const;
/** Native list calls one account may make for one page when a filter hides most of its products. */
const MAX_ROUNDS = 10;

export class ProductService {
  private accountsPromise?: Promise<PlatformAccount[]>;
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  /** Which account a bundle key was found in (key → account id). */
  private readonly home = new Map<string, string>();
  private readonly listTotals = new Map<string, Promise<number | null>>();
  /** Bundle records this request holds, by account and key: adapters may use them instead of fetching again. */
  private readonly known = new Map<string, ProductRecord>();

  private syncPromise?: Promise<Map<string, SyncRow>>;
  private inventoryLoader?: DataLoader<string, InventoryRow | null>;

  constructor(
    private readonly deps: {
      tenants: TenantStore;
      pool: AdapterPool;
      customProperties: CustomPropertyStore;
      /** Seals list cursors (the deployment's key). */
      cursors: CursorSeal;
      /** Absent with INVENTORY=off: every read is live. */
      inventory?: InventoryStore;
      config?: { INVENTORY_USAGE_MAX_AGE_S: number };
    },
    private readonly tenantId: string,
    /** Where reads go when a query does not say (`consistency`); monitors and mutations read LIVE. */
    private readonly defaultConsistency: Consistency = 'INVENTORY',
  ) {}

  /** The sync state of the tenant's accounts, read once per request. */
  syncStates(): Promise<Map<string, SyncRow>> {
    this.syncPromise ??= this.deps.inventory
      ? this.deps.inventory.syncRows(this.tenantId).then((rows) => new Map(rows.map((r) => [r.account_id, r])))
      : Promise.resolve(new Map());
    return this.syncPromise;
  }

  /** True when the inventory holds a complete listing of the account (it may be stale: see its sync state). */
  private async isSynced(accountId: string): Promise<boolean> {
    return Boolean((await this.syncStates()).get(accountId)?.last_full_sync_at);
  }

  private useInventory(consistency: Consistency | null | undefined): boolean {
    return Boolean(this.deps.inventory) && (consistency ?? this.defaultConsistency) === 'INVENTORY';
  }

  accounts(): Promise<PlatformAccount[]> {
    this.accountsPromise ??= this.deps.tenants.listAccounts(this.tenantId);
    return this.accountsPromise;
  }

  async accountsOf(platform: PlatformCode): Promise<PlatformAccount[]> {
    return (await this.accounts()).filter((a) => a.platform === platform);
  }

  adapter(account: PlatformAccount): PlatformAdapter {
    return adapterFor(this.deps.pool, account);
  }

  /** Refuses an operation the platform lacks, before any backend call. */
  static requireFeature(platform: PlatformCode, feature: Feature, what: string): void {
    if (!supports(platform, feature)) {
      throw new GatewayError('NOT_SUPPORTED', `${platform} does not support ${what}`, {
        platform: PLATFORMS[platform].name,
        operation: feature,
      });
    }
  }

  private loader<S extends SubResource>(account: PlatformAccount, sub: S): DataLoader<string, Records[S] | null> {
    const id = `${account.id}|${sub}`;
    let loader = this.loaders.get(id) as DataLoader<string, Records[S] | null> | undefined;
    if (!loader) {
      const adapter = this.adapter(account);
      const fetch = adapter[sub] as
        | ((
            keys: readonly string[],
            known: (key: string) => ProductRecord | undefined,
          ) => Promise<Array<Records[S] | null>>)
        | undefined;
      if (!fetch)
        throw new GatewayError('NOT_SUPPORTED', `${account.platform} has no ${sub} look-up`, {
          platform: PLATFORMS[account.platform].name,
        });
      // tracedBatch (observability hook): each dispatch is a span.
      loader = new DataLoader<string, Records[S] | null>(
        tracedBatch(`${account.platform} ${sub}`, async (keys: readonly string[]) => {
          try {
            const results = await fetch.call(adapter, keys, (key) => this.known.get(`${account.id}|${key}`));
            if (sub === 'products') {
              for (const record of results as Array<ProductRecord | null>) if (record) this.remember(account, record);
            } else if (this.deps.inventory && (await this.isSynced(account.id))) {
              // Sub-products fetched on first read are kept, so the next reads of them call no carrier.
              const at = new Date();
              await Promise.all(
                results.map((value, i) =>
                  value
                    ? this.deps.inventory!.storeSubProduct(
                        account.id,
                        keys[i]!,
                        sub as Exclude<SubResource, 'products'>,
                        value,
                        at,
                      )
                    : undefined,
                ),
              );
            }
            return results;
          } catch (err) {
            // A failed batch must not be cached: the same request may ask again (e.g. a retry in another field).
            for (const key of keys) loader!.clear(key);
            throw err;
          }
        }),
        { maxBatchSize: Math.max(1, adapter.maxBatch[sub]), name: id },
      );
      this.loaders.set(id, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** Remembers what a list or look-up returned so no loader asks for it again. */
  private prime(account: PlatformAccount, record: ProductRecord): void {
    this.loader(account, 'products').prime(record.key, record);
    this.remember(account, record);
  }

  /** Keeps a record and primes the sub-resource loaders with what came with it. */
  private remember(account: PlatformAccount, record: ProductRecord): void {
    this.home.set(`${record.platform}|${record.key}`, account.id);
    this.known.set(`${account.id}|${record.key}`, record);
    const pre = record.prefetched;
    if (!pre) return;
    const primeIf = <S extends Exclude<SubResource, 'products'>>(sub: S, value: Records[S] | undefined) => {
      if (value && this.adapter(account)[sub]) this.loader(account, sub).prime(record.key, value);
    };
    primeIf('simCards', pre.simCard);
    primeIf('terminals', pre.terminal);
    primeIf('dataConnectivity', pre.dataConnectivity);
    primeIf('usage', pre.usage);
  }

  /** Replaces what this request holds of a product after a change, and returns its fresh view. */
  async refresh(account: PlatformAccount, record: ProductRecord): Promise<BundleView> {
    for (const sub of ['products', 'simCards', 'terminals', 'dataConnectivity', 'usage'] as const) {
      if (sub === 'products' || this.adapter(account)[sub]) this.loader(account, sub).clear(record.key);
    }
    this.prime(account, record);
    return toBundle(record, account);
  }

  /**
   * A bundle by platform and key, from whichever of the tenant's accounts on that platform has it: from the
   * inventory for the accounts it holds (no carrier call, and null when none holds it), live for the others.
   */
  async findBundle(ref: ProductRef, consistency?: Consistency | null): Promise<BundleView | null> {
    let accounts = await this.accountsOf(ref.platform);
    if (this.useInventory(consistency)) {
      const row = await this.inventoryRows().load(`${ref.platform}|${ref.key}`);
      if (row) return this.fromRow(row);
      const synced = await Promise.all(accounts.map((a) => this.isSynced(a.id)));
      accounts = accounts.filter((_, i) => !synced[i]);
      if (!accounts.length) return null;
    }
    const known = this.home.get(`${ref.platform}|${ref.key}`);
    const ordered = known ? accounts.filter((a) => a.id === known) : accounts;
    const results = await Promise.allSettled(ordered.map((a) => this.loader(a, 'products').load(ref.key)));
    let failure: unknown;
    for (let i = 0; i < ordered.length; i++) {
      const r = results[i]!;
      if (r.status === 'fulfilled' && r.value) {
        this.home.set(`${ref.platform}|${ref.key}`, ordered[i]!.id);
        return toBundle(r.value, ordered[i]!);
      }
      if (r.status === 'rejected') failure ??= r.reason;
    }
    if (failure) throw failure;
    return null;
  }

  private async accountOfBundle(bundle: BundleView): Promise<PlatformAccount> {
    const account = (await this.accounts()).find((a) => a.id === bundle.record.accountId);
    if (!account) throw new GatewayError('NOT_FOUND', `Product ${bundle.id} is not in this tenant's accounts`);
    return account;
  }

  /** A sub-product by its own id ("{bundle id}-simCard" …), or null; NOT_SUPPORTED where its platform lacks it. */
  async subProductById<S extends Exclude<SubResource, 'products'>>(
    id: string,
    suffix: SubProduct,
    sub: S,
    feature: Feature,
    what: string,
  ): Promise<{ bundleId: string; value: Records[S] } | null> {
    const ref = parseIdOf(id, suffix);
    ProductService.requireFeature(ref.platform, feature, what);
    const bundle = await this.findBundle(ref);
    const value = bundle && (await this.subResource(bundle, sub, feature));
    return bundle && value ? { bundleId: bundle.id, value } : null;
  }

  /** A sub-resource of a bundle, or null where the platform does not offer it for this kind of product. */
  async subResource<S extends Exclude<SubResource, 'products'>>(
    bundle: BundleView,
    sub: S,
    feature: Feature,
  ): Promise<Records[S] | null> {
    if (!supports(bundle.record.platform, feature)) return null;
    const held = bundle.record.prefetched?.[PREFETCHED[sub]] as Records[S] | undefined;
    if (held && bundle.record.syncedAt) return held; // from the inventory
    const account = await this.accountOfBundle(bundle);
    if (!this.adapter(account)[sub]) return null;
    return this.loader(account, sub).load(bundle.record.key);
  }

  /** Products by ICCID / serial number across all platforms; keys are checked before any call. */
  async byBusinessIds(
    iccids: readonly string[],
    serials: readonly string[],
    reportPartial: PartialErrorReporter,
  ): Promise<{ products: BundleView[]; notFound: string[] }> {
    if (iccids.length + serials.length > 1000)
      throw badInput('At most 1000 ICCIDs and serial numbers in one look-up', { field: 'iccids' });
    for (const iccid of iccids) {
      const problem = iccidProblem(iccid);
      if (problem) throw badInput(problem, { field: 'iccids', value: iccid });
    }
    for (const serial of serials) {
      if (!/^[A-Za-z0-9]{1,32}$/.test(serial))
        throw badInput(`Serial number "${serial}" must be 1 to 32 letters or digits`, {
          field: 'serialNumbers',
          value: serial,
        });
    }
    const accounts = await this.accounts();
    const wanted: Array<{ value: string; kind: 'ICCID' | 'SERIAL' }> = [
      ...[...new Set(iccids)].map((value) => ({ value, kind: 'ICCID' as const })),
      ...[...new Set(serials)].map((value) => ({ value, kind: 'SERIAL' as const })),
    ];
    const found = new Map<string, BundleView[]>();
    let liveAccounts = accounts;
    if (this.useInventory(null)) {
      const synced = await Promise.all(accounts.map((a) => this.isSynced(a.id)));
      const held = accounts.filter((_, i) => synced[i]);
      liveAccounts = accounts.filter((_, i) => !synced[i]);
      const rows = await this.deps.inventory!.byKeys(
        this.tenantId,
        held.map((a) => a.id),
        wanted.map((w) => w.value),
      );
      for (const row of rows) {
        const kind = PLATFORMS[row.platform].key;
        if (!wanted.some((w) => w.value === row.key && w.kind === kind)) continue;
        const bundle = await this.fromRow(row);
        if (!bundle) continue;
        const list = found.get(row.key) ?? [];
        list.push(bundle);
        found.set(row.key, list);
      }
    }
    const liveKeys = (account: PlatformAccount) =>
      wanted
        .filter((w) => w.kind === PLATFORMS[account.platform].key && keyProblem(account.platform, w.value) === null)
        .map((w) => w.value);
    // Live look-ups are capped before any call (security/query-limits.ts): keys per platform without a multi-id call,
    // and the calls together within the request's carrier-call budget.
    checkLiveLookup(
      liveAccounts.map((a) => ({
        platform: a.platform,
        keys: liveKeys(a).length,
        maxBatch: this.adapter(a).maxBatch.products,
      })),
    );
    await Promise.all(
      liveAccounts.map(async (account) => {
        const keys = liveKeys(account);
        if (!keys.length) return;
        const results = await Promise.allSettled(keys.map((k) => this.loader(account, 'products').load(k)));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled' && r.value) {
            const list = found.get(keys[i]!) ?? [];
            list.push(toBundle(r.value, account));
            found.set(keys[i]!, list);
          } else if (r.status === 'rejected') {
            reportPartial(
              r.reason instanceof GatewayError
                ? r.reason
                : new GatewayError('BACKEND_UNAVAILABLE', `${account.platform} look-up failed`),
            );
          }
        });
      }),
    );
    return {
      products: wanted.flatMap((w) => found.get(w.value) ?? []),
      notFound: wanted.filter((w) => !found.has(w.value)).map((w) => w.value),
    };
  }

  /** Accounts a list with this filter covers, in a stable order. Unknown account ids are refused. */
  private async listedAccounts(filter: ListFilter): Promise<PlatformAccount[]> {
    const all = await this.accounts();
    if (filter.accountIds?.length) {
      const known = new Set(all.map((a) => a.backendAccountId));
      const unknown = filter.accountIds.filter((id) => !known.has(id));
      if (unknown.length) {
        throw badInput(
          `Unknown account id(s) ${unknown.map((u) => `"${u}"`).join(', ')}: this tenant's accounts are ${[...known].map((k) => `"${k}"`).join(', ')}`,
          { field: 'filter.accountIds' },
        );
      }
    }
    return all
      .filter((a) => !filter.accountIds?.length || filter.accountIds.includes(a.backendAccountId))
      .filter((a) => !filter.platforms?.length || filter.platforms.includes(a.platform))
      .filter(
        (a) => !filter.connectivityType || PLATFORMS[a.platform].connectivityTypes.includes(filter.connectivityType),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * The `products` field: from the inventory (ordered, filtered, counted, keyset-paged) or live (wave 1's merged
   * paging). An inventory read falls back to live while a listed account has never been synced, unless the query
   * needs what only the inventory can do (order, search, changedSince) — then the synced accounts answer and each
   * unsynced one is reported beside the data.
   */
  async list(req: ListRequest, reportPartial: PartialErrorReporter): Promise<ProductPage> {
    const { first, after, filter } = req;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw badInput(`"first" must be from 1 to ${MAX_PAGE_SIZE}`, { field: 'first' });
    ProductService.checkFilter(filter);
    const inventoryOnly = Boolean(req.orderBy || filter.search != null || filter.changedSince != null);
    const accounts = await this.listedAccounts(filter);
    if (this.useInventory(req.consistency)) {
      const synced = await Promise.all(accounts.map((a) => this.isSynced(a.id)));
      const unsynced = accounts.filter((_, i) => !synced[i]);
      if (!unsynced.length || inventoryOnly) {
        for (const account of unsynced) {
          reportPartial(
            new GatewayError(
              'BACKEND_UNAVAILABLE',
              `${account.platform} account ${account.backendAccountId} is not in the inventory yet (first sync running); its products are left out`,
              {
                platform: PLATFORMS[account.platform].name,
                reason: 'not synced',
              },
            ),
          );
        }
        return this.inventoryPage(
          req,
          accounts.filter((_, i) => synced[i]),
        );
      }
    } else if (inventoryOnly) {
      throw badInput(
        'orderBy, filter.search and filter.changedSince need consistency INVENTORY (the platforms cannot order, search or filter by change date)',
        { field: 'consistency' },
      );
    }
    const live = {
      platforms: filter.platforms,
      statuses: filter.statuses,
      connectivityType: filter.connectivityType,
      accountIds: filter.accountIds,
    };
    const page =
      filter.iccid != null
        ? await this.pageByIccid(filter.iccid, live, reportPartial)
        : filter.customProperty
          ? await this.pageByCustomProperty(first, after, filter.customProperty, live, reportPartial)
          : await this.page(first, after, live, reportPartial);
    return page;
  }

  private inventoryQuery(filter: ListFilter, accounts: readonly PlatformAccount[]): InventoryQuery {
    return {
      tenantId: this.tenantId,
      accountIds: accounts.map((a) => a.id),
      statuses: filter.statuses,
      platforms: filter.platforms,
      connectivityType: filter.connectivityType,
      iccid: filter.iccid,
      search: filter.search,
      changedSince: filter.changedSince,
      customProperty: filter.customProperty,
    };
  }

  private async inventoryPage(req: ListRequest, accounts: readonly PlatformAccount[]): Promise<ProductPage> {
    const order = req.orderBy ?? { field: 'ICCID' as const, direction: 'ASC' as const };
    const query = this.inventoryQuery(req.filter, accounts);
    const fingerprint = filterFingerprint({ filter: req.filter, order });
    const after = req.after ? decodeKeyset(this.deps.cursors, req.after, fingerprint) : null;
    const rows = await this.deps.inventory!.page(query, order, req.first + 1, after).catch((err: unknown) => {
      // A cursor value the order's column cannot hold (only a forged cursor has one).
      if (after && /^22/.test(String((err as { code?: unknown }).code ?? '')))
        throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
      throw err;
    });
    const edges: ProductPage['edges'] = [];
    for (const row of rows.slice(0, req.first)) {
      const node = await this.fromRow(row);
      if (node)
        edges.push({
          cursor: encodeKeyset(this.deps.cursors, { value: row.sort_value!, id: row.id }, fingerprint),
          node,
        });
    }
    const last = edges[edges.length - 1];
    let summary: Promise<Summary> | undefined;
    const summarize = () => (summary ??= this.summaryOf(query, accounts));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > req.first, endCursor: last?.cursor ?? req.after ?? null },
      countTotal: async () => (await summarize()).total,
      summary: summarize,
    };
  }

  /** Refuses a filter's bad values (ICCID, search, custom property) before any read. */
  static checkFilter(filter: ListFilter): void {
    if (filter.iccid != null) {
      const problem = iccidProblem(filter.iccid);
      if (problem) throw badInput(problem, { field: 'filter.iccid' });
    }
    if (filter.search != null && (filter.search.length < 1 || filter.search.length > 64)) {
      throw badInput('"filter.search" must be 1 to 64 characters', { field: 'filter.search' });
    }
    if (filter.customProperty) checkProperty(filter.customProperty, 'filter.customProperty');
  }

  /** The fleet's counts for a filter (the `fleetSummary` query and `ProductConnection.summary`). */
  async fleetSummary(filter: ListFilter): Promise<Summary> {
    ProductService.checkFilter(filter);
    if (!this.deps.inventory)
      throw new GatewayError('NOT_SUPPORTED', 'fleetSummary needs the product inventory (INVENTORY=on)');
    const accounts = await this.listedAccounts(filter);
    const synced = await Promise.all(accounts.map((a) => this.isSynced(a.id)));
    return this.summaryOf(
      this.inventoryQuery(filter, accounts),
      accounts.filter((_, i) => synced[i]),
    );
  }

  private async summaryOf(query: InventoryQuery, accounts: readonly PlatformAccount[]): Promise<Summary> {
    const rows: StatusCountRow[] = accounts.length
      ? await this.deps.inventory!.statusCounts({ ...query, accountIds: accounts.map((a) => a.id) })
      : [];
    const states = await this.syncStates();
    const confirmed = accounts
      .map((a) => states.get(a.id))
      .map((s) =>
        Math.max(
          s?.last_full_sync_at ? new Date(s.last_full_sync_at).getTime() : 0,
          s?.last_change_sync_at ? new Date(s.last_change_sync_at).getTime() : 0,
        ),
      )
      .filter((t) => t > 0);
    const byStatus = new Map<ProductStatus, number>();
    const byPlatform = new Map<PlatformCode, Map<ProductStatus, number>>();
    for (const row of rows) {
      byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.count);
      const p = byPlatform.get(row.platform) ?? new Map<ProductStatus, number>();
      p.set(row.status, (p.get(row.status) ?? 0) + row.count);
      byPlatform.set(row.platform, p);
    }
    const list = (m: Map<ProductStatus, number>) =>
      [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([status, count]) => ({ status, count }));
    return {
      total: rows.reduce((sum, r) => sum + r.count, 0),
      byStatus: list(byStatus),
      byPlatform: [...byPlatform]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([platform, m]) => ({ platform, total: [...m.values()].reduce((x, y) => x + y, 0), byStatus: list(m) })),
      oldestSyncedAt:
        confirmed.length === accounts.length && confirmed.length ? new Date(Math.min(...confirmed)) : null,
    };
  }

  /** One request's look-ups of the inventory by (platform, key), batched into one query. */
  private inventoryRows(): DataLoader<string, InventoryRow | null> {
    this.inventoryLoader ??= new DataLoader<string, InventoryRow | null>(
      async (ids) => {
        const accounts = await this.accounts();
        const synced = await Promise.all(accounts.map((a) => this.isSynced(a.id)));
        const held = accounts.filter((_, i) => synced[i]);
        const rows = await this.deps.inventory!.byKeys(
          this.tenantId,
          held.map((a) => a.id),
          [...new Set(ids.map((id) => id.slice(id.indexOf('|') + 1)))],
        );
        const byId = new Map(rows.map((r) => [`${r.platform}|${r.key}`, r]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: 1000 },
    );
    return this.inventoryLoader;
  }

  /** A bundle from an inventory row; its stored sub-products prime this request's loaders. */
  private async fromRow(row: InventoryRow): Promise<BundleView | null> {
    const account = (await this.accounts()).find((a) => a.id === row.account_id);
    if (!account) return null;
    const record = recordFromRow(row, {
      usageMaxAgeMs: (this.deps.config?.INVENTORY_USAGE_MAX_AGE_S ?? 3_600) * 1000,
      now: Date.now(),
    });
    // No adapter is needed to serve what the inventory holds (subResource reads `prefetched` first).
    this.home.set(`${record.platform}|${record.key}`, account.id);
    this.known.set(`${account.id}|${record.key}`, record);
    return toBundle(record, account);
  }

  /**
   * One page of the merged list. Each account contributes in turn (round robin), so a page mixes platforms; native
   * pages are fetched in parallel, and a native page only partly used is read again from its position next time.
   */
  async page(
    first: number,
    after: string | null,
    filter: ListFilter,
    reportPartial: PartialErrorReporter,
  ): Promise<ProductPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw badInput(`"first" must be from 1 to ${MAX_PAGE_SIZE}`, { field: 'first' });
    const fingerprint = filterFingerprint(filter);
    const accounts = await this.listedAccounts(filter);
    const start = after
      ? decodeCursor(this.deps.cursors, after, fingerprint, new Map(accounts.map((a) => [a.id, a.platform]))).accounts
      : {};
    const positions = new Map<string, AccountPosition>(
      accounts.map((a) => [a.id, start[a.id] ?? { page: null, skip: 0, done: false }]),
    );
    const statusFilter = filter.statuses?.length ? new Set(filter.statuses) : undefined;

    interface Buffer {
      account: PlatformAccount;
      /** Items of the current native page not yet returned, with their index in that page. */
      items: Array<{ record: ProductRecord; index: number }>;
      next: string | null;
      pageLength: number;
    }
    const failed = new Set<string>();
    const edges: ProductPage['edges'] = [];
    const snapshot = () =>
      encodeCursor(this.deps.cursors, { filter: fingerprint, accounts: Object.fromEntries(positions) });

    const fetchPage = async (account: PlatformAccount): Promise<Buffer | undefined> => {
      const position = positions.get(account.id)!;
      try {
        const page = await this.adapter(account).list(position.page);
        if (position.page === null && !this.listTotals.has(account.id))
          this.listTotals.set(account.id, Promise.resolve(page.total));
        page.items.forEach((record) => this.prime(account, record));
        const items = page.items
          .map((record, index) => ({ record, index }))
          .filter(({ index }) => index >= position.skip)
          .filter(({ record }) => !statusFilter || statusFilter.has(record.status));
        return { account, items, next: page.next, pageLength: page.items.length };
      } catch (err) {
        failed.add(account.id);
        reportPartial(
          err instanceof GatewayError
            ? err
            : new GatewayError('BACKEND_UNAVAILABLE', `${account.platform} list failed`, {
                platform: PLATFORMS[account.platform].name,
              }),
        );
        return undefined;
      }
    };
    /** Moves an account past a fully read native page. */
    const finishPage = (buffer: Buffer) => {
      positions.set(buffer.account.id, { page: buffer.next, skip: 0, done: buffer.next === null });
    };

    let buffers: Buffer[] = [];
    for (let round = 0; round < MAX_ROUNDS && edges.length < first; round++) {
      const needing = accounts.filter(
        (a) => !positions.get(a.id)!.done && !failed.has(a.id) && !buffers.some((b) => b.account.id === a.id),
      );
      if (!needing.length && !buffers.length) break;
      buffers.push(...((await Promise.all(needing.map(fetchPage))).filter(Boolean) as Buffer[]));
      buffers.sort((a, b) => (a.account.id < b.account.id ? -1 : 1));
      // Round robin over the accounts' buffers until the page is full or every buffer is empty.
      while (edges.length < first && buffers.some((b) => b.items.length)) {
        for (const buffer of buffers) {
          if (edges.length >= first) break;
          const item = buffer.items.shift();
          if (!item) continue;
          positions.set(buffer.account.id, {
            page: positions.get(buffer.account.id)!.page,
            skip: item.index + 1,
            done: false,
          });
          if (!buffer.items.length) finishPage(buffer);
          edges.push({ cursor: snapshot(), node: toBundle(item.record, buffer.account) });
        }
      }
      // A buffer with nothing left to give has its native page read to the end (taken, or hidden by the filter).
      for (const buffer of buffers) if (!buffer.items.length) finishPage(buffer);
      buffers = buffers.filter((b) => b.items.length);
    }
    const endCursor = snapshot();
    if (edges.length) edges[edges.length - 1]!.cursor = endCursor;
    const hasNextPage = accounts.some((a) => !positions.get(a.id)!.done);
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length || after ? endCursor : null },
      countTotal: () => this.totalCount(accounts, statusFilter !== undefined),
      summary: () => this.fleetSummary(filter),
    };
  }

  /** True when a bundle passes the list filter's platform, connectivity and status conditions. */
  private static matches(bundle: BundleView, filter: ListFilter): boolean {
    const r = bundle.record;
    return (
      (!filter.platforms?.length || filter.platforms.includes(r.platform)) &&
      (!filter.connectivityType || r.connectivityType === filter.connectivityType) &&
      (!filter.statuses?.length || filter.statuses.includes(r.status))
    );
  }

  /**
   * The products carrying a custom property name/value, in product id order: the store says which, the platforms
   * are asked only for those (batched per account). The cursor is the last product id returned.
   */
  async pageByCustomProperty(
    first: number,
    after: string | null,
    property: { name: string; value: string },
    filter: ListFilter,
    reportPartial: PartialErrorReporter,
  ): Promise<ProductPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw badInput(`"first" must be from 1 to ${MAX_PAGE_SIZE}`, { field: 'first' });
    const fingerprint = filterFingerprint({ filter, property });
    let lastId: string | null = null;
    if (after) {
      const decoded = decodeCursor(this.deps.cursors, after, fingerprint).accounts['cp'];
      if (!decoded || decoded.page === null)
        throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
      lastId = decoded.page;
    }
    const cursorAt = (id: string | null, done: boolean) =>
      encodeCursor(this.deps.cursors, { filter: fingerprint, accounts: { cp: { page: id, skip: 0, done } } });
    const edges: ProductPage['edges'] = [];
    let exhausted = false;
    while (edges.length < first && !exhausted) {
      const ids = await this.deps.customProperties.productsWith(
        this.tenantId,
        property.name,
        property.value,
        lastId,
        first - edges.length + 1,
      );
      exhausted = ids.length <= first - edges.length;
      const batch = exhausted ? ids : ids.slice(0, first - edges.length);
      const bundles = await Promise.all(
        batch.map((id) =>
          this.findBundle(parseIdOf(id, undefined)).catch((err: unknown) => {
            reportPartial(
              err instanceof GatewayError
                ? err
                : new GatewayError('BACKEND_UNAVAILABLE', `Product ${id} could not be read`),
            );
            return null;
          }),
        ),
      );
      for (let i = 0; i < batch.length; i++) {
        lastId = batch[i]!;
        const bundle = bundles[i];
        if (bundle && ProductService.matches(bundle, filter))
          edges.push({ cursor: cursorAt(lastId, false), node: bundle });
      }
      if (!batch.length) exhausted = true;
    }
    const endCursor = lastId ? cursorAt(lastId, exhausted) : null;
    if (edges.length && endCursor) edges[edges.length - 1]!.cursor = endCursor;
    const unfiltered = !filter.platforms?.length && !filter.connectivityType && !filter.statuses?.length;
    return {
      edges,
      pageInfo: { hasNextPage: !exhausted, endCursor },
      countTotal: async () =>
        unfiltered ? this.deps.customProperties.countWith(this.tenantId, property.name, property.value) : null,
      summary: () => this.fleetSummary({ ...filter, customProperty: property }),
    };
  }

  /** The product with this ICCID (on any platform the filter allows), as a one-page connection. */
  async pageByIccid(iccid: string, filter: ListFilter, reportPartial: PartialErrorReporter): Promise<ProductPage> {
    const found = await this.byBusinessIds([iccid], [], reportPartial);
    const nodes = found.products.filter((b) => ProductService.matches(b, filter));
    return {
      edges: nodes.map((node) => ({
        cursor: encodeCursor(this.deps.cursors, { filter: 'iccid', accounts: {} }),
        node,
      })),
      pageInfo: { hasNextPage: false, endCursor: null },
      countTotal: async () => nodes.length,
      summary: () => this.fleetSummary({ ...filter, iccid }),
    };
  }

  /** Sum of the platforms' totals; null when one cannot tell, or when a filter hides an unknown share. */
  private async totalCount(accounts: PlatformAccount[], filtered: boolean): Promise<number | null> {
    if (filtered) return null;
    const totals = await Promise.all(
      accounts.map((account) => {
        let total = this.listTotals.get(account.id);
        if (!total) {
          total = this.adapter(account)
            .list(null)
            .then(
              (p) => p.total,
              () => null,
            );
          this.listTotals.set(account.id, total);
        }
        return total;
      }),
    );
    return totals.every((t) => typeof t === 'number') ? (totals as number[]).reduce((a, b) => a + b, 0) : null;
  }

  /** The id a bundle record gets (exposed for services that build monitors and events). */
  static bundleId(record: { platform: PlatformCode; key: string }): string {
    return formatProductId(record);
  }
}
