/**
 * Changing products: SIM and terminal status, TMSP characteristics, and batches. Every check that needs no backend
 * comes first — capability (NOT_SUPPORTED), id syntax (BAD_USER_INPUT) — then the product's current status is read
 * and the transition table consulted (TRANSITION_NOT_ALLOWED). Only then is the platform called.
 *
 * A single change is written to the store as a monitor in phase `sending` before the platform is called, so a
 * process killed mid-call leaves a monitor that the next process reports as "outcome unknown" instead of losing it.
 * A synchronous platform's change returns the product (the provisional monitor is dropped); an asynchronous one
 * returns the monitor, which the tracker drives to its end.
 */
import { badInput, GatewayError, notFound } from '../domain/errors.js';
import { formatProductId, parseProductId, type ProductRef } from '../domain/ids.js';
import type { MonitorOperation } from '../domain/vocabulary.js';
import { submit, type MonitorTracker } from '../monitors/tracker.js';
import { isTransitionAllowed, PLATFORMS } from '../datasources/registry.js';
import type { ProductStatus } from '../domain/vocabulary.js';
import type { AuditStore } from '../store/audit.js';
import { requestHash, type IdempotencyStore } from '../store/idempotency.js';
import type { MonitorRecord, TrackedPart } from '../monitors/model.js';
import type { MonitorStore } from '../monitors/store.js';
import { planBatch } from '../monitors/service.js';
import type { EventBus } from '../subscriptions/events.js';
import type { InventoryStore } from '../inventory/store.js';
import type { BundleView } from './present.js';
import { ProductService } from './products.js';

export const MAX_BATCH = 1000;

export type UpdateResult =
  | { mode: 'SYNC'; product: BundleView | null; monitor: null }
  | { mode: 'ASYNC'; product: null; monitor: MonitorRecord };

/** What an idempotency key remembers of a result. */
type StoredResult =
  { mode: 'SYNC'; productId: string } | { mode: 'ASYNC'; monitorId: string } | { mode: 'BATCH'; monitorId: string };

export interface ChangeDeps {
  monitors: MonitorStore;
  idempotency: IdempotencyStore;
  audit: AuditStore;
  events: EventBus;
  tracker: MonitorTracker;
  /** Updated at once when a platform applies a change synchronously (absent with INVENTORY=off). */
  inventory?: InventoryStore;
}

export class ChangeService {
  constructor(
    private readonly deps: ChangeDeps,
    private readonly tenantId: string,
    private readonly applicationId: string | null,
    private readonly products: ProductService,
  ) {}

  updateSimCardStatus(productId: string, status: ProductStatus, idempotencyKey: string | null): Promise<UpdateResult> {
    const ref = bundleRef(productId, ['simCard']);
    ProductService.requireFeature(ref.platform, 'SIM_STATUS_CHANGE', 'changing the SIM card status');
    return this.idempotent(idempotencyKey, 'updateSimCardStatus', { productId: formatProductId(ref), status }, () =>
      this.changeStatus(ref, status, 'SIM_STATUS', 'SIM_STATUS_CHANGE'),
    );
  }

  updateTerminalStatus(productId: string, status: ProductStatus, idempotencyKey: string | null): Promise<UpdateResult> {
    const ref = bundleRef(productId, ['terminal']);
    ProductService.requireFeature(ref.platform, 'TERMINAL_STATUS_CHANGE', 'changing the terminal status');
    return this.idempotent(idempotencyKey, 'updateTerminalStatus', { productId: formatProductId(ref), status }, () =>
      this.changeStatus(ref, status, 'TERMINAL_STATUS', 'TERMINAL_STATUS_CHANGE'),
    );
  }

  updateCharacteristics(
    productId: string,
    input: { productOffering?: string | null; relatedPartyId?: string | null; simProfile?: string | null },
    idempotencyKey: string | null,
  ): Promise<UpdateResult> {
    const ref = bundleRef(productId, ['simCard']);
    ProductService.requireFeature(ref.platform, 'CHARACTERISTICS_UPDATE', 'updating product characteristics');
    const characteristics = Object.fromEntries(Object.entries(input).filter(([, v]) => v != null)) as Record<
      string,
      string
    >;
    if (!Object.keys(characteristics).length)
      throw badInput('Give at least one of productOffering, relatedPartyId, simProfile', { field: 'input' });
    for (const [name, value] of Object.entries(characteristics)) {
      if (value.length < 1 || value.length > 128)
        throw badInput(`${name} must be 1 to 128 characters`, { field: `input.${name}` });
    }
    return this.idempotent(
      idempotencyKey,
      'updateProductCharacteristics',
      { productId: formatProductId(ref), characteristics },
      async () => {
        const bundle = await this.requireBundle(ref);
        return this.runSingle(
          bundle,
          'CHARACTERISTICS_UPDATE',
          { kind: 'CHARACTERISTICS', characteristics },
          { productId: bundle.id, ...characteristics },
        );
      },
    );
  }

