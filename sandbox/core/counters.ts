/**
 * Counts the requests each simulator receives, per platform and endpoint (method + route pattern), and the highest
 * number of requests one account had in flight at once. Tests and benchmarks read them through the admin API to
 * count the backend calls a GraphQL query cost.
 */
import type { NextFunction, Request, Response } from 'express';

export interface EndpointCount {
  platform: string;
  endpoint: string;
  count: number;
  /** Answered with a status >= 400. */
  errors: number;
}

export class RequestCounters {
  private readonly counts = new Map<string, EndpointCount>();
  private readonly inFlight = new Map<string, number>();
  private readonly maxInFlight = new Map<string, number>();

  middleware(platform: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      const flightKey = `${platform}|${req.headers.authorization ?? ''}`;
      const now = (this.inFlight.get(flightKey) ?? 0) + 1;
      this.inFlight.set(flightKey, now);
      if (now > (this.maxInFlight.get(platform) ?? 0)) this.maxInFlight.set(platform, now);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.inFlight.set(flightKey, (this.inFlight.get(flightKey) ?? 1) - 1);
        // The route pattern when a route answered; the raw path when none did (a fault ended it first, or a 404).
        const pattern = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.originalUrl.split('?')[0]!;
        const endpoint = `${req.method} ${pattern}`;
        const key = `${platform} ${endpoint}`;
        const entry = this.counts.get(key) ?? { platform, endpoint, count: 0, errors: 0 };
        entry.count++;
        if (res.statusCode >= 400 || !res.writableFinished) entry.errors++;
        this.counts.set(key, entry);
      };
      res.on('finish', finish);
      res.on('close', finish);
      next();
    };
  }

  snapshot(platform?: string): { endpoints: EndpointCount[]; maxConcurrentPerCredential: Record<string, number> } {
    const endpoints = [...this.counts.values()].filter((e) => !platform || e.platform === platform);
    const maxConcurrentPerCredential = Object.fromEntries(
      [...this.maxInFlight].filter(([p]) => !platform || p === platform),
    );
    return { endpoints, maxConcurrentPerCredential };
  }

  reset(): void {
    this.counts.clear();
    this.maxInFlight.clear();
  }
}
