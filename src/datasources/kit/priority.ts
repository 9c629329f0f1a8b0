/**
 * Who a carrier call is for. Interactive calls (a GraphQL request) are the default; the inventory's sync runs its
 * calls inside `inBackground`, and the platform rate limits (rate-limit.ts) serve background calls only after every
 * waiting interactive call, and only up to their configured share of the platform's budget. Carried by
 * AsyncLocalStorage so adapters stay unaware of it: the same adapter code serves both.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const background = new AsyncLocalStorage<true>();

/** Runs `fn` with every carrier call it makes marked as background work. */
export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  return background.run(true, fn);
}

export function isBackground(): boolean {
  return background.getStore() === true;
}
