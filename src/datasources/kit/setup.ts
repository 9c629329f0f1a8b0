/**
 * Setting up an account's platform HTTP client (./client.ts) from what the adapter says of its platform: the path
 * under the account's base URL, the rate limit to hold and per what, and where the platform's error bodies carry a
 * message and a code.
 */
import type { AdapterDeps } from '../adapter.js';
import { PlatformHttpClient, type ClientOptions, type ErrorDescriber } from './client.js';

/** Where a platform's error body keeps its message and code: dotted paths, the first present one wins. */
export interface ErrorShape {
  message: string | readonly string[];
  code?: string;
}

export interface ClientSetup {
  /** Path under the account's base URL that every call starts with ("gcapi", "rws/api/v1"); none by default. */
  basePath?: string;
  /** Another service than the account's API (e.g. an OIDC token endpoint a credential names): its URL instead. */
  baseUrl?: string;
  /** The rate limit held: calls per second, counted per `key` (organization, user, partner…). */
  rate: { key: string; perSecond: number };
  /** How to read the platform's error bodies. */
  errors: ErrorShape | ErrorDescriber;
  maxConcurrent?: ClientOptions['maxConcurrent'];
  rateLimitWaitMs?: ClientOptions['rateLimitWaitMs'];
}

export function platformClient(deps: AdapterDeps, setup: ClientSetup): PlatformHttpClient {
  const { account } = deps;
  const base = (setup.baseUrl ?? account.baseUrl).replace(/\/$/, '');
  const rateLimit = deps.rateLimit(setup.rate.key, setup.rate.perSecond);
  return new PlatformHttpClient({
    platform: account.platform,
    accountId: account.id,
    baseUrl: setup.basePath ? `${base}/${setup.basePath.replace(/^\//, '')}` : base,
    logger: deps.logger,
    metrics: deps.metrics,
    timeoutMs: deps.timeoutMs,
    // A platform's concurrency cap is one of its published limits: not held when the limits are off.
    maxConcurrent: rateLimit.unlimited ? undefined : setup.maxConcurrent,
    rateLimitWaitMs: setup.rateLimitWaitMs,
    rateLimit,
    describeError: typeof setup.errors === 'function' ? setup.errors : describeBy(setup.errors),
  });
}

/** An ErrorDescriber that reads the message and code where `shape` says; "HTTP <status>" when the body has none. */
export function describeBy(shape: ErrorShape): ErrorDescriber {
  const messages = typeof shape.message === 'string' ? [shape.message] : shape.message;
  return (status, body) => {
    const message = messages.map((path) => at(body, path)).find((v) => v !== undefined);
    const code = shape.code ? at(body, shape.code) : undefined;
    return { message: message ?? `HTTP ${status}`, code };
  };
}

function at(body: unknown, path: string): string | undefined {
  let value: unknown = body;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
