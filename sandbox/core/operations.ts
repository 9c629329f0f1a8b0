/**
 * Asynchronous carrier operations: accepted now, executed after a delay, then DONE or FAILED with the platform's
 * own error; PENDING ones can be cancelled. The delay is read when the operation is accepted, so the admin API can
 * change it at run time.
 */
export type OperationState = 'PENDING' | 'DONE' | 'FAILED' | 'CANCELLED';

export interface Operation<R = unknown> {
  id: string;
  account: string;
  kind: string;
  /** What was asked, kept for the platform's own status document. */
  request: unknown;
  state: OperationState;
  createdAt: number;
  dueAt: number;
  finishedAt?: number;
  /** Per-item results (DONE/FAILED per SIM) as the platform reports them. */
  result?: R;
  error?: { code: string; message: string };
}

export interface Execution<R> {
  /** Runs when the operation is due; throwing an OperationFailure marks it FAILED with that error. */
  run: () => R;
}

export class OperationFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class OperationQueue {
  private readonly ops = new Map<string, Operation>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private seq = 0;

  constructor(
    private readonly idPrefix: string,
    private readonly delayMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  submit<R>(account: string, kind: string, request: unknown, execution: Execution<R>): Operation<R> {
    const id = `${this.idPrefix}${String(++this.seq).padStart(8, '0')}`;
    const delay = this.delayMs();
    const op: Operation<R> = {
      id,
      account,
      kind,
      request,
      state: 'PENDING',
      createdAt: this.now(),
      dueAt: this.now() + delay,
    };
    this.ops.set(id, op as Operation);
    const timer = setTimeout(() => this.execute(id, execution), delay);
    timer.unref();
    this.timers.set(id, timer);
    return op;
  }

  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  list(account?: string): Operation[] {
    return [...this.ops.values()].filter((o) => !account || o.account === account);
  }

  /** Cancels a PENDING operation; returns false when it already ran (or never existed). */
  cancel(id: string): boolean {
    const op = this.ops.get(id);
    if (!op || op.state !== 'PENDING') return false;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    op.state = 'CANCELLED';
    op.finishedAt = this.now();
    return true;
  }

  private execute<R>(id: string, execution: Execution<R>): void {
    const op = this.ops.get(id) as Operation<R> | undefined;
    this.timers.delete(id);
    if (!op || op.state !== 'PENDING') return;
    try {
      op.result = execution.run();
      op.state = 'DONE';
    } catch (err) {
      op.state = 'FAILED';
      op.error =
        err instanceof OperationFailure
          ? { code: err.code, message: err.message }
          : { code: 'INTERNAL', message: String(err) };
    }
    op.finishedAt = this.now();
  }

  /** Stops all timers (shutdown). */
  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
