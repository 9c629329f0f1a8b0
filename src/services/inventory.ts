/**
 * The inventory's sync state as the calling tenant sees it (`inventorySync`, `Backend.sync`) and its requests for a
 * pass now (`syncInventory`, which returns at once: the work runs in the sync engine).
 */
import type { AppDeps } from '../app-deps.js';
import { badInput, GatewayError } from '../domain/errors.js';
import type { PlatformCode } from '../datasources/registry.js';
import type { SyncRow } from '../inventory/store.js';
import type { PlatformAccount } from '../store/tenants.js';

export interface AccountSyncView {
  platform: PlatformCode;
  accountId: string;
  state: SyncRow['state'];
  products: number;
  lastFullSyncAt: Date | null;
  lastChangeSyncAt: Date | null;
  lagSeconds: number | null;
  error: string | null;
}

export class InventoryService {
  constructor(
    private readonly deps: Pick<AppDeps, 'inventory' | 'sync' | 'tenants'>,
    private readonly tenantId: string,
  ) {}

  /** The sync state of the tenant's accounts (of one platform when given), in account order. */
  async states(platform?: PlatformCode): Promise<AccountSyncView[]> {
    const accounts = (await this.deps.tenants.listAccounts(this.tenantId)).filter(
      (a) => !platform || a.platform === platform,
    );
    if (!this.deps.inventory) return [];
    return this.viewsOf(accounts);
  }

  /** Asks the engine for a pass of these accounts (all when omitted) now; `full` lists everything again. */
  async request(accountIds: readonly string[] | null, full: boolean): Promise<AccountSyncView[]> {
    if (!this.deps.inventory || !this.deps.sync)
      throw new GatewayError('NOT_SUPPORTED', 'The product inventory is off (INVENTORY=off): there is nothing to sync');
    const all = await this.deps.tenants.listAccounts(this.tenantId);
    let accounts = all;
    if (accountIds?.length) {
      const unknown = accountIds.filter((id) => !all.some((a) => a.backendAccountId === id));
      if (unknown.length)
        throw badInput(`Unknown account id(s) ${unknown.map((u) => `"${u}"`).join(', ')}`, { field: 'accountIds' });
      accounts = all.filter((a) => accountIds.includes(a.backendAccountId));
    }
    await this.deps.inventory.request(
      this.tenantId,
      accounts.map((a) => a.id),
      full,
      new Date(),
    );
    this.deps.sync.wake();
    return this.viewsOf(accounts);
  }

  private async viewsOf(accounts: readonly PlatformAccount[]): Promise<AccountSyncView[]> {
    const inventory = this.deps.inventory!;
    const [rows, counts] = await Promise.all([
      inventory.syncRows(
        this.tenantId,
        accounts.map((a) => a.id),
      ),
      inventory.productCounts(this.tenantId),
    ]);
    const byId = new Map(rows.map((r) => [r.account_id, r]));
    const now = Date.now();
    return [...accounts]
      .sort((a, b) => (a.platform + a.backendAccountId < b.platform + b.backendAccountId ? -1 : 1))
      .map((account) => {
        const row = byId.get(account.id);
        const full = row?.last_full_sync_at ? new Date(row.last_full_sync_at) : null;
        const change = row?.last_change_sync_at ? new Date(row.last_change_sync_at) : null;
        const confirmed = Math.max(full?.getTime() ?? 0, change?.getTime() ?? 0);
        return {
          platform: account.platform,
          accountId: account.backendAccountId,
          state: row?.state ?? 'NEVER',
          products: counts.get(account.id) ?? 0,
          lastFullSyncAt: full,
          lastChangeSyncAt: change,
          lagSeconds: confirmed ? Math.max(0, (now - confirmed) / 1000) : null,
          error: row?.state === 'FAILED' ? row.last_error : null,
        };
      });
  }
}
