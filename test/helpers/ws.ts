/** A graphql-ws client for tests, collecting what a subscription receives. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected<T> {
  values: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves when `predicate` holds for the values so far (or rejects after `timeoutMs`). */
  until(predicate: (values: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function wsClient(
  httpUrl: string,
  tenant: string,
  token: string,
  extra: { closed?: (code: number, reason: string) => void } = {},
): Client {
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/${tenant}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { Authorization: `Bearer ${token}` },
  });
  client.on('closed', (event) => {
    const e = event as { code: number; reason: string };
    extra.closed?.(e.code, e.reason);
  });
  return client;
}

export function collect<T>(client: Client, query: string, variables?: Record<string, unknown>): Collected<T> {
  const values: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) values.push(v.data as T);
        notify();
      },
      error: (e) => {
        errors.push(e);
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  return {
    values,
    errors,
    get completed() {
      return completed;
    },
    until: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(values)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(values);
          } else if (errors.length) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`subscription failed: ${JSON.stringify(errors)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; received ${JSON.stringify(values)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    dispose,
  } as Collected<T>;
}
