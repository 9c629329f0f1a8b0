/**
 * Versioned migrations, applied in order at start inside one transaction each. A replica that starts while another
 * migrates waits on an advisory lock instead of racing it. Never edit a released migration: add the next one.
 */
import type { Db } from './db.js';
import { INVENTORY_MIGRATION } from './migrations-inventory.js';

export interface Migration {
  version: number;
  name: string;
  /** Statements separated by a semicolon at a line end (no function bodies: use `statements` for those). */
  sql?: string;
  /** Statements run one by one, as written (function bodies may hold semicolons). */
  statements?: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, applications, accounts, keys, custom properties, monitors, idempotency, audit',
    sql: `
      CREATE TABLE tenants (
        id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE applications (
        client_id    text PRIMARY KEY,
        name         text NOT NULL,
        secret_hash  text NOT NULL,
        grant_type   text NOT NULL CHECK (grant_type IN ('read', 'read_write')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz
      );
      CREATE TABLE application_tenants (
        client_id  text NOT NULL REFERENCES applications(client_id) ON DELETE CASCADE,
        tenant_id  text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        PRIMARY KEY (client_id, tenant_id)
      );
      CREATE TABLE platform_accounts (
        id                  text PRIMARY KEY,
        tenant_id           text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        platform            text NOT NULL,
        name                text NOT NULL,
        backend_account_id  text NOT NULL,
        base_url            text NOT NULL,
        credentials         jsonb NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, platform, backend_account_id)
      );
      CREATE INDEX platform_accounts_tenant ON platform_accounts (tenant_id, platform);
      CREATE TABLE signing_keys (
        kid          text PRIMARY KEY,
        alg          text NOT NULL,
        private_jwk  jsonb NOT NULL,
        public_jwk   jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        retired_at   timestamptz
      );
      CREATE TABLE custom_properties (
        tenant_id   text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        product_id  text NOT NULL,
        name        text NOT NULL,
        value       text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, product_id, name)
      );
      CREATE INDEX custom_properties_by_value ON custom_properties (tenant_id, name, value);
      CREATE TABLE monitors (
        id              text PRIMARY KEY,
        tenant_id       text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        application_id  text,
        state           text NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED')),
        source_id       text,
        operation       text NOT NULL,
        request         jsonb NOT NULL,
        responses       jsonb NOT NULL DEFAULT '[]',
        errors          jsonb NOT NULL DEFAULT '[]',
        tracking        jsonb NOT NULL DEFAULT '[]',
        cancellable     boolean NOT NULL DEFAULT false,
        correlation_id  text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        next_poll_at    timestamptz,
        poll_attempts   integer NOT NULL DEFAULT 0
      );
      CREATE INDEX monitors_tenant ON monitors (tenant_id, created_at DESC, id DESC);
      CREATE INDEX monitors_due ON monitors (next_poll_at) WHERE state = 'IN_PROGRESS';
      CREATE TABLE idempotency_keys (
        tenant_id     text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        key           text NOT NULL,
        request_hash  text NOT NULL,
        response      jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      );
      CREATE TABLE audit_log (
        id              bigserial PRIMARY KEY,
        tenant_id       text NOT NULL,
        application_id  text,
        action          text NOT NULL,
        target          text,
        request         jsonb,
        result          jsonb,
        at              timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_tenant ON audit_log (tenant_id, at DESC);
    `,
  },
  INVENTORY_MIGRATION,
  {
    version: 3,
    name: 'gateway keys (cursor sealing key shared by replicas)',
    sql: `
      CREATE TABLE gateway_keys (
        purpose     text PRIMARY KEY,
        secret      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

/** Arbitrary constant identifying this application's migration lock. */
const MIGRATION_LOCK = 727_001;

export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length) return false;
      const statements =
        migration.statements ??
        (migration.sql ?? '')
          .split(/;\s*\n/)
          .map((s) => s.trim())
          .filter(Boolean);
      for (const statement of statements) {
        await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** True when every migration this code knows is applied (readiness). */
export async function isMigrated(db: Db): Promise<boolean> {
  const rows = await db.query<{ max: number | null }>('SELECT max(version) AS max FROM schema_migrations');
  return (rows[0]?.max ?? 0) >= MIGRATIONS[MIGRATIONS.length - 1]!.version;
}
