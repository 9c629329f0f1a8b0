/**
 * One process at a time on a PGlite DATA_DIR. PGlite is PostgreSQL in one process's memory: a second process that
 * opens the same files works on its own copy, and whichever writes last wins, so writes of the other are lost. The
 * gateway and the admin CLI's direct mode therefore take DATA_DIR/store.lock before opening PGlite, and refuse when
 * a live process holds it. The file names the holder (pid, role, and for a gateway the URL of its admin API), which
 * lets the CLI send its commands to that gateway instead.
 *
 * The lock is a file put in place with link() (atomic, fails when it exists); a lock whose process is gone (a gateway
 * killed with SIGKILL) is stale and taken over. A pid reused by an unrelated process after a reboot keeps the lock
 * held: the messages name the pid, and docs/administration.md says to delete the file when that is not a gateway. A PostgreSQL server serves any number of processes, so no lock is taken with DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'store.lock';

export interface LockHolder {
  pid: number;
  role: 'gateway' | 'admin-cli';
  since: string;
  /** A gateway's base URL, once it listens. */
  url?: string;
}

export class StoreBusyError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly dataDir: string,
  ) {
    super(
      holder.role === 'gateway'
        ? `a gateway (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ', starting'}) has the PGlite store in ${dataDir} open, and PGlite allows one process`
        : `the admin CLI (pid ${holder.pid}) has the PGlite store in ${dataDir} open, and PGlite allows one process; wait for it to finish`,
    );
    this.name = 'StoreBusyError';
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** The live holder of DATA_DIR's lock, or undefined (no lock, or a stale one). */
export function lockHolder(dataDir: string): LockHolder | undefined {
  if (dataDir.startsWith('memory://')) return undefined;
  try {
    const holder = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && alive(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

export class StoreLock {
  private constructor(
    private readonly file: string,
    private holder: LockHolder,
  ) {}

  /** Takes DATA_DIR's lock for this process; throws StoreBusyError when a live process holds it. */
  static acquire(dataDir: string, role: LockHolder['role']): StoreLock {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, LOCK_FILE);
    const holder: LockHolder = { pid: process.pid, role, since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      // Written whole to a private file, then linked into place: link() fails if the lock exists, and a reader
      // never sees a half-written lock.
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, JSON.stringify(holder) + '\n', { mode: 0o600 });
      try {
        linkSync(tmp, file);
        return new StoreLock(file, holder);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      } finally {
        rmSync(tmp, { force: true });
      }
      const current = lockHolder(dataDir);
      if (current) throw new StoreBusyError(current, dataDir);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }

  /** Records where this gateway listens, for the CLI (replaced whole: readers see the old or the new content). */
  update(fields: Pick<LockHolder, 'url'>): void {
    this.holder = { ...this.holder, ...fields };
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(this.holder) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  release(): void {
    try {
      const current = JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder;
      if (current.pid === process.pid) rmSync(this.file, { force: true });
    } catch {
      // already gone
    }
  }
}
