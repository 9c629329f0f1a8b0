/**
 * The deployment's Redis scope. Every Redis key (rate limits, token-failure counters, application budgets) and
 * every pub/sub channel (subscription events) of a deployment starts with one prefix, so two deployments on one
 * Redis server never share a counter or an event — Redis database numbers do not separate pub/sub channels.
 *
 * `REDIS_PREFIX` sets it; by default it is derived from what makes a deployment: its store (the PostgreSQL server
 * and database of DATABASE_URL — not its credentials — or the absolute PGlite DATA_DIR) and the Redis database
 * number. Replicas of one deployment (same store, same Redis database) therefore agree without configuration. An
 * in-memory store belongs to one process, so it gets a random prefix.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';

export interface RedisScopeSettings {
  REDIS_PREFIX?: string;
  REDIS_URL?: string;
  DATABASE_URL?: string;
  DATA_DIR: string;
}

/** The prefix, ending with ":" (e.g. "gw:3f9a0c1d2e4b:"). */
export function redisPrefix(config: RedisScopeSettings): string {
  if (config.REDIS_PREFIX) return config.REDIS_PREFIX.endsWith(':') ? config.REDIS_PREFIX : `${config.REDIS_PREFIX}:`;
  let store: string;
  if (config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    store = `postgres://${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } else if (config.DATA_DIR.startsWith('memory://')) {
    store = `memory:${randomBytes(16).toString('hex')}`;
  } else {
    store = `pglite:${path.resolve(config.DATA_DIR)}`;
  }
  const database = config.REDIS_URL ? new URL(config.REDIS_URL).pathname.replace(/^\//, '') || '0' : '0';
  return `gw:${createHash('sha256').update(`${store}|redis-db:${database}`).digest('hex').slice(0, 12)}:`;
}
