/**
 * The monitor service: how a batch monitor is laid out when it is created (`planBatch`), reading a tenant's monitors,
 * and cancelling one. Progress is the tracker's (./tracker.ts); the rows are the store's (./store.ts).
 */
import { badInput, GatewayError, notFound } from '../domain/errors.js';
import { formatProductId, parseMonitorId, type ProductRef } from '../domain/ids.js';
import type { AdapterPool } from '../datasources/pool.js';
import { adapterFor } from '../datasources/gateway-errors.js';
import { overallState } from './outcome.js';
import { PLATFORMS, supports, type PlatformCode } from '../datasources/registry.js';
import type { Feature, ProductStatus } from '../domain/vocabulary.js';
import type { EventBus } from '../subscriptions/events.js';
import { FINAL_STATES, type MonitorRecord, type MonitorStateValue, type TrackedPart } from './model.js';
import type { MonitorStore } from './store.js';
import type { TenantStore } from '../store/tenants.js';

/**
 * A batch monitor's first shape: one response per product (FAILED at once where the platform cannot change the
 * status), and one unresolved part per platform, which the tracker looks up, checks and sends.
 */
export function planBatch(
  unique: readonly ProductRef[],
  status: ProductStatus | null,
  customProperties: Array<{ name: string; value: string }>,
): Pick<MonitorRecord, 'responses' | 'errors' | 'tracking'> {
  const responses: MonitorRecord['responses'] = [];
  const errors: MonitorRecord['errors'] = [];
  const tracking: TrackedPart[] = [];
  const byPlatform = new Map<PlatformCode, string[]>();
  for (const ref of unique) {
    const productId = formatProductId(ref);
    const feature: Feature =
      PLATFORMS[ref.platform].connectivityTypes.includes('SATELLITE') && !supports(ref.platform, 'SIM_STATUS_CHANGE')
        ? 'TERMINAL_STATUS_CHANGE'
        : 'SIM_STATUS_CHANGE';
    if (status != null && !supports(ref.platform, feature)) {
      const message = `${ref.platform} does not support changing the status`;
      responses.push({ productId, platform: ref.platform, state: 'FAILED', statusCode: null, message, body: null });
      errors.push({ productId, platform: ref.platform, code: 'NOT_SUPPORTED', message });
      continue;
    }
    responses.push({
      productId,
      platform: ref.platform,
      state: 'IN_PROGRESS',
      statusCode: null,
      message: null,
      body: null,
    });
    byPlatform.set(ref.platform, [...(byPlatform.get(ref.platform) ?? []), ref.key]);
  }
  for (const [platform, keys] of byPlatform) {
    const satellite = !supports(platform, 'SIM_STATUS_CHANGE') && supports(platform, 'TERMINAL_STATUS_CHANGE');
    tracking.push({
      accountId: '',
      platform,
      keys,
      phase: 'pending',
      unresolved: true,
      kind: satellite ? 'TERMINAL_STATUS' : 'SIM_STATUS',
      target: status ?? undefined,
      customProperties,
    });
  }
  return { responses, errors, tracking };
}

export interface MonitorPage {
  edges: Array<{ cursor: string; node: MonitorRecord }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export class MonitorService {
  constructor(
    private readonly deps: { monitors: MonitorStore; tenants: TenantStore; pool: AdapterPool; events: EventBus },
    private readonly tenantId: string,
  ) {}

  /** A monitor of this tenant; another tenant's id answers null, exactly like an id that does not exist. */
  async get(id: string): Promise<MonitorRecord | null> {
    return (await this.deps.monitors.get(this.tenantId, parseMonitorId(id))) ?? null;
  }

  async list(first: number, after: string | null, states: readonly MonitorStateValue[] | null): Promise<MonitorPage> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw badInput('"first" must be from 1 to 500', { field: 'first' });
    let position: { createdAt: string; id: string } | null = null;
    if (after) {
      try {
        const [createdAt, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
        if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)))
          throw new Error();
        position = { createdAt, id };
      } catch {
        throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
      }
    }
    const rows = await this.deps.monitors.list(this.tenantId, first + 1, position, states);
    const page = rows.slice(0, first);
    const cursorOf = (m: MonitorRecord) =>
      Buffer.from(JSON.stringify([m.createdAt.toISOString(), m.id])).toString('base64url');
    return {
      edges: page.map((node) => ({ cursor: cursorOf(node), node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursorOf(page[page.length - 1]!) : null },
    };
  }

  /**
   * Cancels the platform operations of a monitor that the platform has not processed yet (TMSP). Others answer
   * NOT_SUPPORTED; a finished monitor is refused with BAD_USER_INPUT naming its state.
   */
  async cancel(id: string): Promise<MonitorRecord> {
    const monitorId = parseMonitorId(id);
    const result = await this.deps.monitors.withLock(this.tenantId, monitorId, async (m) => {
      if (!m) throw notFound(`No monitor ${monitorId}`, { field: 'id' });
      if (FINAL_STATES.includes(m.state))
        throw badInput(`Monitor ${monitorId} has already finished (${m.state}); there is nothing to cancel`, {
          field: 'id',
          state: m.state,
        });
      const open = m.tracking.filter((p) => p.phase !== 'finished');
      const platforms = [...new Set(open.map((p) => p.platform))];
      const unsupported = platforms.filter(
        (p) => !PLATFORMS[p] || !open.some((part) => part.platform === p && part.cancellable),
      );
      if (!open.length || unsupported.length) {
        const which = unsupported[0] ?? platforms[0];
        throw new GatewayError(
          'NOT_SUPPORTED',
          `Cancelling is not supported for this operation${which ? ` on ${which}` : ''}: only TMSP operations not yet processed can be cancelled`,
          which ? { platform: PLATFORMS[which].name, operation: 'CANCEL_MONITOR' } : {},
        );
      }
      return m;
    });
    let cancelledAny = false;
    for (const part of result.tracking.filter((p) => p.phase === 'accepted' && p.cancellable)) {
      const account = await this.deps.tenants.getAccount(part.accountId);
      if (!account) continue;
      const adapter = adapterFor(this.deps.pool, account);
      if (!adapter.cancelOperation) continue;
      if (await adapter.cancelOperation(part.ref!)) {
        cancelledAny = true;
        part.phase = 'finished';
        part.cancellable = false;
        for (const key of part.keys) {
          const r = result.responses.find((x) => x.productId === `${part.platform}-${key}`);
          if (r) Object.assign(r, { state: 'CANCELLED', message: 'Cancelled at the platform before it was processed' });
        }
      }
    }
    if (!cancelledAny)
      throw badInput(`Monitor ${monitorId} can no longer be cancelled: the platform has started processing it`, {
        field: 'id',
      });
    result.cancellable = result.tracking.some((p) => p.phase !== 'finished' && p.cancellable);
    result.state = overallState(result.responses);
    const saved = await this.deps.monitors.save(result, FINAL_STATES.includes(result.state) ? null : 0);
    this.deps.events.monitorChanged({ tenantId: this.tenantId, monitorId: saved.id, state: saved.state });
    return saved;
  }
}
