/**
 * The inventory's SQL: writes from the sync engine and from gateway mutations, and the index-driven reads behind
 * `products`, `fleetSummary` and `inventorySync`. Plain SQL over the store's `Db` (PGlite or PostgreSQL alike).
 *
 * Contract of the writes:
 * - `upsertPage` is the sync engine's: a page of records observed at `observedAt` replaces what a row holds only
 *   when the row was not confirmed later (a gateway mutation that wrote after the page was requested wins), and
 *   answers which products appeared and which changed status (with their previous status) — the engine publishes
 *   those changes. Sub-products a record carries replace the stored ones; absent ones keep what is stored.
 * - `applyStatus` is a gateway mutation's: the status a platform confirmed, with `synced_at` now.
 * - Counts (`inventory_counts`) follow every write through triggers; nothing here maintains them by hand.
 *
 * Contract of the reads: every query is bounded by the tenant and by the accounts the caller lists, ordered by one
 * of the contract's orderings with the product id as tie-break, and keyset-paged: `after` is the last row's
 * (sort value, id), so a page never repeats or skips a product when others change between pages.
 */
import type { ProductRecord } from '../domain/model.js';
import type { PlatformCode } from '../datasources/registry.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import type { Db } from '../store/db.js';
import { ROW_INPUT_COLUMNS, rowInput, type InventoryRow } from './records.js';

export type OrderField = 'ICCID' | 'SERIAL_NUMBER' | 'STATUS' | 'PLATFORM' | 'LAST_CHANGED';
export type Direction = 'ASC' | 'DESC';

const ORDER_COLUMNS: Readonly<Record<OrderField, { column: string; type: string }>> = {
  LAST_CHANGED: { column: 'last_changed_at', type: 'timestamptz' },
  ICCID: { column: 'sort_iccid', type: 'text' },
  SERIAL_NUMBER: { column: 'sort_serial', type: 'text' },
  STATUS: { column: 'status', type: 'text' },
  PLATFORM: { column: 'platform', type: 'text' },
};

/** What a read is restricted to. `accountIds` are gateway account ids, already limited to the tenant's. */
export interface InventoryQuery {
  tenantId: string;
  accountIds: readonly string[];
  statuses?: readonly ProductStatus[] | null;
  platforms?: readonly PlatformCode[] | null;
  connectivityType?: 'CELLULAR' | 'SATELLITE' | null;
  iccid?: string | null;
  search?: string | null;
  changedSince?: Date | null;
  customProperty?: { name: string; value: string } | null;
}

export interface Keyset {
  value: string;
  id: string;
}

export interface StatusCountRow {
  platform: PlatformCode;
  status: ProductStatus;
  count: number;
}

export interface SyncRow {
  account_id: string;
  tenant_id: string;
  platform: PlatformCode;
  state: 'NEVER' | 'SYNCING' | 'IDLE' | 'FAILED';
  lease_owner: string | null;
  next_full_at: Date;
  next_change_at: Date;
  pass_no: string | number;
  checkpoint: Checkpoint | null;
  change_watermark: Date | null;
  last_full_sync_at: Date | null;
  last_change_sync_at: Date | null;
  last_error: string | null;
  failures: number;
  appeared: string | number;
  vanished: string | number;
  status_changes: string | number;
}

/** Where a pass stands, stored after every page so another process can resume it. */
export interface Checkpoint {
  kind: 'full' | 'change';
  pass: number;
  /** Native position of the next page (null: the first). */
  position: string | null;
  /** When the pass began (ISO): the change watermark a finished pass leaves behind. */
  startedAt: string;
  /** For change passes: the time changes are asked from (ISO). */
  since?: string;
  /** Products that appeared so far in this pass. */
  appeared: number;
}

