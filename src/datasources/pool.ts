/**
 * The process's adapters, one per platform account, created on first use and kept (with their keep-alive
 * connections, circuit breakers, tokens and rate limits) until the account's endpoint or credentials change.
 */
import type { Redis } from 'ioredis';
import type { Metrics } from '../observability/metrics.js';
import type { Logger } from '../logging.js';
import type { PlatformAccount } from '../store/tenants.js';
import type { PlatformAdapter } from './adapter.js';
import { FairShareRateLimit, PriorityRateLimit, SpacedRateLimit, type RateLimit } from './kit/rate-limit.js';
import { statusWords } from './kit/statuses.js';
import { MODULES } from './registry.js';

export class AdapterPool {
  private readonly adapters = new Map<string, { fingerprint: string; adapter: PlatformAdapter }>();
  private readonly limits = new Map<string, RateLimit>();
  /** Each account record's fingerprint, computed once per record (the tenant store hands out the same records). */
  private readonly fingerprints = new WeakMap<PlatformAccount, string>();

  constructor(
    private readonly deps: {
      logger: Logger;
      metrics: Metrics;
      redis?: Redis;
      timeoutMs: number;
      rateLimits?: boolean;
      /** Share of each platform's rate budget background (sync) calls may use; default 0.5. */ backgroundShare?: number;
    },
  ) {}

  get(account: PlatformAccount): PlatformAdapter {
    let fingerprint = this.fingerprints.get(account);
    if (fingerprint === undefined) {
      fingerprint = JSON.stringify([account.baseUrl, account.credentials, account.backendAccountId]);
      this.fingerprints.set(account, fingerprint);
    }
    const cached = this.adapters.get(account.id);
    if (cached && cached.fingerprint === fingerprint) return cached.adapter;
    const module = MODULES[account.platform];
    const adapter = module.adapter({
      account,
      info: module.info,
      statuses: statusWords(account.platform, module.statuses, {
        logger: this.deps.logger,
        metrics: this.deps.metrics,
      }),
      logger: this.deps.logger.child({ platform: account.platform, account: account.id }),
      metrics: this.deps.metrics,
      timeoutMs: this.deps.timeoutMs,
      rateLimit: (key, perSecond) => this.rateLimit(`${account.platform}:${key}`, perSecond),
    });
    this.adapters.set(account.id, { fingerprint, adapter });
    return adapter;
  }

  /**
   * One limiter per key in this process; with Redis, the count itself is shared by every replica. Interactive calls
   * go first; background calls get at most `backgroundShare` of the rate (PriorityRateLimit); the applications with
   * interactive calls waiting take the slots in turns (FairShareRateLimit), so one cannot starve the others.
   */
  private rateLimit(key: string, perSecond: number): RateLimit {
    if (this.deps.rateLimits === false) return { acquire: async () => 0, unlimited: true };
    let limit = this.limits.get(key);
    if (!limit) {
      const share = this.deps.backgroundShare ?? 0.5;
      const priority = new PriorityRateLimit(
        new SpacedRateLimit(key, perSecond, this.deps.redis),
        new SpacedRateLimit(`${key}:background`, Math.max(perSecond * share, 0.01), this.deps.redis),
      );
      limit = new FairShareRateLimit(priority);
      this.limits.set(key, limit);
    }
    return limit;
  }
}
