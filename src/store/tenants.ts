/**
 * Tenants, the applications allowed to call them, and the carrier platform accounts each tenant may use.
 */
import { randomUUID } from 'node:crypto';
import { hashSecret, newSecret, verifySecret } from '../auth/secrets.js';
import type { PlatformCode } from '../datasources/platform-codes.js';
import type { SecretBox } from '../security/secret-box.js';
import type { Db } from './db.js';

export type Grant = 'read' | 'read_write';

export interface Tenant {
  id: string;
  name: string;
}

export interface Application {
  clientId: string;
  name: string;
  grant: Grant;
  tenants: string[];
  revoked: boolean;
}

export interface PlatformAccount {
  /** The gateway's id for the account. */
  id: string;
  tenantId: string;
  platform: PlatformCode;
  name: string;
  /** The account's id at the platform (organization, partner, account id…). */
  backendAccountId: string;
  baseUrl: string;
  /** Platform-specific credential fields; never logged or shown. */
  credentials: Record<string, string>;
}

interface AccountRow {
  id: string;
  tenant_id: string;
  platform: PlatformCode;
  name: string;
  backend_account_id: string;
  base_url: string;
  credentials: Record<string, string>;
}

/** How long a process reuses what it read of applications and accounts (every request needs both). */
const CACHE_MS = 5_000;
/** Past this age a cached read is not served while it refreshes: the caller waits for the store. */
const STALE_MS = 60_000;

export class TenantStore {
  /**
   * Short-lived read caches: each GraphQL request checks its application and lists its tenant's accounts, so these
   * reads are shared for CACHE_MS. Writes through this store clear them at once; a change made by another process
   * (the admin CLI, another replica) is seen within CACHE_MS plus one store read (see `cached`).
   */
  private readonly applications = new Map<
    string,
    { at: number; value: Promise<Application | undefined>; refreshing?: boolean }
  >();
  private readonly accountLists = new Map<
    string,
    { at: number; value: Promise<PlatformAccount[]>; refreshing?: boolean }
  >();

  constructor(
    private readonly db: Db,
    /** Seals carrier credentials at rest; without one they are stored as given (tests of the store alone). */
    private readonly box?: SecretBox,
  ) {}

