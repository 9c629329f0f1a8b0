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
import { currentApplication } from '../../observability/request-scope.js';

export interface RateLimit {
  /** Waits for a slot; resolves with the time waited (ms). Rejects when `deadline` (epoch ms) would pass first. */
  acquire(deadline: number): Promise<number>;
  /**
   * Takes the platform slot in the calling application's turn (FairShareRateLimit), for interactive calls before
   * they queue for a connection slot; resolves with the time waited, or is undefined when the caller has no
   * application (then `acquire` as usual).
   */
  acquireShare?(deadline: number): Promise<number> | undefined;
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

/**
 * Each application its fair share of a platform's rate: interactive calls of a request take their slot of the
 * platform's limit here, before they queue for a connection slot, in turns across the applications that have calls
 * waiting (round robin, one slot each in turn). One application alone may use the whole rate; while others wait,
 * each gets an equal share (two applications: every other slot), so one application flooding a platform cannot
 * starve the tenant's others — its calls queue behind its own, never in front of theirs. The wait a call allows
 * (`deadline`) counts from its turn, as it did from its connection slot before: a call whose slot would come later
 * than that after its turn fails with RateLimitDeadline (RATE_LIMITED). How many calls one request may queue is
 * bounded by its carrier-call budget (REQUEST_MAX_CARRIER_CALLS). Background calls and calls outside a request
 * (no application) take the platform limit directly (the sync has its own share: PriorityRateLimit).
 *
 * Hand-written: the turn-taking needs the caller's application (from the request scope) and the platform limit's
 * own slots; the rate libraries in use count slots but do not order waiters.
 */
export class FairShareRateLimit implements RateLimit {
  private readonly waiting = new Map<
    string,
    Array<{ waitMs: number; started: number; resolve: (ms: number) => void; reject: (e: unknown) => void }>
  >();
  private pumping = false;

  constructor(
    private readonly platformLimit: RateLimit,
    private readonly applicationOf: () => string | undefined = currentApplication,
  ) {}

  acquire(deadline: number): Promise<number> {
    return this.platformLimit.acquire(deadline);
  }

  /**
   * Takes the platform slot in the application's turn, allowing `deadline - now` ms from that turn; undefined when
   * the caller has no application (use `acquire`).
   */
  acquireShare(deadline: number): Promise<number> | undefined {
    const application = isBackground() ? undefined : this.applicationOf();
    if (!application) return undefined;
    return new Promise<number>((resolve, reject) => {
      const queue = this.waiting.get(application) ?? [];
      queue.push({ waitMs: deadline - Date.now(), started: Date.now(), resolve, reject });
      this.waiting.set(application, queue);
      if (!this.pumping) void this.pump();
    });
  }

  /** Gives the platform's slots out one at a time, to the applications with waiting calls in turn. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.size > 0) {
        for (const [application, queue] of [...this.waiting]) {
          const next = queue.shift();
          if (queue.length === 0) this.waiting.delete(application);
          else {
            this.waiting.delete(application); // to the back of the turn order
            this.waiting.set(application, queue);
          }
          if (!next) continue;
          try {
            await this.platformLimit.acquire(Date.now() + next.waitMs);
            next.resolve(Date.now() - next.started);
          } catch (err) {
            next.reject(err);
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
