/**
 * The inventory's sync engine. Every gateway process runs one; they share the work through the store.
 *
 * Per platform account:
 * - a **full pass** lists every product (at start, then every `fullIntervalMs`, or when asked with `full`): it
 *   upserts each page, stores a checkpoint after each, and at the end removes what it did not see (products that
 *   vanished at the platform); products that appeared are counted. A full pass ends with the change watermark at
 *   its start, so the next change pass catches up with what changed while it listed.
 * - a **change pass** every `changeIntervalMs`: where the adapter offers `changes(since)` (Cisco `modifiedSince`,
 *   Aeris's change history), only what changed since the watermark (less a safety overlap for clock skew between
 *   the gateway and the platform); elsewhere a full pass.
 * - SIM card details that need one call per product (Cisco) are filled after a pass, as long as the lease allows,
 *   through the same limits (so at the budget interactive calls leave).
 * A status that differs from the inventory is written and published as `productStatusChanged` with source
 * PLATFORM — unless a gateway operation on that product is in flight (its monitor reports it as GATEWAY).
 *
 * Every carrier call runs `inBackground`: the platform rate limits serve it after interactive calls and within the
 * configured share of the budget (see datasources/kit/rate-limit.ts).
 *
 * Why not pg-boss or graphile-worker: both need a PostgreSQL server reached over the wire (LISTEN/NOTIFY, their own
 * schema and pools) and cannot run on the embedded PGlite, which is the default store; and the claim here must carry
 * the account's checkpoint and schedule in the same row. So this keeps the monitor tracker's pattern: a due row is
 * claimed with `FOR UPDATE SKIP LOCKED` and a lease that every page renews; a process that dies leaves its lease to
 * expire and another resumes from the checkpoint. A process that finds its lease taken stops that pass.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { PlatformAdapter } from '../datasources/adapter.js';
import { inBackground } from '../datasources/kit/priority.js';
import type { AdapterPool } from '../datasources/pool.js';
import { formatProductId } from '../domain/ids.js';
import type { Logger } from '../logging.js';
import type { PlatformAccount, TenantStore } from '../store/tenants.js';
import type { EventBus } from '../subscriptions/events.js';
import type { Checkpoint, InventoryStore, SyncRow, UpsertResult } from './store.js';

export interface SyncEngineOptions {
  changeIntervalMs: number;
  fullIntervalMs: number;
  /** How long a claim keeps other processes away without renewal. */
  leaseMs?: number;
  /** How often the engine looks for due accounts. */
  tickMs?: number;
  /** Accounts this process syncs at once. */
  parallel?: number;
  /** Longest time one run spends filling per-product details before it lets the account go. */
  detailsBudgetMs?: number;
  /** Change passes ask from the watermark less this much (platform clocks differ from ours). */
  overlapMs?: number;
}

class LeaseLost extends Error {}

/** How often a process looks for platform accounts that have no sync row yet. */
const ENSURE_EVERY_MS = 10_000;

export class SyncEngine {
  readonly owner = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = true;
  private ensuredAt = 0;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly parallel: number;

  constructor(
    private readonly deps: {
      store: InventoryStore;
      tenants: TenantStore;
      pool: AdapterPool;
      events: EventBus;
      logger: Logger;
    },
    private readonly options: SyncEngineOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.tickMs = options.tickMs ?? Math.min(1_000, options.changeIntervalMs);
    this.parallel = options.parallel ?? 10;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming and waits for the passes in progress to reach their next page boundary. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled(this.running.values());
  }