  /**
   * A cached read. Past CACHE_MS the entry is refreshed in the background while requests keep the value they had
   * (refresh-ahead), so no request waits on the store for its application or accounts once they are known; an entry
   * unused for STALE_MS is read afresh. Writes through this store drop every entry (`forget`).
   */
  private cached<T>(
    map: Map<string, { at: number; value: Promise<T>; refreshing?: boolean }>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const hit = map.get(key);
    const now = Date.now();
    if (hit && now - hit.at < CACHE_MS) return hit.value;
    if (hit && now - hit.at < STALE_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const value = load();
        value.then(
          () => map.get(key) === hit && map.set(key, { at: Date.now(), value }),
          () => map.get(key) === hit && map.delete(key),
        );
      }
      return hit.value;
    }
    const value = load();
    map.set(key, { at: now, value });
    value.catch(() => map.delete(key));
    return value;
  }

  private forget(): void {
    this.applications.clear();
    this.accountLists.clear();
  }

  private toAccount(r: AccountRow): PlatformAccount {
    return {
      id: r.id,
      tenantId: r.tenant_id,
      platform: r.platform,
      name: r.name,
      backendAccountId: r.backend_account_id,
      baseUrl: r.base_url,
      credentials: this.box ? this.box.open<Record<string, string>>(r.credentials) : r.credentials,
    };
  }

  private seal(credentials: Record<string, string>): string {
    return JSON.stringify(this.box ? this.box.seal(credentials) : credentials);
  }

  async createTenant(id: string, name: string): Promise<Tenant> {
    await this.db.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, name]);
    return { id, name };
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const rows = await this.db.query<Tenant>('SELECT id, name FROM tenants WHERE id = $1', [id]);
    return rows[0];
  }

  async listTenants(): Promise<Tenant[]> {
    return this.db.query<Tenant>('SELECT id, name FROM tenants ORDER BY id');
  }

  /** Creates an application and returns its secret (shown once; only its hash is stored). */
  async createApplication(input: {
    name: string;
    grant: Grant;
    tenants: string[];
    clientId?: string;
    secret?: string;
  }): Promise<{ application: Application; secret: string }> {
    this.forget();
    const clientId = input.clientId ?? `app-${randomUUID()}`;
    const secret = input.secret ?? newSecret();
    const hash = await hashSecret(secret);
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO applications (client_id, name, secret_hash, grant_type) VALUES ($1, $2, $3, $4)', [
        clientId,
        input.name,
        hash,
        input.grant,
      ]);
      for (const tenant of input.tenants) {
        await tx.query('INSERT INTO application_tenants (client_id, tenant_id) VALUES ($1, $2)', [clientId, tenant]);
      }
    });
    return {
      application: { clientId, name: input.name, grant: input.grant, tenants: [...input.tenants], revoked: false },
      secret,
    };
  }

  getApplication(clientId: string): Promise<Application | undefined> {
    return this.cached(this.applications, clientId, () => this.readApplication(clientId));
  }

  private async readApplication(clientId: string): Promise<Application | undefined> {
    const rows = await this.db.query<{
      client_id: string;
      name: string;
      grant_type: Grant;
      revoked_at: Date | null;
      tenants: string[] | null;
    }>(
      `SELECT a.client_id, a.name, a.grant_type, a.revoked_at,
              array_remove(array_agg(t.tenant_id ORDER BY t.tenant_id), NULL) AS tenants
         FROM applications a LEFT JOIN application_tenants t ON t.client_id = a.client_id
        WHERE a.client_id = $1 GROUP BY a.client_id`,
      [clientId],
    );
    const r = rows[0];
    return (
      r && {
        clientId: r.client_id,
        name: r.name,
        grant: r.grant_type,
        tenants: r.tenants ?? [],
        revoked: r.revoked_at !== null,
      }
    );
  }

  /** The application when `secret` is its current secret and it is not revoked; otherwise undefined. */
  async authenticate(clientId: string, secret: string): Promise<Application | undefined> {
    const rows = await this.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM applications WHERE client_id = $1 AND revoked_at IS NULL',
      [clientId],
    );
    const ok = rows[0] ? await verifySecret(secret, rows[0].secret_hash) : false;
    return ok ? this.getApplication(clientId) : undefined;
  }

  /** Replaces an application's secret (rotation); returns false when there is no such application. */
  async setSecret(clientId: string, secret: string): Promise<boolean> {
    this.forget();
    const rows = await this.db.query(
      'UPDATE applications SET secret_hash = $2 WHERE client_id = $1 RETURNING client_id',
      [clientId, await hashSecret(secret)],
    );
    return rows.length > 0;
  }

  async listApplications(): Promise<Application[]> {
    const rows = await this.db.query<{ client_id: string }>(
      'SELECT client_id FROM applications ORDER BY created_at, client_id',
    );
    return (await Promise.all(rows.map((r) => this.getApplication(r.client_id)))).filter((a): a is Application => !!a);
  }

  /** Revokes an application: its secret stops working and its live tokens are refused. */
  async revokeApplication(clientId: string): Promise<boolean> {
    this.forget();
    const rows = await this.db.query(
      'UPDATE applications SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL RETURNING client_id',
      [clientId],
    );
    return rows.length > 0;
  }

  async removeAccount(id: string): Promise<boolean> {
    this.forget();
    const rows = await this.db.query('DELETE FROM platform_accounts WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  async addAccount(input: Omit<PlatformAccount, 'id'> & { id?: string }): Promise<PlatformAccount> {
    this.forget();
    const account = {
      ...input,
      id: input.id ?? `${input.tenantId}-${input.platform.toLowerCase()}-${randomUUID().slice(0, 8)}`,
    };
    await this.db.query(
      `INSERT INTO platform_accounts (id, tenant_id, platform, name, backend_account_id, base_url, credentials)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        account.id,
        account.tenantId,
        account.platform,
        account.name,
        account.backendAccountId,
        account.baseUrl,
        this.seal(account.credentials),
      ],
    );
    return account;
  }

  listAccounts(tenantId: string): Promise<PlatformAccount[]> {
    return this.cached(this.accountLists, tenantId, () => this.readAccounts(tenantId));
  }

  private async readAccounts(tenantId: string): Promise<PlatformAccount[]> {
    const rows = await this.db.query<AccountRow>(
      'SELECT * FROM platform_accounts WHERE tenant_id = $1 ORDER BY platform, name, id',
      [tenantId],
    );
    return rows.map((r) => this.toAccount(r));
  }

  async getAccount(id: string): Promise<PlatformAccount | undefined> {
    const rows = await this.db.query<AccountRow>('SELECT * FROM platform_accounts WHERE id = $1', [id]);
    return rows[0] && this.toAccount(rows[0]);
  }

  async updateAccountEndpoint(id: string, baseUrl: string, credentials: Record<string, string>): Promise<void> {
    this.forget();
    await this.db.query('UPDATE platform_accounts SET base_url = $2, credentials = $3 WHERE id = $1', [
      id,
      baseUrl,
      this.seal(credentials),
    ]);
  }
}
