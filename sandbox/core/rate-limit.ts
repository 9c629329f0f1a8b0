/**
 * A token bucket per key (organization, account…): `ratePerSecond` tokens refill continuously up to `burst`.
 * Simulators answer 429 when `take` says no, as the real platforms do.
 */
export class TokenBucket {
  /**
   * Switched off by the sandbox's `rateLimits: false` (SANDBOX_RATE_LIMITS=off), for benchmarks that measure the
   * gateway rather than the platforms' published limits. On by default.
   */
  static enabled = true;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = ratePerSecond,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key` (saying how many whole tokens are left); when none is left, how long until one is. */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    if (!TokenBucket.enabled) return { ok: true, remaining: this.burst };
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / this.ratePerSecond) * 1000) };
  }
}
