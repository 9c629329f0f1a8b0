/**
 * The request scope: what one GraphQL operation's work below the resolvers (DataLoader batches, carrier calls) can
 * reach without a context argument, through Node's AsyncLocalStorage. The transport runs the operation inside
 * `requestScope.run(scope, …)` (server.ts for HTTP, ws-server.ts for WebSocket); the platform HTTP client counts each
 * carrier call into it with `countCarrierCall()`, so the per-operation log line can say how many calls a request made.
 *
 * Outside a scope (background sync, the monitor tracker) the calls are simply not counted.
 *
 * The count is also a budget: a request may make at most `REQUEST_MAX_CARRIER_CALLS` carrier calls (set once per
 * process with `configureRequestScope`, default 200). The call over it is not sent: `countCarrierCall` throws
 * QUERY_TOO_COMPLEX with the figures (calls made, budget), and so does every later call of the request. The scope
 * also carries the calling application's id, so the platform rate limits can give each application its fair share.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../domain/errors.js';

export interface RequestScope {
  requestId: string;
  /** Carrier calls made for this operation (one per client request, retries included in that one call). */
  carrierCalls: number;
  /** Carrier calls this operation may make (REQUEST_MAX_CARRIER_CALLS). */
  maxCarrierCalls: number;
  /** The calling application (OAuth client id), once authenticated. */
  applicationId?: string;
  /** The operation's span (observability/tracing.ts), ended with its log line. */
  span?: import('./tracing.js').OperationSpan;
  /** When the request arrived (epoch ms): its deadline counts from here. */
  startedAt: number;
  /** The query's deadline once armed (datasources/kit/deadline.ts): its signal aborts when the timer fires. */
  deadline?: { signal: AbortSignal; timer: NodeJS.Timeout };
}

const storage = new AsyncLocalStorage<RequestScope>();

export const DEFAULT_MAX_CARRIER_CALLS = 200;
let maxCarrierCalls = DEFAULT_MAX_CARRIER_CALLS;

/** Sets the per-request carrier-call budget of scopes created from now on. */
export function configureRequestScope(options: { maxCarrierCalls: number }): void {
  maxCarrierCalls = options.maxCarrierCalls;
}

export const requestScope = {
  create(requestId: string): RequestScope {
    return { requestId, carrierCalls: 0, maxCarrierCalls, startedAt: Date.now() };
  },
  run<T>(scope: RequestScope, fn: () => T): T {
    return storage.run(scope, fn);
  },
  current(): RequestScope | undefined {
    return storage.getStore();
  },
};

/**
 * Counts one carrier call into the current request's scope (a no-op outside a request), or throws QUERY_TOO_COMPLEX
 * when the request has already made as many as its budget allows (the call is then not made).
 */
export function countCarrierCall(): void {
  const scope = storage.getStore();
  if (!scope) return;
  if (scope.carrierCalls >= scope.maxCarrierCalls) {
    throw new GatewayError(
      'QUERY_TOO_COMPLEX',
      `This request made ${scope.carrierCalls} carrier calls, its budget is ${scope.maxCarrierCalls} (REQUEST_MAX_CARRIER_CALLS); ask for fewer products or sub-resources per request`,
      { measure: 'carrierCalls', value: scope.carrierCalls, limit: scope.maxCarrierCalls },
    );
  }
  scope.carrierCalls++;
}

/** The application whose request is running, if any (background work has none). */
export function currentApplication(): string | undefined {
  return storage.getStore()?.applicationId;
}

/** Longest request id accepted from a client; longer or unsafe ones are replaced by a generated one. */
export const REQUEST_ID_MAX = 128;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A client's `X-Request-Id` when it is safe to log and echo (≤ 128 of A-Z a-z 0-9 . _ : -), else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}
