/**
 * Where platform errors become client errors. Adapters and the adapter kit raise `PlatformError`
 * (src/datasources/errors.ts), which knows nothing of GraphQL; every adapter the services and the monitor tracker
 * use comes through `adapterFor`, which turns a `PlatformError` — thrown while building the adapter (missing
 * credentials) or by any of its methods — into a `GatewayError` with the same code and the platform's GraphQL name
 * in `extensions.platform`, plus what the platform said (`statusCode`, `platformCode`, `platformMessage`,
 * `retryAfterMs` with `retryAfter` in whole seconds, `field`). Other errors pass unchanged.
 */
import type { PlatformAdapter } from './adapter.js';
import { PlatformError } from './errors.js';
import type { AdapterPool } from './pool.js';
import { PLATFORMS } from './registry.js';
import { GatewayError } from '../domain/errors.js';
import type { PlatformAccount } from '../store/tenants.js';

export function toGatewayError(err: unknown): unknown {
  if (!(err instanceof PlatformError)) return err;
  const { status, platformCode, platformMessage, retryAfterMs, field, reason } = err.details;
  return new GatewayError(err.code, err.message, {
    platform: PLATFORMS[err.platform]?.name,
    ...(status !== undefined ? { statusCode: status } : {}),
    ...(platformCode ? { platformCode } : {}),
    ...(platformMessage !== undefined ? { platformMessage } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs, retryAfter: Math.ceil(retryAfterMs / 1000) } : {}),
    ...(field !== undefined ? { field } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
}

const guarded = new WeakMap<PlatformAdapter, PlatformAdapter>();

/** The adapter of an account, its errors in the gateway's terms. */
export function adapterFor(pool: AdapterPool, account: PlatformAccount): PlatformAdapter {
  let adapter: PlatformAdapter;
  try {
    adapter = pool.get(account);
  } catch (err) {
    throw toGatewayError(err);
  }
  let wrapped = guarded.get(adapter);
  if (!wrapped) {
    wrapped = guard(adapter);
    guarded.set(adapter, wrapped);
  }
  return wrapped;
}

/** The same adapter, each method's rejection mapped; absent optional methods stay absent. */
function guard(adapter: PlatformAdapter): PlatformAdapter {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      let method = methods.get(property);
      if (!method) {
        const fn = value as (...args: unknown[]) => unknown;
        method = async (...args: unknown[]) => {
          try {
            return await fn.apply(target, args);
          } catch (err) {
            throw toGatewayError(err);
          }
        };
        methods.set(property, method);
      }
      return method;
    },
  });
}