export interface UpsertResult {
  appeared: string[];
  changed: Array<{ key: string; previous: ProductStatus; status: ProductStatus }>;
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class InventoryStore {
  constructor(private readonly db: Db) {}

  // ---------------------------------------------------------------- writes

  /** Writes one page of records of an account (see the header for who wins). */
  async upsertPage(
    account: { id: string; tenantId: string; platform: PlatformCode },
    records: readonly ProductRecord[],
    options: { observedAt: Date; pass?: number },
  ): Promise<UpsertResult> {
    if (!records.length) return { appeared: [], changed: [] };
    const unique = new Map(records.map((r) => [r.key, r]));
    const input = JSON.stringify([...unique.values()].map(rowInput));
    const pass = options.pass ?? 0;
    return this.db.transaction(async (tx) => {
      // Lock what the page touches and read the statuses it had (a CTE cannot see both the old and new versions).
      const before = await tx.query<{ key: string; status: ProductStatus }>(
        'SELECT key, status FROM inventory_products WHERE account_id = $1 AND key = ANY($2::text[]) ORDER BY key FOR UPDATE',
        [account.id, [...unique.keys()]],
      );
      const previous = new Map(before.map((r) => [r.key, r.status]));
      const rows = await tx.query<{ key: string; status: ProductStatus }>(
        `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_INPUT_COLUMNS}))
          INSERT INTO inventory_products AS p (tenant_id, account_id, platform, key, connectivity_type, status, platform_status,
            iccid, imsi, msisdn, serial_number, terminal_name, latitude, longitude, start_date, product_offering, characteristics,
            details_pending, sim_card, terminal, data_connectivity, details_synced_at, usage, usage_synced_at, last_changed_at,
            synced_at, seen_pass)
          SELECT $3, $2, $4, i.key, i.connectivity_type, i.status, i.platform_status, i.iccid, i.imsi, i.msisdn, i.serial_number,
            i.terminal_name, i.latitude, i.longitude, i.start_date, i.product_offering, coalesce(i.characteristics, '[]'),
            coalesce(i.details_pending, false), i.sim_card, i.terminal, i.data_connectivity,
            CASE WHEN i.sim_card IS NOT NULL OR i.terminal IS NOT NULL OR i.data_connectivity IS NOT NULL THEN $5::timestamptz END,
            i.usage, CASE WHEN i.usage IS NOT NULL THEN $5::timestamptz END, coalesce(i.changed_at, $5::timestamptz), $5::timestamptz, $6
          FROM input i
          ON CONFLICT (account_id, key) DO UPDATE SET
            connectivity_type = EXCLUDED.connectivity_type,
            status = EXCLUDED.status,
            platform_status = EXCLUDED.platform_status,
            iccid = EXCLUDED.iccid,
            imsi = coalesce(EXCLUDED.imsi, p.imsi),
            msisdn = coalesce(EXCLUDED.msisdn, p.msisdn),
            serial_number = EXCLUDED.serial_number,
            terminal_name = EXCLUDED.terminal_name,
            latitude = EXCLUDED.latitude,
            longitude = EXCLUDED.longitude,
            start_date = coalesce(EXCLUDED.start_date, p.start_date),
            product_offering = EXCLUDED.product_offering,
            characteristics = EXCLUDED.characteristics,
            details_pending = EXCLUDED.details_pending,
            sim_card = coalesce(EXCLUDED.sim_card, p.sim_card),
            terminal = coalesce(EXCLUDED.terminal, p.terminal),
            data_connectivity = coalesce(EXCLUDED.data_connectivity, p.data_connectivity),
            details_synced_at = coalesce(EXCLUDED.details_synced_at, p.details_synced_at),
            usage = coalesce(EXCLUDED.usage, p.usage),
            usage_synced_at = coalesce(EXCLUDED.usage_synced_at, p.usage_synced_at),
            last_changed_at = CASE
              WHEN EXCLUDED.last_changed_at <> EXCLUDED.synced_at THEN EXCLUDED.last_changed_at
              WHEN p.status IS DISTINCT FROM EXCLUDED.status OR p.platform_status IS DISTINCT FROM EXCLUDED.platform_status
                OR p.terminal_name IS DISTINCT FROM EXCLUDED.terminal_name OR p.characteristics IS DISTINCT FROM EXCLUDED.characteristics
                OR p.product_offering IS DISTINCT FROM EXCLUDED.product_offering
                OR (EXCLUDED.msisdn IS NOT NULL AND p.msisdn IS DISTINCT FROM EXCLUDED.msisdn)
                THEN EXCLUDED.synced_at
              ELSE p.last_changed_at END,
            synced_at = EXCLUDED.synced_at,
            seen_pass = greatest(p.seen_pass, EXCLUDED.seen_pass)
          WHERE p.synced_at <= EXCLUDED.synced_at
          RETURNING p.key, p.status`,
        [input, account.id, account.tenantId, account.platform, options.observedAt, pass],
      );
      // Rows a later gateway write protected from this (older) observation were still seen in this pass.
      if (pass && rows.length < unique.size) {
        await tx.query(
          `UPDATE inventory_products SET seen_pass = $3 WHERE account_id = $1 AND key = ANY($2::text[]) AND seen_pass < $3`,
          [account.id, [...unique.keys()], pass],
        );
      }
      return {
        appeared: rows.filter((r) => !previous.has(r.key)).map((r) => r.key),
        changed: rows
          .filter((r) => previous.has(r.key) && previous.get(r.key) !== r.status)
          .map((r) => ({ key: r.key, previous: previous.get(r.key)!, status: r.status })),
      };
    });
  }

  /** Removes the account's products a finished full pass did not see; answers their keys. */
  async removeUnseen(accountId: string, pass: number): Promise<string[]> {
    const rows = await this.db.query<{ key: string }>(
      'DELETE FROM inventory_products WHERE account_id = $1 AND seen_pass < $2 RETURNING key',
      [accountId, pass],
    );
    return rows.map((r) => r.key);
  }

  /**
   * A status the platform confirmed through a gateway mutation. Answers the previous status, or undefined when the
   * inventory does not hold the product (nothing is written then: the next sync pass brings it).
   */
  async applyStatus(
    accountId: string,
    key: string,
    status: ProductStatus,
    platformStatus: string | null | undefined,
    at: Date,
  ): Promise<ProductStatus | undefined> {
    const rows = await this.db.query<{ previous: ProductStatus }>(
      `UPDATE inventory_products p SET status = $3,
         platform_status = CASE WHEN p.status <> $3 THEN $4 ELSE coalesce($4, p.platform_status) END,
         last_changed_at = CASE WHEN p.status <> $3 THEN $5::timestamptz ELSE p.last_changed_at END, synced_at = $5::timestamptz
       FROM (SELECT status AS previous FROM inventory_products WHERE account_id = $1 AND key = $2 FOR UPDATE) old
       WHERE p.account_id = $1 AND p.key = $2
       RETURNING old.previous`,
      [accountId, key, status, platformStatus ?? null, at],
    );
    return rows[0]?.previous;
  }

  /** Keeps a sub-product fetched live (on first read or by the background fill) for the next reads. */
  async storeSubProduct(
    accountId: string,
    key: string,
    sub: 'simCards' | 'terminals' | 'dataConnectivity' | 'usage',
    value: unknown,
    at: Date,
  ): Promise<void> {
    const column = {
      simCards: 'sim_card',
      terminals: 'terminal',
      dataConnectivity: 'data_connectivity',
      usage: 'usage',
    }[sub];
    const stamp = sub === 'usage' ? 'usage_synced_at' : 'details_synced_at';
    await this.db.query(
      `UPDATE inventory_products SET ${column} = $3::jsonb, ${stamp} = $4 WHERE account_id = $1 AND key = $2`,
      [accountId, key, JSON.stringify(value), at],
    );
  }

  async clearDetailsPending(accountId: string, key: string): Promise<void> {
    await this.db.query('UPDATE inventory_products SET details_pending = false WHERE account_id = $1 AND key = $2', [
      accountId,
      key,
    ]);
  }

  /** Product keys of the account that a gateway operation still in progress is changing. */
  async keysInFlight(tenantId: string, accountId: string): Promise<Set<string>> {
    const rows = await this.db.query<{ key: string }>(
      `SELECT DISTINCT jsonb_array_elements_text(part -> 'keys') AS key
       FROM monitors m, jsonb_array_elements(m.tracking) part
       WHERE m.tenant_id = $1 AND m.state = 'IN_PROGRESS' AND part ->> 'accountId' = $2`,
      [tenantId, accountId],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Keys of the account's products whose SIM card details are still to be fetched (Cisco lists without them). */
  async pendingDetails(accountId: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ key: string }>(
      'SELECT key FROM inventory_products WHERE account_id = $1 AND details_pending AND sim_card IS NULL ORDER BY key LIMIT $2',
      [accountId, limit],
    );
    return rows.map((r) => r.key);
  }

  // ---------------------------------------------------------------- reads

  private where(q: InventoryQuery, params: unknown[]): string[] {
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conds = [`tenant_id = ${add(q.tenantId)}`, `account_id = ANY(${add(q.accountIds)}::text[])`];
    if (q.platforms?.length) conds.push(`platform = ANY(${add(q.platforms)}::text[])`);
    if (q.connectivityType) conds.push(`connectivity_type = ${add(q.connectivityType)}`);
    if (q.iccid) conds.push(`iccid = ${add(q.iccid)}`);
    if (q.changedSince) conds.push(`last_changed_at >= ${add(q.changedSince)}::timestamptz`);
    if (q.search) {
      const prefix = add(likePrefix(q.search));
      const word = /^[\p{L}\p{N}_-]+$/u.test(q.search) ? add(`${q.search.toLowerCase()}:*`) : null;
      conds.push(
        `(sort_iccid LIKE ${prefix} OR imsi LIKE ${prefix} OR msisdn LIKE ${prefix} OR sort_serial LIKE ${prefix}` +
          (word ? ` OR to_tsvector('simple', coalesce(terminal_name, '')) @@ to_tsquery('simple', ${word})` : '') +
          ')',
      );
    }
    if (q.customProperty) {
      conds.push(
        `EXISTS (SELECT 1 FROM custom_properties cp WHERE cp.tenant_id = inventory_products.tenant_id AND cp.product_id = inventory_products.id
           AND cp.name = ${add(q.customProperty.name)} AND cp.value = ${add(q.customProperty.value)})`,
      );
    }
    return conds;
  }

  /** Up to `limit` rows after `after`, in the given order. */
  async page(
    q: InventoryQuery,
    order: { field: OrderField; direction: Direction },
    limit: number,
    after: Keyset | null,
  ): Promise<InventoryRow[]> {
    const { column, type } = ORDER_COLUMNS[order.field];
    const dir = order.direction === 'DESC' ? 'DESC' : 'ASC';
    const params: unknown[] = [];
    const conds = this.where(q, params);
    if (after) {
      params.push(after.value, after.id);
      conds.push(
        `(${column}, id) ${dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${type}, $${params.length}::text)`,
      );
    }
    params.push(limit);
    const limitParam = `$${params.length}`;
    const select = `SELECT *, ${column}::text AS sort_value FROM inventory_products`;
    // A selective search (6+ characters) finds its few matches through the search indexes and sorts them; ordered
    // by the bare column, the planner would walk the whole ordering index looking for them. Short prefixes match
    // much of the fleet, where walking the ordering index is the fast way.
    const sortKey =
      q.search && q.search.length >= 6
        ? type === 'text'
          ? `(${column} || '')`
          : `(${column} + interval '0 seconds')`
        : column;
    const orderBy = `ORDER BY ${sortKey} ${dir}, id ${dir}`;
    const statuses = q.statuses?.length ? [...new Set(q.statuses)] : [];
    let sql: string;
    if (statuses.length <= 1) {
      if (statuses.length === 1) {
        params.push(statuses[0]);
        conds.push(`status = $${params.length}`);
      }
      sql = `${select} WHERE ${conds.join(' AND ')} ${orderBy} LIMIT ${limitParam}`;
    } else {
      // One index range per status, merged: an ordered page of a status filter never sorts the matching set.
      const branches = statuses.map((status) => {
        params.push(status);
        return `(${select} WHERE ${conds.join(' AND ')} AND status = $${params.length} ${orderBy} LIMIT ${limitParam})`;
      });
      sql = `SELECT * FROM (${branches.join(' UNION ALL ')}) merged ORDER BY ${column === 'status' ? 'status' : column} ${dir}, id ${dir} LIMIT ${limitParam}`;
    }
    return this.db.query<InventoryRow>(sql, params);
  }

  /** Rows by product key on some accounts (look-ups by id and business id). */
  async byKeys(tenantId: string, accountIds: readonly string[], keys: readonly string[]): Promise<InventoryRow[]> {
    if (!keys.length || !accountIds.length) return [];
    return this.db.query<InventoryRow>(
      'SELECT * FROM inventory_products WHERE tenant_id = $1 AND account_id = ANY($2::text[]) AND key = ANY($3::text[])',
      [tenantId, accountIds, keys],
    );
  }

  /** True when counts alone answer this query (no condition the counts table cannot see). */
  static countable(q: InventoryQuery): boolean {
    return !q.iccid && !q.search && !q.changedSince && !q.customProperty;
  }

  /** Products per platform and status matching the query: from the kept counts where they answer, else counted. */
  async statusCounts(q: InventoryQuery): Promise<StatusCountRow[]> {
    const params: unknown[] = [];
    let sql: string;
    if (InventoryStore.countable(q)) {
      params.push(q.tenantId, q.accountIds);
      const conds = ['tenant_id = $1', 'account_id = ANY($2::text[])', 'count > 0'];
      if (q.platforms?.length) conds.push(`platform = ANY($${params.push(q.platforms)}::text[])`);
      if (q.statuses?.length) conds.push(`status = ANY($${params.push(q.statuses)}::text[])`);
      sql = `SELECT platform, status, sum(count)::int AS count FROM inventory_counts WHERE ${conds.join(' AND ')} GROUP BY platform, status`;
    } else {
      const conds = this.where(q, params);
      if (q.statuses?.length) conds.push(`status = ANY($${params.push(q.statuses)}::text[])`);
      sql = `SELECT platform, status, count(*)::int AS count FROM inventory_products WHERE ${conds.join(' AND ')} GROUP BY platform, status`;
    }
    const rows = await this.db.query<StatusCountRow>(sql, params);
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  // ---------------------------------------------------------------- sync state

  /** Gives every platform account a sync row (new accounts are due at once). */
  async ensureSyncRows(): Promise<void> {
    await this.db.query(
      `INSERT INTO inventory_sync (account_id, tenant_id, platform)
       SELECT id, tenant_id, platform FROM platform_accounts ON CONFLICT (account_id) DO NOTHING`,
    );
  }

  /** Claims up to `limit` due accounts for `owner` until the lease ends; a crashed owner's accounts come back then. */
  async claim(owner: string, leaseMs: number, limit: number, now: Date): Promise<SyncRow[]> {
    return this.db.query<SyncRow>(
      `UPDATE inventory_sync s SET lease_owner = $1, lease_until = $2::timestamptz + ($3 || ' milliseconds')::interval
       WHERE s.account_id IN (
         SELECT account_id FROM inventory_sync
         WHERE (lease_until IS NULL OR lease_until < $2::timestamptz)
           AND (checkpoint IS NOT NULL OR least(next_full_at, next_change_at) <= $2::timestamptz)
         ORDER BY least(next_full_at, next_change_at) LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING s.*`,
      [owner, now, String(leaseMs), limit],
    );
  }

  /** Extends the lease and stores the checkpoint; false when the lease was lost (another process took over). */
  async progress(
    accountId: string,
    owner: string,
    leaseMs: number,
    patch: { checkpoint: Checkpoint | null; state?: SyncRow['state'] },
  ): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE inventory_sync SET lease_until = now() + ($3 || ' milliseconds')::interval, checkpoint = $4::jsonb,
         state = coalesce($5, state), pass_no = greatest(pass_no, coalesce(($4::jsonb ->> 'pass')::bigint, 0))
       WHERE account_id = $1 AND lease_owner = $2 RETURNING 1`,
      [
        accountId,
        owner,
        String(leaseMs),
        patch.checkpoint ? JSON.stringify(patch.checkpoint) : null,
        patch.state ?? null,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Ends a pass: records what it did and schedules the next ones. The lease is released unless `keepLease` (the
   * engine still fills details and releases it with `release`).
   */
  async finish(
    accountId: string,
    owner: string,
    outcome:
      | {
          ok: true;
          kind: 'full' | 'change';
          at: Date;
          watermark: Date | null;
          nextFullAt: Date | null;
          nextChangeAt: Date;
          appeared: number;
          vanished: number;
          statusChanges: number;
          keepLease?: boolean;
        }
      | { ok: false; error: string; retryAt: Date },
  ): Promise<void> {
    if (outcome.ok) {
      await this.db.query(
        `UPDATE inventory_sync SET state = 'IDLE', lease_owner = CASE WHEN $11 THEN lease_owner END, lease_until = CASE WHEN $11 THEN lease_until END,
           checkpoint = NULL, last_error = NULL, failures = 0,
           change_watermark = coalesce($3, change_watermark),
           last_full_sync_at = CASE WHEN $4 = 'full' THEN $5::timestamptz ELSE last_full_sync_at END,
           last_change_sync_at = CASE WHEN $4 = 'change' THEN $5::timestamptz ELSE last_change_sync_at END,
           next_full_at = coalesce($6, next_full_at), next_change_at = $7,
           appeared = appeared + $8, vanished = vanished + $9, status_changes = status_changes + $10
         WHERE account_id = $1 AND lease_owner = $2`,
        [
          accountId,
          owner,
          outcome.watermark,
          outcome.kind,
          outcome.at,
          outcome.nextFullAt,
          outcome.nextChangeAt,
          outcome.appeared,
          outcome.vanished,
          outcome.statusChanges,
          outcome.keepLease ?? false,
        ],
      );
    } else {
      // The checkpoint stays: the next attempt resumes the pass where it failed.
      await this.db.query(
        `UPDATE inventory_sync SET state = 'FAILED', lease_owner = NULL, lease_until = NULL, last_error = $3, failures = failures + 1,
           next_change_at = $4, next_full_at = greatest(next_full_at, $4)
         WHERE account_id = $1 AND lease_owner = $2`,
        [accountId, owner, outcome.error.slice(0, 1000), outcome.retryAt],
      );
    }
  }

  /** Releases a kept lease; `nextChangeAt` brings the account back earlier when details remain to fill. */
  async release(accountId: string, owner: string, nextChangeAt: Date | null): Promise<void> {
    await this.db.query(
      `UPDATE inventory_sync SET lease_owner = NULL, lease_until = NULL, next_change_at = least(next_change_at, coalesce($3, next_change_at))
       WHERE account_id = $1 AND lease_owner = $2`,
      [accountId, owner, nextChangeAt],
    );
  }

  /** Asks for passes now (mutation syncInventory); `full` lists everything again. */
  async request(tenantId: string, accountIds: readonly string[], full: boolean, now: Date): Promise<void> {
    await this.ensureSyncRows();
    await this.db.query(
      `UPDATE inventory_sync SET next_change_at = $3, next_full_at = CASE WHEN $4 THEN $3 ELSE next_full_at END
       WHERE tenant_id = $1 AND account_id = ANY($2::text[])`,
      [tenantId, accountIds, now, full],
    );
  }

  async syncRows(tenantId: string, accountIds?: readonly string[]): Promise<SyncRow[]> {
    return accountIds
      ? this.db.query<SyncRow>(
          'SELECT * FROM inventory_sync WHERE tenant_id = $1 AND account_id = ANY($2::text[]) ORDER BY account_id',
          [tenantId, accountIds],
        )
      : this.db.query<SyncRow>('SELECT * FROM inventory_sync WHERE tenant_id = $1 ORDER BY account_id', [tenantId]);
  }

  /** Products per account in the inventory (from the kept counts). */
  async productCounts(tenantId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ account_id: string; n: string | number }>(
      'SELECT account_id, sum(count) AS n FROM inventory_counts WHERE tenant_id = $1 GROUP BY account_id',
      [tenantId],
    );
    return new Map(rows.map((r) => [r.account_id, Number(r.n)]));
  }
}
