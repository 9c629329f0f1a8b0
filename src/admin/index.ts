/**
 * What the gateway process needs of administration (src/server.ts keeps to two calls):
 * - `holdStoreLock`: with PGlite on disk, take DATA_DIR's lock before opening the store (src/admin/lock.ts);
 * - `mountAdminApi`: serve the admin API under /admin/v1 (src/admin/router.ts) unless ADMIN_API=off.
 */
import type { Express } from 'express';
import type { AppDeps } from '../app-deps.js';
import type { Config } from '../config/config.js';
import { ensureAdminCredential } from './credential.js';
import { StoreBusyError, StoreLock } from './lock.js';
import { ADMIN_API_PREFIX, adminRouter } from './router.js';
import { AdminService } from './service.js';

/** DATA_DIR's lock when this process opens PGlite files itself; undefined with DATABASE_URL, memory:// or a given Db. */
export function holdStoreLock(config: Config, storeGiven: boolean): StoreLock | undefined {
  if (storeGiven || config.DATABASE_URL || config.DATA_DIR.startsWith('memory://')) return undefined;
  try {
    return StoreLock.acquire(config.DATA_DIR, 'gateway');
  } catch (err) {
    if (err instanceof StoreBusyError && err.holder.role === 'gateway') {
      throw new Error(
        `${err.message}: stop it, or give this gateway another DATA_DIR (or DATABASE_URL for replicas sharing one store)`,
      );
    }
    throw err;
  }
}

export function mountAdminApi(app: Express, deps: AppDeps): void {
  if (deps.config.ADMIN_API === 'off') return;
  const service = new AdminService({
    tenants: deps.tenants,
    keys: deps.keys,
    tokenTtlSeconds: deps.config.TOKEN_TTL_SECONDS,
  });
  app.use(
    ADMIN_API_PREFIX,
    adminRouter({
      service,
      credential: ensureAdminCredential(deps.config),
      logger: deps.logger.child({ component: 'admin' }),
      storeKind: deps.db.kind,
    }),
  );
}
