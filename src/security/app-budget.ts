/**
 * Per-application rate limit as a cost budget: every operation spends its measured cost (see query-limits.ts) from
 * the application's budget for the current window. Over budget → RATE_LIMITED with the time to wait. Counted in
 * Redis when REDIS_URL is set, so the budget holds across replicas. `spend` answers the budget's state after the
 * operation (limit, remaining, seconds to the window's reset) for the RateLimit-* response headers.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GatewayError } from '../domain/errors.js';

/** An application's budget at one moment (IETF draft ratelimit-headers: limit, remaining, reset). */
export interface BudgetState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets (rounded up). */
  resetSeconds: number;
}

export class AppBudget {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    readonly costPerWindow: number,
    readonly windowSeconds: number,
    redis?: Redis,
  ) {
    const options = { keyPrefix: 'gw-app-budget', points: costPerWindow, duration: windowSeconds };
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  }

  /** Spends `cost` of the application's budget and answers what is left, or throws RATE_LIMITED saying when to retry. */
  async spend(clientId: string, cost: number): Promise<BudgetState> {
    const points = Math.max(1, Math.ceil(cost));
    if (points > this.costPerWindow) {
      throw new GatewayError(
        'RATE_LIMITED',
        `This operation costs ${points}, more than the whole budget of ${this.costPerWindow} per ${this.windowSeconds} s`,
        { retryAfterMs: null },
      );
    }
    try {
      const res = await this.limiter.consume(clientId, points);
      return {
        limit: this.costPerWindow,
        remaining: Math.max(0, res.remainingPoints),
        resetSeconds: Math.ceil(res.msBeforeNext / 1000),
      };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterMs = err.msBeforeNext;
      const reset = String(Math.ceil(retryAfterMs / 1000));
      throw new GatewayError(
        'RATE_LIMITED',
        `Rate limit: this application spent its budget of ${this.costPerWindow} per ${this.windowSeconds} s; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
        {
          retryAfterMs,
          http: {
            status: 429,
            headers: new Map([
              ['retry-after', reset],
              ['ratelimit-limit', String(this.costPerWindow)],
              ['ratelimit-remaining', '0'],
              ['ratelimit-reset', reset],
            ]),
          },
        },
      );
    }
  }
}
