/**
 * Custom properties: name/value pairs a client attaches to a product. Stored by the gateway per tenant and product
 * (bundle id), never sent to a platform. Names are unique per product.
 */
import type { Db, Queryable } from './db.js';

export interface CustomPropertyRow {
  name: string;
  value: string;
}

export class CustomPropertyStore {
  constructor(private readonly db: Db) {}

  /** Properties of many products at once (one query for a whole page), in name order. */
  async forProducts(tenantId: string, productIds: readonly string[]): Promise<Map<string, CustomPropertyRow[]>> {
    const rows = await this.db.query<{ product_id: string; name: string; value: string }>(
      'SELECT product_id, name, value FROM custom_properties WHERE tenant_id = $1 AND product_id = ANY($2::text[]) ORDER BY product_id, name',
      [tenantId, [...productIds]],
    );
    const out = new Map<string, CustomPropertyRow[]>(productIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.product_id)?.push({ name: r.name, value: r.value });
    return out;
  }

  async list(tenantId: string, productId: string, tx: Queryable = this.db): Promise<CustomPropertyRow[]> {
    return tx.query<CustomPropertyRow>(
      'SELECT name, value FROM custom_properties WHERE tenant_id = $1 AND product_id = $2 ORDER BY name',
      [tenantId, productId],
    );
  }

  /** Runs `fn` in a transaction holding a lock on the product's properties (concurrent edits serialize). */
  async locked<T>(
    tenantId: string,
    productId: string,
    fn: (tx: Queryable, current: CustomPropertyRow[]) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cp:${tenantId}:${productId}`]);
      return fn(tx, await this.list(tenantId, productId, tx));
    });
  }

  async insert(tx: Queryable, tenantId: string, productId: string, props: readonly CustomPropertyRow[]): Promise<void> {
    for (const p of props) {
      await tx.query('INSERT INTO custom_properties (tenant_id, product_id, name, value) VALUES ($1, $2, $3, $4)', [
        tenantId,
        productId,
        p.name,
        p.value,
      ]);
    }
  }

  async upsert(tx: Queryable, tenantId: string, productId: string, props: readonly CustomPropertyRow[]): Promise<void> {
    for (const p of props) {
      await tx.query(
        `INSERT INTO custom_properties (tenant_id, product_id, name, value) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, product_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [tenantId, productId, p.name, p.value],
      );
    }
  }

  async rename(
    tx: Queryable,
    tenantId: string,
    productId: string,
    name: string,
    newName: string,
    value: string,
  ): Promise<void> {
    await tx.query(
      'UPDATE custom_properties SET name = $4, value = $5, updated_at = now() WHERE tenant_id = $1 AND product_id = $2 AND name = $3',
      [tenantId, productId, name, newName, value],
    );
  }

  async remove(tx: Queryable, tenantId: string, productId: string, names: readonly string[]): Promise<void> {
    await tx.query(
      'DELETE FROM custom_properties WHERE tenant_id = $1 AND product_id = $2 AND name = ANY($3::text[])',
      [tenantId, productId, [...names]],
    );
  }

  /** Product ids carrying name = value, in id order, after `afterId`, at most `limit`. */
  async productsWith(
    tenantId: string,
    name: string,
    value: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db.query<{ product_id: string }>(
      `SELECT product_id FROM custom_properties WHERE tenant_id = $1 AND name = $2 AND value = $3 AND ($4::text IS NULL OR product_id > $4)
        ORDER BY product_id LIMIT $5`,
      [tenantId, name, value, afterId, limit],
    );
    return rows.map((r) => r.product_id);
  }

  async countWith(tenantId: string, name: string, value: string): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM custom_properties WHERE tenant_id = $1 AND name = $2 AND value = $3',
      [tenantId, name, value],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
