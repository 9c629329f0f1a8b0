/**
 * Drives monitors to their end. Every gateway process runs one tracker; each tick claims due monitors from the
 * store (row locks + lease, so a monitor is worked on by one process at a time and resumed by another if this one
 * dies), sends parts not sent yet, polls the platforms for accepted ones, records per-product results and publishes
 * monitor and product-status events.
 *
 * A part found in phase `sending` was being sent by a process that died: the platform may or may not have applied
 * it, and a carrier write is never repeated. Its products are read back from the platform instead (`reconcile`),
 * once it answers: a product showing the target status is DONE, one still showing another status is FAILED "not
 * applied" (on an asynchronous platform only after several reads, as the change may still be under way), and a part
 * the platform cannot be read for after MAX_RECONCILE_READS tries, or a characteristics change (nothing to compare
 * safely), stays FAILED with "outcome unknown".
 */
import { GatewayError, type ErrorCode } from '../domain/errors.js';
import { formatProductId, type ProductRef } from '../domain/ids.js';
import type { ChangeOutcome, PlatformAdapter } from '../datasources/adapter.js';
import type { AdapterPool } from '../datasources/pool.js';
import { adapterFor } from '../datasources/gateway-errors.js';
import type { Logger } from '../logging.js';
import type { EventBus } from '../subscriptions/events.js';
import type { InventoryStore } from '../inventory/store.js';
import { FINAL_STATES, type MonitorRecord, type ResponseState, type TrackedPart } from './model.js';
import type { MonitorStore } from './store.js';
import type { PlatformAccount, TenantStore } from '../store/tenants.js';
import type { CustomPropertyStore } from '../store/custom-properties.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import { isTransitionAllowed, PLATFORMS } from '../datasources/registry.js';
import { overallState, pollDelayMs } from './outcome.js';

/** Read-backs of a part whose sending process died before it is left "outcome unknown". */
const MAX_RECONCILE_READS = 20;

/**
 * What the tracker reads of a tenant's products. The product service satisfies it; it is declared here so that the
 * monitors module does not depend on the services above it.
 */
export interface ProductLookup {
  findBundle(ref: ProductRef): Promise<{ id: string; record: { accountId: string; status: ProductStatus } } | null>;
  accounts(): Promise<PlatformAccount[]>;
}

export interface TrackerOptions {
  /** How often to look for due monitors, ms. */
  intervalMs?: number;
  /** Monitors claimed per tick. */
  batch?: number;
  /** How long a claim keeps others away, ms. */
  leaseMs?: number;
  /** Polls before an accepted operation that never finishes is given up as FAILED. */
  maxPolls?: number;
}

