/**
 * Fault injection, switchable at run time per platform through the admin API: added latency, 5xx errors, hung
 * requests (timeouts), dropped connections and forced 429s. Rates are probabilities in [0, 1].
 */
import type { NextFunction, Request, Response } from 'express';

export interface FaultSettings {
  /** Added to every request, in milliseconds. */
  latencyMs: number;
  /** Share of requests answered with a 5xx in the platform's own error shape. */
  errorRate: number;
  /** HTTP status of injected errors (500, 502, 503 or 504). */
  errorStatus: number;
  /** Share of requests that never get an answer (the connection is held until the client gives up). */
  timeoutRate: number;
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimitRate: number;
  /** Retry-After, in seconds, on forced 429s. */
  retryAfterSeconds: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  timeoutRate: 0,
  dropRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
});

/** The error body a simulator answers with, in its platform's shape. */
export type ErrorResponder = (res: Response, status: number, message: string, code?: string) => void;

export class FaultInjector {
  private readonly settings = new Map<string, FaultSettings>();
  private readonly hung = new Set<Response>();

  get(platform: string): FaultSettings {
    return this.settings.get(platform) ?? { ...NO_FAULTS };
  }

  /** Merges `patch` into the platform's settings after checking every value; returns the new settings. */
  set(platform: string, patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.get(platform), ...patch };
    for (const key of ['errorRate', 'timeoutRate', 'dropRate', 'rateLimitRate'] as const) {
      if (typeof next[key] !== 'number' || next[key] < 0 || next[key] > 1)
        throw new RangeError(`${key} must be a number from 0 to 1`);
    }
    if (typeof next.latencyMs !== 'number' || next.latencyMs < 0 || next.latencyMs > 120_000)
      throw new RangeError('latencyMs must be 0..120000');
    if (![500, 502, 503, 504].includes(next.errorStatus))
      throw new RangeError('errorStatus must be 500, 502, 503 or 504');
    if (typeof next.retryAfterSeconds !== 'number' || next.retryAfterSeconds < 0)
      throw new RangeError('retryAfterSeconds must be >= 0');
    this.settings.set(platform, next);
    return next;
  }

  reset(platform?: string): void {
    if (platform) this.settings.delete(platform);
    else this.settings.clear();
  }

  all(): Record<string, FaultSettings> {
    return Object.fromEntries(this.settings);
  }

  /** Express middleware applying the platform's faults before its routes. */
  middleware(platform: string, respondError: ErrorResponder) {
    return async (req: Request, res: Response, next: NextFunction) => {
      const f = this.get(platform);
      if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.dropRate > 0 && Math.random() < f.dropRate) {
        req.socket.destroy();
        return;
      }
      if (f.timeoutRate > 0 && Math.random() < f.timeoutRate) {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return; // never answered
      }
      if (f.rateLimitRate > 0 && Math.random() < f.rateLimitRate) {
        res.setHeader('Retry-After', String(f.retryAfterSeconds));
        respondError(res, 429, 'Too Many Requests (injected fault)');
        return;
      }
      if (f.errorRate > 0 && Math.random() < f.errorRate) {
        respondError(res, f.errorStatus, 'Service unavailable (injected fault)');
        return;
      }
      next();
    };
  }

  /** Ends every hung request (used at shutdown). */
  releaseHung(): void {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }
}
