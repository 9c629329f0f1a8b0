/** The long-lived parts of a gateway process, built once at start (src/app.ts) and shared by every request. */
import type { KeyStore } from './auth/keys.js';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config/config.js';
import type { AdapterPool } from './datasources/pool.js';
import type { Metrics } from './observability/metrics.js';
import type { Logger } from './logging.js';
import type { Db } from './store/db.js';
import type { MonitorTracker } from './monitors/tracker.js';
import type { AppBudget } from './security/app-budget.js';
import type { AuditStore } from './store/audit.js';
import type { IdempotencyStore } from './store/idempotency.js';
import type { MonitorStore } from './monitors/store.js';
import type { EventBus, SharedReads } from './subscriptions/events.js';
import type { CustomPropertyStore } from './store/custom-properties.js';
import type { TenantStore } from './store/tenants.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  tenants: TenantStore;
  keys: KeyStore;
  tokens: TokenService;
  customProperties: CustomPropertyStore;
  audit: AuditStore;
  monitors: MonitorStore;
  idempotency: IdempotencyStore;
  events: EventBus;
  /** One store read per monitor event, shared by its subscribers. */
  monitorReads: SharedReads<import('./monitors/model.js').MonitorRecord | undefined>;
  tracker: MonitorTracker;
  metrics: Metrics;
  /** One adapter per platform account, shared by all requests. */
  pool: AdapterPool;
  /** Present when REDIS_URL is set: shared rate limits (events have their own connections). */
  redis?: import('ioredis').Redis;
  /** The product inventory and its sync engine; absent with INVENTORY=off (wave 1's live reads). */
  inventory?: import('./inventory/store.js').InventoryStore;
  sync?: import('./inventory/engine.js').SyncEngine;
  /** Seals the cursors handed to clients (the deployment's key, from the store). */
  cursors: import('./security/cursor-seal.js').CursorSeal;
  /** Per-application cost budget. */
  budget: AppBudget;
}
