/**
 * Idempotency keys: a mutation repeated with the same key by the same tenant returns the first result and changes
 * nothing again; the same key with a different request is refused. A key is reserved before the change starts, so
 * two concurrent requests with one key cannot both change anything.
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../domain/errors.js';
import type { Db } from './db.js';

export function requestHash(operation: string, args: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, args]))
    .digest('hex');
}

export type Reservation<R> = { kind: 'new' } | { kind: 'replay'; response: R };

export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  /** Reserves `key` for this request, or returns the stored response of the earlier identical request. */
  async reserve<R>(tenantId: string, key: string, hash: string): Promise<Reservation<R>> {
    if (key.length < 1 || key.length > 255)
      throw new GatewayError('BAD_USER_INPUT', 'idempotencyKey must be 1 to 255 characters', {
        field: 'idempotencyKey',
      });
    const inserted = await this.db.query(
      'INSERT INTO idempotency_keys (tenant_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
      [tenantId, key, hash],
    );
    if (inserted.length) return { kind: 'new' };
    const rows = await this.db.query<{ request_hash: string; response: R | null }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
      [tenantId, key],
    );
    const row = rows[0]!;
    if (row.request_hash !== hash) {
      throw new GatewayError('CONFLICT', `idempotencyKey "${key}" was already used for a different request`, {
        field: 'idempotencyKey',
      });
    }
    if (row.response === null)
      throw new GatewayError(
        'CONFLICT',
        `A request with idempotencyKey "${key}" is still being processed; retry shortly`,
        { field: 'idempotencyKey' },
      );
    return { kind: 'replay', response: row.response };
  }

  async complete(tenantId: string, key: string, response: unknown): Promise<void> {
    await this.db.query('UPDATE idempotency_keys SET response = $3 WHERE tenant_id = $1 AND key = $2', [
      tenantId,
      key,
      JSON.stringify(response),
    ]);
  }

  /** Frees a key whose request failed before changing anything, so the client may retry with it. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND response IS NULL', [
      tenantId,
      key,
    ]);
  }
}