  /**
   * A batch: 1..1000 products of any platforms. Answered at once with a monitor holding one response per product;
   * the tracker looks the products up, checks each transition, applies custom properties, and sends each platform
   * account its part — one bulk call where the platform takes many products.
   */
  async batchUpdate(
    input: {
      productIds: string[];
      status?: ProductStatus | null;
      customProperties?: Array<{ name: string; value: string }> | null;
    },
    idempotencyKey: string | null,
  ): Promise<MonitorRecord> {
    const ids = input.productIds ?? [];
    if (ids.length < 1 || ids.length > MAX_BATCH)
      throw badInput(`A batch takes 1 to ${MAX_BATCH} products (got ${ids.length})`, { field: 'input.productIds' });
    if (input.status == null && !input.customProperties?.length)
      throw badInput('Give a status, custom properties, or both', { field: 'input' });
    const bad: string[] = [];
    const refs: ProductRef[] = [];
    for (const id of ids) {
      try {
        refs.push(bundleRef(id, ['simCard', 'terminal']));
      } catch (err) {
        bad.push(err instanceof GatewayError ? err.message : id);
      }
    }
    if (bad.length)
      throw badInput(
        `${bad.length} product id(s) are malformed: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? '; …' : ''}`,
        { field: 'input.productIds' },
      );
    const unique = [...new Map(refs.map((r) => [formatProductId(r), r])).values()];
    if (unique.length !== refs.length)
      throw badInput('A batch must not name a product twice', { field: 'input.productIds' });
    input.customProperties?.forEach((p, i) => {
      if (!p.name || p.name.length > 64 || p.value.length > 1024)
        throw badInput(`customProperties[${i}]: name 1 to 64 characters, value at most 1024`, {
          field: 'input.customProperties',
        });
    });

    const request = {
      productIds: unique.map((r) => formatProductId(r)),
      status: input.status ?? null,
      customProperties: input.customProperties ?? [],
    };
    const result = await this.idempotent(
      idempotencyKey,
      'batchUpdate',
      request,
      async () => {
        const { responses, errors, tracking } = planBatch(unique, input.status ?? null, input.customProperties ?? []);
        const monitor = await this.deps.monitors.create({
          tenantId: this.tenantId,
          applicationId: this.applicationId,
          sourceId: null,
          operation: 'BATCH_UPDATE',
          request,
          responses,
          errors,
          tracking,
          cancellable: false,
          state: tracking.length ? 'IN_PROGRESS' : 'FAILED',
        });
        await this.audit('BATCH_UPDATE', null, request, { monitorId: monitor.id });
        this.deps.events.monitorChanged({ tenantId: this.tenantId, monitorId: monitor.id, state: monitor.state });
        this.deps.tracker.wake();
        return { mode: 'ASYNC', product: null, monitor } as UpdateResult;
      },
      'BATCH',
    );
    return result.monitor!;
  }

  private async requireBundle(ref: ProductRef): Promise<BundleView> {
    // A change is checked against the platform's current state, never against the inventory's copy.
    const bundle = await this.products.findBundle(ref, 'LIVE');
    if (!bundle) throw notFound(`No product ${formatProductId(ref)} in this tenant's accounts`, { field: 'productId' });
    return bundle;
  }

  private async changeStatus(
    ref: ProductRef,
    status: ProductStatus,
    kind: 'SIM_STATUS' | 'TERMINAL_STATUS',
    operation: MonitorOperation,
  ): Promise<UpdateResult> {
    const bundle = await this.requireBundle(ref);
    if (!isTransitionAllowed(ref.platform, bundle.record.status, status)) {
      throw new GatewayError(
        'TRANSITION_NOT_ALLOWED',
        `${ref.platform} does not allow ${bundle.record.status} → ${status}`,
        {
          platform: PLATFORMS[ref.platform].name,
          from: bundle.record.status,
          to: status,
        },
      );
    }
    return this.runSingle(
      bundle,
      operation,
      { kind, target: status, previous: { [ref.key]: bundle.record.status } },
      { productId: bundle.id, status },
    );
  }

