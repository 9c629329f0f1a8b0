/**
 * A deadline per GraphQL request (REQUEST_DEADLINE_MS). The HTTP layer opens a request scope (`inRequestScope`) around
 * each GraphQL request; once the operation is known to be a query, the scope is armed (`deadlinePlugin`); every
 * interactive carrier call made in the scope (kit/client.ts) then carries the scope's AbortSignal, and a call not
 * finished — or not yet started — at the deadline fails with BACKEND_UNAVAILABLE, `reason: "deadline"`, naming its
 * platform, so the request answers with what the other platforms gave. Mutations are never armed: a carrier write
 * keeps the carrier's own timeout. Background calls (the inventory's sync, kit/priority.ts) ignore the deadline: their
 * results are stored, so they finish.
 *
 * Carried by AsyncLocalStorage like the call priority, so adapters and services stay unaware of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  /** Aborted at the deadline; absent until armed. */
  signal?: AbortSignal;
  /** Epoch ms of the deadline, once armed. */
  at?: number;
  /** Stops the timer (the request answered first). */
  disarm(): void;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (the rest of one GraphQL request's handling) in a fresh, unarmed request scope. */
export function inRequestScope<T>(fn: () => T): T {
  return scopes.run(newScope(), fn);
}

function newScope(): RequestScope {
  // The budget counts from the request's arrival, not from when its operation was resolved.
  const startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const scope: RequestScope = {
    disarm: () => clearTimeout(timer),
  };
  (scope as RequestScope & { arm: (ms: number) => void }).arm = (ms: number) => {
    if (scope.signal || !(ms > 0)) return;
    const controller = new AbortController();
    scope.signal = controller.signal;
    scope.at = startedAt + ms;
    timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), Math.max(0, scope.at - Date.now()));
    timer.unref();
  };
  return scope;
}

/**
 * Runs one operation whose type is already known (GraphQL over WebSocket) in its own request scope: armed at once
 * for a query, never for a mutation or subscription; disarmed when the operation has answered.
 */
export function withDeadline<T>(ms: number, isQuery: boolean, fn: () => T | Promise<T>): Promise<T> {
  return inRequestScope(async () => {
    if (isQuery) armDeadline(ms);
    try {
      return await fn();
    } finally {
      scopes.getStore()?.disarm();
    }
  });
}

/** Arms the current request's deadline (a no-op outside a request scope or when already armed). */
export function armDeadline(ms: number): void {
  (scopes.getStore() as (RequestScope & { arm?: (ms: number) => void }) | undefined)?.arm?.(ms);
}

/** The current request's deadline signal, when it has one. */
export function deadlineSignal(): AbortSignal | undefined {
  return scopes.getStore()?.signal;
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
          scopes.getStore()?.disarm();
        },
      };
    },
  };
}
