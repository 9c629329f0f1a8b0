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
import { isBackground } from './priority.js';

export interface RateLimit {
  /** Waits for a slot; resolves with the time waited (ms). Rejects when `deadline` (epoch ms) would pass first. */
  acquire(deadline: number): Promise<number>;
  /** PLATFORM_RATE_LIMITS=off: no limit is held, the platform's concurrency cap included. */
  readonly unlimited?: boolean;
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

/**
 * Interactive calls first, background (inventory sync) calls after them and within a share of the budget.
 *
 * An interactive call takes the next slot of the platform's limit as before. A background call first waits until no
 * interactive call of this process is waiting, then takes a slot of a second limit of `share × perSecond` (so sync
 * never uses more than its share, across replicas when Redis is configured), then a slot of the platform's limit
 * (so sync and interactive calls together never exceed it). Background calls wait as long as they must: they have
 * no deadline of a client's request to meet.
 */
export class PriorityRateLimit implements RateLimit {
  private interactiveWaiting = 0;

  constructor(
    private readonly platformLimit: RateLimit,
    private readonly backgroundLimit: RateLimit,
  ) {}

  async acquire(deadline: number): Promise<number> {
    if (!isBackground()) {
      this.interactiveWaiting++;
      try {
        return await this.platformLimit.acquire(deadline);
      } finally {
        this.interactiveWaiting--;
      }
    }
    const started = Date.now();
    for (;;) {
      while (this.interactiveWaiting > 0) await new Promise((r) => setTimeout(r, 5));
      await this.backgroundLimit.acquire(Number.MAX_SAFE_INTEGER);
      if (this.interactiveWaiting > 0) continue; // an interactive call arrived meanwhile: it goes first
      await this.platformLimit.acquire(Number.MAX_SAFE_INTEGER);
      return Date.now() - started;
    }
  }
}
