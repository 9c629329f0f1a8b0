/**
 * The `backends` query: the capability tables as data, with the calling tenant's accounts on each platform. Status
 * transitions are listed only for platforms whose SIMs or terminals can change status through the gateway (the
 * SIM_STATUS_CHANGE or TERMINAL_STATUS_CHANGE capability): a platform that refuses every change lists none.
 */
import { featuresOf, PLATFORMS, PLATFORM_CODES, supports, transitionsOf } from '../datasources/registry.js';
import type { Backend } from '../schema/backend.js';
import type { Platform } from '../schema/enums.js';
import type { TenantStore } from '../store/tenants.js';

export class BackendService {
  constructor(
    private readonly tenants: TenantStore,
    private readonly tenantId: string,
  ) {}

  async list(): Promise<Backend[]> {
    const accounts = await this.tenants.listAccounts(this.tenantId);
    return PLATFORM_CODES.map((code) => {
      const p = PLATFORMS[code];
      return {
        platform: code as Platform,
        operators: [...p.operators],
        system: p.system,
        connectivityTypes: [...p.connectivityTypes] as Backend['connectivityTypes'],
        updateMode: p.updateMode as Backend['updateMode'],
        features: featuresOf(code),
        simStatusTransitions:
          supports(code, 'SIM_STATUS_CHANGE') || supports(code, 'TERMINAL_STATUS_CHANGE') ? transitionsOf(code) : [],
        accounts: accounts
          .filter((a) => a.platform === code)
          .map((a) => ({ id: a.backendAccountId, name: a.name, role: 'platformAccount' })),
      };
    });
  }
}