  /** Records a provisional monitor, calls the platform once, and answers SYNC or ASYNC as the platform did. */
  private async runSingle(
    bundle: BundleView,
    operation: MonitorOperation,
    spec: Pick<TrackedPart, 'kind' | 'target' | 'characteristics' | 'previous'>,
    request: Record<string, unknown>,
  ): Promise<UpdateResult> {
    const record = bundle.record;
    const account = (await this.products.accounts()).find((a) => a.id === record.accountId)!;
    const adapter = this.products.adapter(account);
    const part: TrackedPart = {
      accountId: account.id,
      platform: record.platform,
      keys: [record.key],
      phase: 'sending',
      ...spec,
    };
    const provisional = await this.deps.monitors.create({
      tenantId: this.tenantId,
      applicationId: this.applicationId,
      sourceId: bundle.id,
      operation,
      request,
      responses: [
        {
          productId: bundle.id,
          platform: record.platform,
          state: 'IN_PROGRESS',
          statusCode: null,
          message: null,
          body: null,
        },
      ],
      tracking: [part],
      cancellable: false,
      firstPollInMs: 60_000, // only a process that died mid-call leaves it for the tracker
    });
    let outcome;
    try {
      outcome = await submit(adapter, part);
    } catch (err) {
      await this.deps.monitors.delete(provisional.id);
      await this.audit(operation, bundle.id, request, {
        error: err instanceof GatewayError ? { code: err.code, message: err.message } : 'internal',
      });
      throw err;
    }
    if (outcome.kind === 'applied') {
      await this.deps.monitors.delete(provisional.id);
      const product = outcome.products[0] ?? null;
      const view = product ? { ...bundle, ...(await this.products.refresh(account, product)) } : null;
      if (product) await this.deps.inventory?.upsertPage(account, [product], { observedAt: new Date() });
      if (product && spec.target && product.status !== record.status) {
        this.deps.events.productStatusChanged({
          tenantId: this.tenantId,
          productId: bundle.id,
          platform: record.platform,
          previous: record.status,
          status: product.status,
          occurredAt: new Date().toISOString(),
          monitorId: null,
          source: 'GATEWAY',
        });
      }
      await this.audit(operation, bundle.id, request, { mode: 'SYNC', status: product?.status ?? null });
      return { mode: 'SYNC', product: view, monitor: null };
    }
    part.phase = 'accepted';
    part.ref = outcome.ref;
    part.cancellable = outcome.cancellable;
    provisional.tracking = [part];
    provisional.cancellable = outcome.cancellable;
    const monitor = await this.deps.monitors.save(provisional, 250);
    await this.audit(operation, bundle.id, request, { mode: 'ASYNC', monitorId: monitor.id });
    this.deps.events.monitorChanged({ tenantId: this.tenantId, monitorId: monitor.id, state: monitor.state });
    this.deps.tracker.wake();
    return { mode: 'ASYNC', product: null, monitor };
  }

  /** Runs `change` once per idempotency key; a repeat answers the first result (re-read fresh). */
  private async idempotent(
    key: string | null,
    operation: string,
    args: unknown,
    change: () => Promise<UpdateResult>,
    kind: 'SINGLE' | 'BATCH' = 'SINGLE',
  ): Promise<UpdateResult> {
    if (key == null) return change();
    const reservation = await this.deps.idempotency.reserve<StoredResult>(
      this.tenantId,
      key,
      requestHash(operation, args),
    );
    if (reservation.kind === 'replay') return this.replay(reservation.response);
    let result: UpdateResult;
    try {
      result = await change();
    } catch (err) {
      await this.deps.idempotency.release(this.tenantId, key);
      throw err;
    }
    const stored: StoredResult =
      result.mode === 'SYNC'
        ? { mode: 'SYNC', productId: result.product?.id ?? '' }
        : { mode: kind === 'BATCH' ? 'BATCH' : 'ASYNC', monitorId: result.monitor.id };
    await this.deps.idempotency.complete(this.tenantId, key, stored);
    return result;
  }

  private async replay(stored: StoredResult): Promise<UpdateResult> {
    if (stored.mode === 'SYNC') {
      const product = stored.productId ? await this.products.findBundle(parseRef(stored.productId)) : null;
      return { mode: 'SYNC', product, monitor: null };
    }
    const monitor = await this.deps.monitors.get(this.tenantId, stored.monitorId);
    if (!monitor) throw notFound(`The monitor of the original request (${stored.monitorId}) no longer exists`);
    return { mode: 'ASYNC', product: null, monitor };
  }

  private audit(action: string, target: string | null, request: unknown, result: unknown): Promise<void> {
    return this.deps.audit.record({
      tenantId: this.tenantId,
      applicationId: this.applicationId,
      action,
      target,
      request,
      result,
    });
  }
}

function parseRef(id: string): ProductRef {
  const p = parseProductId(id);
  return { platform: p.platform, key: p.key };
}

/** A bundle id, or one of the allowed sub-product ids, as the bundle's ref. */
function bundleRef(productId: string, allowed: ReadonlyArray<'simCard' | 'terminal'>): ProductRef {
  const parsed = parseProductId(productId);
  if (parsed.sub && !(allowed as readonly string[]).includes(parsed.sub)) {
    throw badInput(
      `"${productId}" is not a product${allowed.length ? ` or ${allowed.map((a) => `-${a}`).join('/')}` : ''} id`,
      { field: 'productId' },
    );
  }
  return { platform: parsed.platform, key: parsed.key };
}
