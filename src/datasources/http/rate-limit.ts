/**
 * Holding a platform's request rate (1NCE: 10 requests per second per organization) across every gateway replica.
 *
 * Calls are spaced evenly rather than allowed in bursts: the second is cut into `perSecond` slots and each slot
 * admits one call, counted with rate-limiter-flexible — in process by default, in Redis when REDIS_URL is set, so
 * all replicas share the slots. A platform that counts with a token bucket or a sliding window never sees more than
 * `perSecond` calls in any one-second span.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Waits for a slot; resolves with the time waited (ms). Rejects when `deadline` (epoch ms) would pass first. */
  acquire(deadline: number): Promise<number>;
}

export class SpacedRateLimit implements RateLimit {
  private readonly limiter: RateLimiterAbstract;
  private readonly slotMs: number;

  constructor(
    private readonly key: string,
    perSecond: number,
    redis?: Redis,
  ) {
    this.slotMs = 1000 / perSecond;
    const options = { keyPrefix: 'gw-platform-rate', points: 1, duration: 1 };
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  }

  async acquire(deadline: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const slot = Math.floor(now / this.slotMs);
      try {
        await this.limiter.consume(`${this.key}:${slot}`, 1);
        return Date.now() - started;
      } catch (err) {
        if (err instanceof Error) throw err; // the store failed, not the limit
        const wait = (slot + 1) * this.slotMs - now + 1;
        if (now + wait > deadline) throw new RateLimitDeadline(wait);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}

export class RateLimitDeadline extends Error {
  constructor(readonly retryAfterMs: number) {
    super('rate limit wait would pass the deadline');
  }
}