  /** Looks for due work now (after `syncInventory`). */
  wake(): void {
    if (!this.stopped && !this.ticking) this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.deps.logger.error({ err }, 'inventory sync tick failed'))
        .finally(() => {
          this.ticking = undefined;
          if (!this.stopped) this.schedule(this.tickMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** Claims due accounts up to the free capacity and starts a run for each. */
  async tick(): Promise<void> {
    const free = this.parallel - this.running.size;
    if (free <= 0) return;
    // New platform accounts join the schedule within ENSURE_EVERY_MS (syncInventory adds them at once).
    if (Date.now() - this.ensuredAt >= ENSURE_EVERY_MS) {
      await this.deps.store.ensureSyncRows();
      this.ensuredAt = Date.now();
    }
    const claimed = await this.deps.store.claim(this.owner, this.leaseMs, free, new Date());
    for (const row of claimed) {
      const run = this.run(row)
        .catch((err: unknown) => this.deps.logger.error({ err, account: row.account_id }, 'inventory sync run failed'))
        .finally(() => this.running.delete(row.account_id));
      this.running.set(row.account_id, run);
    }
  }

  private async run(row: SyncRow): Promise<void> {
    const account = await this.deps.tenants.getAccount(row.account_id);
    if (!account) return; // removed meanwhile; its rows went with it (ON DELETE CASCADE)
    const log = this.deps.logger.child({ platform: account.platform, account: account.id });
    const now = Date.now();
    let adapter: PlatformAdapter;
    try {
      adapter = this.deps.pool.get(account);
    } catch (err) {
      await this.fail(account, log, err);
      return;
    }
    const passStarted = Date.now();
    const resumed = row.checkpoint;
    const fullDue = !row.last_full_sync_at || new Date(row.next_full_at).getTime() <= now;
    const kind: Checkpoint['kind'] = resumed?.kind ?? (fullDue || !adapter.changes ? 'full' : 'change');
    try {
      await inBackground(async () => {
        const outcome =
          kind === 'full'
            ? await this.fullPass(account, adapter, row, log)
            : await this.changePass(account, adapter, row, log);
        const at = new Date();
        await this.deps.store.finish(account.id, this.owner, {
          ok: true,
          kind,
          at,
          watermark: outcome.watermark,
          nextFullAt: kind === 'full' ? new Date(at.getTime() + this.options.fullIntervalMs) : null,
          // From the pass's start, so a change waits at most one interval plus a pass.
          nextChangeAt: new Date(Math.max(passStarted + this.options.changeIntervalMs, at.getTime() + 250)),
          appeared: outcome.appeared,
          vanished: outcome.vanished,
          statusChanges: outcome.statusChanges,
          keepLease: true,
        });
        // The pass is recorded (reads use it now); then per-product details, still under the lease.
        const pending = await this.fillDetails(account, adapter);
        await this.deps.store.release(
          account.id,
          this.owner,
          pending ? new Date(Date.now() + Math.min(1_000, this.options.changeIntervalMs)) : null,
        );
      });
    } catch (err) {
      if (err instanceof LeaseLost) {
        log.warn('inventory sync lease lost to another process; it carries on from the checkpoint');
        return;
      }
      await this.fail(account, log, err);
    }
  }

  private async fail(account: PlatformAccount, log: Logger, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ err: message }, 'inventory sync failed; the inventory keeps what it holds');
    const retryMs = Math.min(this.options.changeIntervalMs, 30_000);
    await this.deps.store.finish(account.id, this.owner, {
      ok: false,
      error: message,
      retryAt: new Date(Date.now() + retryMs),
    });
  }

  private async fullPass(account: PlatformAccount, adapter: PlatformAdapter, row: SyncRow, log: Logger) {
    const resumed = row.checkpoint?.kind === 'full' ? row.checkpoint : null;
    let cp: Checkpoint = resumed ?? {
      kind: 'full',
      pass: Number(row.pass_no) + 1,
      position: null,
      startedAt: new Date().toISOString(),
      appeared: 0,
    };
    const firstSync = !row.last_full_sync_at;
    let statusChanges = 0;
    await this.checkpoint(account, cp);
    for (;;) {
      const observedAt = new Date();
      const page = await adapter.list(cp.position);
      const result = await this.deps.store.upsertPage(account, page.items, { observedAt, pass: cp.pass });
      statusChanges += await this.publish(account, result);
      cp = { ...cp, position: page.next, appeared: cp.appeared + (firstSync ? 0 : result.appeared.length) };
      if (!firstSync && result.appeared.length)
        log.info(
          { products: result.appeared.map((key) => formatProductId({ platform: account.platform, key })) },
          'products appeared at the platform',
        );
      if (page.next === null) break;
      await this.checkpoint(account, cp);
    }
    const vanished = await this.deps.store.removeUnseen(account.id, cp.pass);
    if (vanished.length)
      log.info(
        { products: vanished.map((key) => formatProductId({ platform: account.platform, key })) },
        'products vanished at the platform',
      );
    return { watermark: new Date(cp.startedAt), appeared: cp.appeared, vanished: vanished.length, statusChanges };
  }

  private async changePass(account: PlatformAccount, adapter: PlatformAdapter, row: SyncRow, log: Logger) {
    const resumed = row.checkpoint?.kind === 'change' ? row.checkpoint : null;
    const from = row.change_watermark ?? row.last_full_sync_at ?? new Date(0);
    let cp: Checkpoint = resumed ?? {
      kind: 'change',
      pass: Number(row.pass_no),
      position: null,
      startedAt: new Date().toISOString(),
      since: new Date(new Date(from).getTime() - (this.options.overlapMs ?? 30_000)).toISOString(),
      appeared: 0,
    };
    let statusChanges = 0;
    await this.checkpoint(account, cp);
    for (;;) {
      const observedAt = new Date();
      const page = await adapter.changes!(new Date(cp.since!), cp.position);
      const result = await this.deps.store.upsertPage(account, page.items, { observedAt });
      statusChanges += await this.publish(account, result);
      cp = { ...cp, position: page.next, appeared: cp.appeared + result.appeared.length };
      if (result.appeared.length)
        log.info(
          { products: result.appeared.map((key) => formatProductId({ platform: account.platform, key })) },
          'products appeared at the platform',
        );
      if (page.next === null) break;
      await this.checkpoint(account, cp);
    }
    return { watermark: new Date(cp.startedAt), appeared: cp.appeared, vanished: 0, statusChanges };
  }

  private async checkpoint(account: PlatformAccount, cp: Checkpoint): Promise<void> {
    if (!(await this.deps.store.progress(account.id, this.owner, this.leaseMs, { checkpoint: cp, state: 'SYNCING' })))
      throw new LeaseLost();
    if (this.stopped) throw new LeaseLost(); // shutting down: leave the rest to the next owner, from this checkpoint
  }

  /** Publishes the status changes a pass found, except those a gateway operation in flight will report itself. */
  private async publish(account: PlatformAccount, result: UpsertResult): Promise<number> {
    if (!result.changed.length) return 0;
    const pending = await this.deps.store.keysInFlight(account.tenantId, account.id);
    const occurredAt = new Date().toISOString();
    let published = 0;
    for (const change of result.changed) {
      if (pending.has(change.key)) continue;
      published++;
      this.deps.events.productStatusChanged({
        tenantId: account.tenantId,
        productId: formatProductId({ platform: account.platform, key: change.key }),
        platform: account.platform,
        previous: change.previous,
        status: change.status,
        occurredAt,
        monitorId: null,
        source: 'PLATFORM',
      });
    }
    return published;
  }

  /**
   * Fills SIM card details the platform's list leaves out (one call per product on Cisco), for as long as the
   * details budget allows. Answers true when some are still missing.
   */
  private async fillDetails(account: PlatformAccount, adapter: PlatformAdapter): Promise<boolean> {
    if (!adapter.simCards) return false;
    const until = Date.now() + (this.options.detailsBudgetMs ?? 2_000);
    const batch = Math.max(1, Math.min(adapter.maxBatch.simCards, 50));
    while (Date.now() < until && !this.stopped) {
      const keys = await this.deps.store.pendingDetails(account.id, batch);
      if (!keys.length) return false;
      const cards = await adapter.simCards(keys, () => undefined);
      const at = new Date();
      for (let i = 0; i < keys.length; i++) {
        const card = cards[i];
        if (card) await this.deps.store.storeSubProduct(account.id, keys[i]!, 'simCards', card, at);
        // Gone at the platform meanwhile: not asked for again; the next full pass removes it.
        else await this.deps.store.clearDetailsPending(account.id, keys[i]!);
      }
      if (!(await this.deps.store.progress(account.id, this.owner, this.leaseMs, { checkpoint: null })))
        throw new LeaseLost();
    }
    return true;
  }
}
