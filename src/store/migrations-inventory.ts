/**
 * Migration 2: the product inventory (product.md, "The inventory"). A synced read model of every tenant's fleet:
 *
 * - `inventory_products`: one row per product bundle and platform account — the list-level fields, the slowly
 *   changing sub-products once fetched (JSON), usage with its own `usage_synced_at`, `last_changed_at` and
 *   `synced_at`. Sort keys are C-collated and never null (`sort_iccid`, `sort_serial`: a missing value sorts last
 *   ascending), so every ordering of the contract is one keyset-paged index range per status.
 * - `inventory_counts`: products per account and status, kept exact by statement-level triggers with transition
 *   tables (one aggregated update per statement, not per row), so `totalCount` and `fleetSummary` never scan.
 * - `inventory_sync`: per account, the sync engine's schedule, lease (FOR UPDATE SKIP LOCKED, like monitors),
 *   checkpoint of the pass in progress, and what the last pass found or failed with.
 */

export const INVENTORY_MIGRATION: { version: number; name: string; statements: readonly string[] } = {
  version: 2,
  name: 'product inventory: products, counts kept by triggers, sync state',
  statements: [
    `CREATE TABLE inventory_products (
      tenant_id          text NOT NULL,
      account_id         text NOT NULL REFERENCES platform_accounts(id) ON DELETE CASCADE,
      platform           text NOT NULL,
      key                text COLLATE "C" NOT NULL,
      id                 text COLLATE "C" GENERATED ALWAYS AS (platform || '-' || key) STORED,
      connectivity_type  text NOT NULL,
      status             text NOT NULL,
      platform_status    text,
      iccid              text COLLATE "C",
      imsi               text COLLATE "C",
      msisdn             text COLLATE "C",
      serial_number      text COLLATE "C",
      terminal_name      text,
      latitude           double precision,
      longitude          double precision,
      start_date         timestamptz,
      product_offering   jsonb,
      characteristics    jsonb NOT NULL DEFAULT '[]',
      details_pending    boolean NOT NULL DEFAULT false,
      sim_card           jsonb,
      terminal           jsonb,
      data_connectivity  jsonb,
      details_synced_at  timestamptz,
      usage              jsonb,
      usage_synced_at    timestamptz,
      last_changed_at    timestamptz NOT NULL,
      synced_at          timestamptz NOT NULL,
      seen_pass          bigint NOT NULL DEFAULT 0,
      sort_iccid         text COLLATE "C" GENERATED ALWAYS AS (coalesce(iccid, '~')) STORED,
      sort_serial        text COLLATE "C" GENERATED ALWAYS AS (coalesce(serial_number, '~')) STORED,
      PRIMARY KEY (account_id, key)
    )`,
    `CREATE INDEX inv_changed ON inventory_products (tenant_id, last_changed_at, id)`,
    `CREATE INDEX inv_status_changed ON inventory_products (tenant_id, status, last_changed_at, id)`,
    `CREATE INDEX inv_iccid ON inventory_products (tenant_id, sort_iccid, id)`,
    `CREATE INDEX inv_status_iccid ON inventory_products (tenant_id, status, sort_iccid, id)`,
    `CREATE INDEX inv_serial ON inventory_products (tenant_id, sort_serial, id)`,
    `CREATE INDEX inv_status_serial ON inventory_products (tenant_id, status, sort_serial, id)`,
    `CREATE INDEX inv_status_id ON inventory_products (tenant_id, status, id)`,
    `CREATE INDEX inv_platform ON inventory_products (tenant_id, platform, id)`,
    `CREATE INDEX inv_status_platform ON inventory_products (tenant_id, status, platform, id)`,
    `CREATE INDEX inv_id ON inventory_products (tenant_id, id)`,
    `CREATE INDEX inv_imsi ON inventory_products (tenant_id, imsi)`,
    `CREATE INDEX inv_msisdn ON inventory_products (tenant_id, msisdn)`,
    `CREATE INDEX inv_name_words ON inventory_products USING gin (to_tsvector('simple', coalesce(terminal_name, '')))`,
    `CREATE TABLE inventory_counts (
      account_id  text NOT NULL REFERENCES platform_accounts(id) ON DELETE CASCADE,
      status      text NOT NULL,
      tenant_id   text NOT NULL,
      platform    text NOT NULL,
      count       bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (account_id, status)
    )`,
    `CREATE INDEX inv_counts_tenant ON inventory_counts (tenant_id)`,
    `CREATE FUNCTION inventory_count_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO inventory_counts AS c (account_id, status, tenant_id, platform, count)
          SELECT account_id, status, min(tenant_id), min(platform), count(*) FROM new_rows GROUP BY account_id, status
          ON CONFLICT (account_id, status) DO UPDATE SET count = c.count + EXCLUDED.count;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE inventory_counts c SET count = c.count - d.n
          FROM (SELECT account_id, status, count(*) AS n FROM old_rows GROUP BY account_id, status) d
          WHERE c.account_id = d.account_id AND c.status = d.status;
      ELSE
        INSERT INTO inventory_counts AS c (account_id, status, tenant_id, platform, count)
          SELECT account_id, status, min(tenant_id), min(platform), sum(n) FROM (
            SELECT o.account_id, o.status, o.tenant_id, o.platform, -1 AS n
              FROM old_rows o JOIN new_rows n ON n.account_id = o.account_id AND n.key = o.key WHERE n.status <> o.status
            UNION ALL
            SELECT n.account_id, n.status, n.tenant_id, n.platform, 1 AS n
              FROM old_rows o JOIN new_rows n ON n.account_id = o.account_id AND n.key = o.key WHERE n.status <> o.status
          ) d GROUP BY account_id, status
          ON CONFLICT (account_id, status) DO UPDATE SET count = c.count + EXCLUDED.count;
      END IF;
      RETURN NULL;
    END
    $fn$`,
    `CREATE TRIGGER inventory_count_insert AFTER INSERT ON inventory_products
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory_count_apply()`,
    `CREATE TRIGGER inventory_count_update AFTER UPDATE ON inventory_products
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory_count_apply()`,
    `CREATE TRIGGER inventory_count_delete AFTER DELETE ON inventory_products
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory_count_apply()`,
    `CREATE TABLE inventory_sync (
      account_id           text PRIMARY KEY REFERENCES platform_accounts(id) ON DELETE CASCADE,
      tenant_id            text NOT NULL,
      platform             text NOT NULL,
      state                text NOT NULL DEFAULT 'NEVER' CHECK (state IN ('NEVER', 'SYNCING', 'IDLE', 'FAILED')),
      lease_owner          text,
      lease_until          timestamptz,
      next_full_at         timestamptz NOT NULL DEFAULT now(),
      next_change_at       timestamptz NOT NULL DEFAULT now(),
      pass_no              bigint NOT NULL DEFAULT 0,
      checkpoint           jsonb,
      change_watermark     timestamptz,
      last_full_sync_at    timestamptz,
      last_change_sync_at  timestamptz,
      last_error           text,
      failures             integer NOT NULL DEFAULT 0,
      appeared             bigint NOT NULL DEFAULT 0,
      vanished             bigint NOT NULL DEFAULT 0,
      status_changes       bigint NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX inventory_sync_due ON inventory_sync (least(next_full_at, next_change_at))`,
  ],
};
