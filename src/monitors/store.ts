/**
 * Monitors in the store: written the moment an operation is accepted, updated as the platforms answer, and claimed
 * for polling with row locks (`FOR UPDATE SKIP LOCKED`) plus a lease, so that several gateway processes share the
 * work, each monitor is polled by one of them at a time, and a monitor whose process died is picked up by another
 * once its lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { MonitorOperation } from '../domain/vocabulary.js';
import type { Db, Queryable } from '../store/db.js';
import type { MonitorError, MonitorRecord, MonitorResponse, MonitorStateValue, TrackedPart } from './model.js';

interface Row {
  id: string;
  tenant_id: string;
  application_id: string | null;
  state: MonitorStateValue;
  source_id: string | null;
  operation: MonitorOperation;
  request: unknown;
  responses: MonitorResponse[];
  errors: MonitorError[];
  tracking: TrackedPart[];
  cancellable: boolean;
  correlation_id: string;
  created_at: Date | string;
  updated_at: Date | string;
  poll_attempts: number;
}

const toRecord = (r: Row): MonitorRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  applicationId: r.application_id,
  state: r.state,
  sourceId: r.source_id,
  operation: r.operation,
  request: r.request,
  responses: r.responses,
  errors: r.errors,
  tracking: r.tracking,
  cancellable: r.cancellable,
  correlationId: r.correlation_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  pollAttempts: r.poll_attempts,
});

export type NewMonitor = Pick<
  MonitorRecord,
  'tenantId' | 'applicationId' | 'sourceId' | 'operation' | 'request' | 'responses' | 'tracking' | 'cancellable'
> & {
  state?: MonitorStateValue;
  errors?: MonitorError[];
  /** When the tracker should first look at it; default now. */
  firstPollInMs?: number;
};

export class MonitorStore {
  constructor(private readonly db: Db) {}

  async create(input: NewMonitor, tx: Queryable = this.db): Promise<MonitorRecord> {
    const id = `monitor-${randomUUID()}`;
    const rows = await tx.query<Row>(
      `INSERT INTO monitors (id, tenant_id, application_id, state, source_id, operation, request, responses, errors, tracking, cancellable, correlation_id, next_poll_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $4 = 'IN_PROGRESS' THEN now() + make_interval(secs => $13::double precision / 1000) END)
       RETURNING *`,
      [
        id,
        input.tenantId,
        input.applicationId,
        input.state ?? 'IN_PROGRESS',
        input.sourceId,
        input.operation,
        JSON.stringify(input.request),
        JSON.stringify(input.responses),
        JSON.stringify(input.errors ?? []),
        JSON.stringify(input.tracking),
        input.cancellable,
        randomUUID(),
        input.firstPollInMs ?? 0,
      ],
    );
    return toRecord(rows[0]!);
  }

  /** A monitor of the tenant; another tenant's id is simply not found. */
  async get(tenantId: string, id: string): Promise<MonitorRecord | undefined> {
    const rows = await this.db.query<Row>('SELECT * FROM monitors WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0] && toRecord(rows[0]);
  }

  async getById(id: string): Promise<MonitorRecord | undefined> {
    const rows = await this.db.query<Row>('SELECT * FROM monitors WHERE id = $1', [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Newest first; `after` is the (createdAt, id) of the last monitor of the previous page. */
  async list(
    tenantId: string,
    first: number,
    after: { createdAt: string; id: string } | null,
    states: readonly MonitorStateValue[] | null,
  ): Promise<MonitorRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM monitors
        WHERE tenant_id = $1
          AND ($2::text[] IS NULL OR state = ANY($2::text[]))
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [tenantId, states?.length ? [...states] : null, after?.createdAt ?? null, after?.id ?? null, first],
    );
    return rows.map(toRecord);
  }

  /**
   * Claims up to `limit` due monitors for this process: locks them (skipping rows another process holds) and moves
   * their next poll `leaseMs` ahead, so nobody else takes them while this process works on them.
   */
  async claimDue(limit: number, leaseMs: number): Promise<MonitorRecord[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `SELECT * FROM monitors WHERE state = 'IN_PROGRESS' AND next_poll_at <= now()
          ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length) {
        await tx.query(
          `UPDATE monitors SET next_poll_at = now() + make_interval(secs => $2::double precision / 1000) WHERE id = ANY($1::text[])`,
          [rows.map((r) => r.id), leaseMs],
        );
      }
      return rows.map(toRecord);
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM monitors WHERE id = $1', [id]);
  }

  /** Saves a monitor's progress; `nextPollInMs` null when it reached a final state. */
  async save(m: MonitorRecord, nextPollInMs: number | null, tx: Queryable = this.db): Promise<MonitorRecord> {
    const rows = await tx.query<Row>(
      `UPDATE monitors SET state = $2, responses = $3, errors = $4, tracking = $5, cancellable = $6, poll_attempts = $7,
              updated_at = now(),
              next_poll_at = CASE WHEN $8::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $8::double precision / 1000) END
        WHERE id = $1 RETURNING *`,
      [
        m.id,
        m.state,
        JSON.stringify(m.responses),
        JSON.stringify(m.errors),
        JSON.stringify(m.tracking),
        m.cancellable,
        m.pollAttempts,
        nextPollInMs,
      ],
    );
    return toRecord(rows[0]!);
  }

  /**
   * Marks part `index` as being sent, if it is still pending: only one process can win this, so a part is sent at
   * most once. Also renews this process's lease on the monitor.
   */
  async markSending(id: string, index: number, leaseMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>('SELECT tracking FROM monitors WHERE id = $1 FOR UPDATE', [id]);
      const tracking = rows[0]?.tracking;
      if (!tracking || tracking[index]?.phase !== 'pending') return false;
      tracking[index]!.phase = 'sending';
      await tx.query(
        `UPDATE monitors SET tracking = $2, next_poll_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
        [id, JSON.stringify(tracking), leaseMs],
      );
      return true;
    });
  }

  /** Runs `fn` with the monitor locked (cancel and the tracker must not write the same monitor at once). */
  async withLock<T>(
    tenantId: string,
    id: string,
    fn: (m: MonitorRecord | undefined, tx: Queryable) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>('SELECT * FROM monitors WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
        tenantId,
        id,
      ]);
      return fn(rows[0] && toRecord(rows[0]), tx);
    });
  }
}
