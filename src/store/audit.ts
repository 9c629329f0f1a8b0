/** The audit trail: every change a client makes — who (application), what, when, and the result. */
import type { Db, Queryable } from './db.js';

export interface AuditEntry {
  tenantId: string;
  applicationId: string | null;
  action: string;
  target: string | null;
  request: unknown;
  result: unknown;
}

export class AuditStore {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      'INSERT INTO audit_log (tenant_id, application_id, action, target, request, result) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        entry.tenantId,
        entry.applicationId,
        entry.action,
        entry.target,
        JSON.stringify(entry.request ?? null),
        JSON.stringify(entry.result ?? null),
      ],
    );
  }

  async recent(tenantId: string, limit = 50): Promise<Array<AuditEntry & { at: Date }>> {
    const rows = await this.db.query<{
      tenant_id: string;
      application_id: string | null;
      action: string;
      target: string | null;
      request: unknown;
      result: unknown;
      at: Date;
    }>('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2', [tenantId, limit]);
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      applicationId: r.application_id,
      action: r.action,
      target: r.target,
      request: r.request,
      result: r.result,
      at: r.at,
    }));
  }
}
