/**
 * The request scope: what one GraphQL operation's work below the resolvers (DataLoader batches, carrier calls) can
 * reach without a context argument, through Node's AsyncLocalStorage. The transport runs the operation inside
 * `requestScope.run(scope, …)` (server.ts for HTTP, ws-server.ts for WebSocket); the platform HTTP client counts each
 * carrier call into it with `countCarrierCall()`, so the per-operation log line can say how many calls a request made.
 *
 * Outside a scope (background sync, the monitor tracker) the calls are simply not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  requestId: string;
  /** Carrier calls made for this operation (one per client request, retries included in that one call). */
  carrierCalls: number;
  /** The operation's span (observability/tracing.ts), ended with its log line. */
  span?: import('./tracing.js').OperationSpan;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const requestScope = {
  create(requestId: string): RequestScope {
    return { requestId, carrierCalls: 0 };
  },
  run<T>(scope: RequestScope, fn: () => T): T {
    return storage.run(scope, fn);
  },
  current(): RequestScope | undefined {
    return storage.getStore();
  },
};

/** Counts one carrier call into the current request's scope (a no-op outside a request). */
export function countCarrierCall(): void {
  const scope = storage.getStore();
  if (scope) scope.carrierCalls++;
}

/** Longest request id accepted from a client; longer or unsafe ones are replaced by a generated one. */
export const REQUEST_ID_MAX = 128;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A client's `X-Request-Id` when it is safe to log and echo (≤ 128 of A-Z a-z 0-9 . _ : -), else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}