export class MonitorTracker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private readonly intervalMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly maxPolls: number;

  constructor(
    private readonly deps: {
      monitors: MonitorStore;
      tenants: TenantStore;
      pool: AdapterPool;
      events: EventBus;
      logger: Logger;
      customProperties: CustomPropertyStore;
      /** The inventory, updated when an operation finishes (absent with INVENTORY=off). */
      inventory?: InventoryStore;
      /** A fresh product reader for a tenant (its own loaders). */
      productsFor: (tenantId: string) => ProductLookup;
    },
    options: TrackerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.batch = options.batch ?? 20;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxPolls = options.maxPolls ?? 400;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits for the tick in progress (its claims are released when their lease ends). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks for work now (after a mutation created a monitor). */
  wake(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((err) => this.deps.logger.error({ err }, 'monitor tracker tick failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** One round: claims due monitors and advances each. Returns how many were worked on. */
  async tick(): Promise<number> {
    const claimed = await this.deps.monitors.claimDue(this.batch, this.leaseMs);
    await Promise.all(
      claimed.map((m) =>
        this.advance(m).catch((err) => this.deps.logger.error({ err, monitor: m.id }, 'monitor could not be advanced')),
      ),
    );
    return claimed.length;
  }

  private async advance(monitor: MonitorRecord): Promise<void> {
    const m = structuredClone(monitor);
    const before = m.state;
    let pollFailed = false;
    for (let index = 0; index < m.tracking.length; index++) {
      const part = m.tracking[index]!;
      if (part.phase === 'finished') continue;
      if (part.unresolved) {
        // Resolving only reads and sets custom properties (idempotent): a process that died doing it is simply redone.
        if (part.phase === 'pending' && !(await this.deps.monitors.markSending(m.id, index, this.leaseMs))) return;
        const parts = await this.resolve(m, part);
        m.tracking.splice(index, 1, ...parts);
        index--; // look at the parts that replaced it
        await this.deps.monitors.save(m, 0);
        this.deps.events.monitorChanged({ tenantId: m.tenantId, monitorId: m.id, state: overallState(m.responses) });
        continue;
      }
      if (part.phase === 'sending') {
        if (!(await this.reconcile(m, part))) pollFailed = true; // not settled yet: read again at the next poll
        continue;
      }
      const account = await this.deps.tenants.getAccount(part.accountId);
      if (!account) {
        this.finishPart(m, part, 'FAILED', null, 'The platform account no longer exists in the gateway', 'NOT_FOUND');
        continue;
      }
      const adapter = adapterFor(this.deps.pool, account);
      if (part.phase === 'pending') {
        if (!(await this.deps.monitors.markSending(m.id, index, this.leaseMs))) return; // another process has it
        part.phase = 'sending';
        await this.send(m, part, adapter);
        await this.deps.monitors.save(m, 0);
        if ((part.phase as TrackedPart['phase']) === 'finished')
          this.deps.events.monitorChanged({ tenantId: m.tenantId, monitorId: m.id, state: overallState(m.responses) });
        continue;
      }
      // accepted: ask the platform how far it got
      try {
        const progress = await adapter.pollOperation!(part.ref!);
        for (const item of progress.items)
          this.setResponse(m, part, item.key, item.state, item.statusCode ?? null, item.message ?? null, item.body);
        if (progress.finished) {
          part.phase = 'finished';
          part.cancellable = false;
        }
      } catch (err) {
        pollFailed = true;
        this.deps.logger.warn(
          { monitor: m.id, platform: part.platform, err: (err as Error).message },
          'polling the platform failed; will retry',
        );
      }
    }
    m.cancellable = m.tracking.some((p) => p.phase !== 'finished' && p.cancellable);
    m.pollAttempts += 1;
    if (m.pollAttempts >= this.maxPolls && m.tracking.some((p) => p.phase !== 'finished')) {
      for (const part of m.tracking.filter((p) => p.phase !== 'finished')) {
        this.finishPart(
          m,
          part,
          'FAILED',
          null,
          `The platform did not finish the operation after ${m.pollAttempts} checks`,
          'BACKEND_UNAVAILABLE',
        );
      }
    }
    m.state = overallState(m.responses);
    const final = FINAL_STATES.includes(m.state);
    const saved = await this.deps.monitors.save(
      m,
      final ? null : pollDelayMs(pollFailed ? m.pollAttempts + 2 : m.pollAttempts),
    );
    if (saved.state !== before || JSON.stringify(monitor.responses) !== JSON.stringify(saved.responses)) {
      this.deps.events.monitorChanged({ tenantId: m.tenantId, monitorId: m.id, state: saved.state });
    }
  }

  /**
   * A batch's products of one platform: looked up (batched per account), checked against the transition table, given
   * their custom properties, and split per account into parts of the size the platform's bulk call takes.
   */
  private async resolve(m: MonitorRecord, part: TrackedPart): Promise<TrackedPart[]> {
    const products = this.deps.productsFor(m.tenantId);
    const found = await Promise.all(
      part.keys.map((key) =>
        products.findBundle({ platform: part.platform, key }).catch((err: unknown) => err as Error),
      ),
    );
    const groups = new Map<string, { keys: string[]; previous: Record<string, ProductStatus> }>();
    for (let i = 0; i < part.keys.length; i++) {
      const key = part.keys[i]!;
      const bundle = found[i];
      const single: TrackedPart = { ...part, keys: [key], unresolved: false };
      if (bundle instanceof Error) {
        const e = bundle instanceof GatewayError ? bundle : new GatewayError('BACKEND_UNAVAILABLE', bundle.message);
        this.finishPart(
          m,
          single,
          'FAILED',
          (e.extensions.statusCode as number | undefined) ?? null,
          e.message,
          e.code,
        );
        continue;
      }
      if (!bundle) {
        this.finishPart(
          m,
          single,
          'FAILED',
          404,
          `No product ${formatProductId({ platform: part.platform, key })} in this tenant's accounts`,
          'NOT_FOUND',
        );
        continue;
      }
      if (part.customProperties?.length) {
        await this.deps.customProperties.locked(m.tenantId, bundle.id, (tx) =>
          this.deps.customProperties.upsert(tx, m.tenantId, bundle.id, part.customProperties!),
        );
      }
      if (!part.target) {
        this.setResponse(m, single, key, 'DONE', null, 'Custom properties set', null);
        continue;
      }
      if (!isTransitionAllowed(part.platform, bundle.record.status, part.target)) {
        this.finishPart(
          m,
          single,
          'FAILED',
          null,
          `${part.platform} does not allow ${bundle.record.status} → ${part.target}`,
          'TRANSITION_NOT_ALLOWED',
        );
        continue;
      }
      const group = groups.get(bundle.record.accountId) ?? { keys: [], previous: {} };
      group.keys.push(key);
      group.previous[key] = bundle.record.status;
      groups.set(bundle.record.accountId, group);
    }
    const parts: TrackedPart[] = [];
    for (const [accountId, group] of groups) {
      const account = (await products.accounts()).find((a) => a.id === accountId)!;
      const size = Math.max(1, adapterFor(this.deps.pool, account).maxChangeBatch ?? 1);
      for (let i = 0; i < group.keys.length; i += size) {
        const keys = group.keys.slice(i, i + size);
        parts.push({
          accountId,
          platform: part.platform,
          keys,
          phase: 'pending',
          kind: part.kind,
          target: part.target,
          previous: Object.fromEntries(keys.map((k) => [k, group.previous[k]!])),
        });
      }
    }
    return parts;
  }

  /**
   * Settles a part whose sending process died by reading its products back from the platform. Returns false when
   * the part is not settled yet (the platform did not answer, or an asynchronous change may still be under way).
   */
  private async reconcile(m: MonitorRecord, part: TrackedPart): Promise<boolean> {
    const lead = 'Outcome unknown: the gateway process sending this change stopped before the platform answered';
    if (part.kind === 'CHARACTERISTICS' || !part.target) {
      this.finishPart(m, part, 'FAILED', null, `${lead}; check the product before retrying`, 'BACKEND_UNAVAILABLE');
      return true;
    }
    const reads = (part.reconcileReads ?? 0) + 1;
    part.reconcileReads = reads;
    const products = this.deps.productsFor(m.tenantId);
    let found: Array<Awaited<ReturnType<ProductLookup['findBundle']>>>;
    try {
      found = await Promise.all(part.keys.map((key) => products.findBundle({ platform: part.platform, key })));
    } catch (err) {
      if (reads < MAX_RECONCILE_READS) {
        this.deps.logger.warn(
          { monitor: m.id, platform: part.platform, err: (err as Error).message, reads },
          'reading back a change of a stopped process failed; will retry',
        );
        return false;
      }
      this.finishPart(
        m,
        part,
        'FAILED',
        null,
        `${lead}, and ${part.platform} could not be read back (${(err as Error).message}); check the product before retrying`,
        'BACKEND_UNAVAILABLE',
      );
      return true;
    }
    const asynchronous = PLATFORMS[part.platform].updateMode === 'ASYNC';
    if (asynchronous && reads < MAX_RECONCILE_READS && found.some((b) => b && b.record.status !== part.target))
      return false;
    part.keys.forEach((key, i) => {
      const bundle = found[i];
      const single: TrackedPart = { ...part, keys: [key] };
      if (!bundle)
        this.finishPart(
          m,
          single,
          'FAILED',
          404,
          `${lead}, and ${part.platform} no longer knows the product`,
          'NOT_FOUND',
        );
      else if (bundle.record.status === part.target)
        this.setResponse(
          m,
          part,
          key,
          'DONE',
          null,
          `Read back from ${part.platform} after the sending process stopped: applied`,
          null,
          bundle.record.status,
        );
      else
        this.finishPart(
          m,
          single,
          'FAILED',
          null,
          `${lead}; read back from ${part.platform}: not applied (the product is ${bundle.record.status}), so it is safe to retry`,
          'BACKEND_REJECTED',
        );
    });
    part.phase = 'finished';
    part.cancellable = false;
    return true;
  }

  /** Sends a part to its platform (once) and records what came back. */
  private async send(m: MonitorRecord, part: TrackedPart, adapter: PlatformAdapter): Promise<void> {
    let outcome: ChangeOutcome;
    try {
      outcome = await submit(adapter, part);
    } catch (err) {
      const e = err instanceof GatewayError ? err : new GatewayError('BACKEND_UNAVAILABLE', (err as Error).message);
      this.finishPart(m, part, 'FAILED', (e.extensions.statusCode as number | undefined) ?? null, e.message, e.code);
      return;
    }
    if (outcome.kind === 'accepted') {
      part.phase = 'accepted';
      part.ref = outcome.ref;
      part.cancellable = outcome.cancellable;
      return;
    }
    part.phase = 'finished';
    outcome.products.forEach((product, i) => {
      const key = part.keys[i]!;
      if (product) this.setResponse(m, part, key, 'DONE', 200, null, null, product.status);
      else this.setResponse(m, part, key, 'FAILED', 404, 'The platform does not know this product', null);
    });
  }

  private finishPart(
    m: MonitorRecord,
    part: TrackedPart,
    state: ResponseState,
    statusCode: number | null,
    message: string,
    code: ErrorCode,
  ): void {
    part.phase = 'finished';
    part.cancellable = false;
    for (const key of part.keys) {
      const productId = formatProductId({ platform: part.platform, key });
      if (state === 'FAILED' && !m.errors.some((e) => e.productId === productId))
        m.errors.push({ productId, platform: part.platform, code, message });
      this.setResponse(m, part, key, state, statusCode, message, null);
    }
  }

  /** Records one product's result; on a first DONE of a status change, publishes the product's new status. */
  private setResponse(
    m: MonitorRecord,
    part: TrackedPart,
    key: string,
    state: ResponseState,
    statusCode: number | null,
    message: string | null,
    body: unknown,
    newStatus?: string,
  ): void {
    const productId = formatProductId({ platform: part.platform, key });
    const response = m.responses.find((r) => r.productId === productId && r.platform === part.platform);
    const wasDone = response?.state === 'DONE';
    const value = { productId, platform: part.platform, state, statusCode, message, body: body ?? null };
    if (response) Object.assign(response, value);
    else m.responses.push(value);
    if (state === 'FAILED' && message && !m.errors.some((e) => e.productId === productId)) {
      m.errors.push({
        productId,
        platform: part.platform,
        code: statusCode && statusCode < 500 ? 'BACKEND_REJECTED' : 'BACKEND_UNAVAILABLE',
        message,
      });
    }
    if (state === 'DONE' && !wasDone && part.target && part.kind !== 'CHARACTERISTICS') {
      const status = (newStatus as typeof part.target) ?? part.target;
      this.deps.inventory
        ?.applyStatus(part.accountId, key, status, null, new Date())
        .catch((err: unknown) =>
          this.deps.logger.warn(
            { err, productId },
            'inventory not updated after a monitor finished; the next sync pass corrects it',
          ),
        );
      this.deps.events.productStatusChanged({
        tenantId: m.tenantId,
        productId,
        platform: part.platform,
        previous: part.previous?.[key] ?? null,
        status,
        occurredAt: new Date().toISOString(),
        monitorId: m.id,
        source: 'GATEWAY',
      });
    }
  }
}

/** The adapter call a part stands for. */
export function submit(adapter: PlatformAdapter, part: TrackedPart): Promise<ChangeOutcome> {
  switch (part.kind) {
    case 'SIM_STATUS':
      return adapter.changeSimStatus!({ keys: part.keys, target: part.target! });
    case 'TERMINAL_STATUS':
      return adapter.changeTerminalStatus!({ keys: part.keys, target: part.target! });
    case 'CHARACTERISTICS':
      return adapter.updateCharacteristics!({ keys: part.keys, ...(part.characteristics ?? {}) });
  }
}
