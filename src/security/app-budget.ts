/**
 * Per-application rate limit as a cost budget: every operation spends its measured cost (see query-limits.ts) from
 * the application's budget for the current window. Over budget → RATE_LIMITED with the time to wait. Counted in
 * Redis when REDIS_URL is set, so the budget holds across replicas.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GatewayError } from '../domain/errors.js';

export class AppBudget {
  private readonly limiter: RateLimiterAbstract;

  constructor(readonly costPerWindow: number, readonly windowSeconds: number, redis?: Redis) {
    const options = { keyPrefix: 'gw-app-budget', points: costPerWindow, duration: windowSeconds };
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  }

  /** Spends `cost` of the application's budget, or throws RATE_LIMITED saying when to retry. */
  async spend(clientId: string, cost: number): Promise<void> {
    const points = Math.max(1, Math.ceil(cost));
    if (points > this.costPerWindow) {
      throw new GatewayError('RATE_LIMITED', `This operation costs ${points}, more than the whole budget of ${this.costPerWindow} per ${this.windowSeconds} s`, { retryAfterMs: null });
    }
    try {
      await this.limiter.consume(clientId, points);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterMs = err.msBeforeNext;
      throw new GatewayError('RATE_LIMITED', `Rate limit: this application spent its budget of ${this.costPerWindow} per ${this.windowSeconds} s; retry in ${Math.ceil(retryAfterMs / 1000)} s`, {
        retryAfterMs,
        http: { status: 429, headers: new Map([['retry-after', String(Math.ceil(retryAfterMs / 1000))]]) },
      });
    }
  }
}
