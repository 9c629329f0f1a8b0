/**
 * A deadline per GraphQL request (REQUEST_DEADLINE_MS), kept on the request scope (observability/request-scope.ts)
 * that the transport opens around each request, so it counts from the request's arrival. Once the operation is known
 * to be a query, the scope is armed (`deadlinePlugin` over HTTP, `withDeadline` over WebSocket); every interactive
 * carrier call made in the scope (kit/client.ts) then carries the scope's AbortSignal, and a call not finished — or
 * not yet started — at the deadline fails with BACKEND_UNAVAILABLE, `reason: "deadline"`, naming its platform, so the
 * request answers with what the other platforms gave. Mutations are never armed: a carrier write keeps the carrier's
 * own timeout. Background calls (the inventory's sync, kit/priority.ts) ignore the deadline: their results are
 * stored, so they finish.
 *
 * The request scope is the one AsyncLocalStorage a request runs in (each more would add its own work to every
 * promise the request makes), so adapters and services stay unaware of the deadline.
 */
import { setMaxListeners } from 'node:events';
import { requestScope } from '../../observability/request-scope.js';

/**
 * Runs one operation whose type is already known (GraphQL over WebSocket) in the current request scope: armed at
 * once for a query, never for a mutation or subscription; disarmed when the operation has answered.
 */
export async function withDeadline<T>(ms: number, isQuery: boolean, fn: () => T | Promise<T>): Promise<T> {
  if (isQuery) armDeadline(ms);
  try {
    return await fn();
  } finally {
    disarmDeadline();
  }
}

/** Arms the current request's deadline (a no-op outside a request scope, when already armed or when `ms` is 0). */
export function armDeadline(ms: number): void {
  const scope = requestScope.current();
  if (!scope || scope.deadline || !(ms > 0)) return;
  const controller = new AbortController();
  // Every carrier call in flight listens to it: as many as the request's carrier-call budget, not a leak.
  setMaxListeners(scope.maxCarrierCalls + 1, controller.signal);
  const left = scope.startedAt + ms - Date.now();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), Math.max(0, left));
  timer.unref();
  scope.deadline = { signal: controller.signal, timer };
}

/** Stops the current request's deadline timer (the request has answered). */
export function disarmDeadline(): void {
  const deadline = requestScope.current()?.deadline;
  if (deadline) clearTimeout(deadline.timer);
}

/** The current request's deadline signal, when it has one. */
export function deadlineSignal(): AbortSignal | undefined {
  return requestScope.current()?.deadline?.signal;
}

export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`cut off at the request deadline (${ms} ms)`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * An Apollo Server plugin (structurally typed: the kit does not import Apollo) that arms the deadline for queries and
 * disarms it when the response is sent.
 */
export function deadlinePlugin(ms: number) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }: { operation?: { operation: string } | null }) {
          if (operation?.operation === 'query') armDeadline(ms);
        },
        async willSendResponse() {
          disarmDeadline();
        },
      };
    },
  };
}
