/**
 * Credentials bound to long-lived connections (graphql-ws sockets). A connection authenticated with a token is
 * watched until it closes, and closed:
 *
 *   - when the token expires: 4401 "Access token expired" (at its `exp`, to the millisecond; the client may
 *     reconnect with a new token);
 *   - when its application is revoked (or deleted): 4403 "Application revoked";
 *   - when the key that signed it stops verifying (`keys rotate --withdraw-old`): 4401 "Access token signing key
 *     withdrawn" (a new token, signed by the new key, is accepted).
 *
 * Revocation and keys are read from the store — the one every replica shares, whichever replica or admin command
 * changed it — every `intervalMs` (2 s), with one query for all applications and one for all keys watched by this
 * process, and only while something is watched. So a revocation closes sockets on every replica within about
 * `intervalMs`, the same bound HTTP keeps (tokens.ts reloads keys, the tenant store forgets applications, within
 * seconds). Tokens of an external identity provider are bound to their expiry only: their revocation is the
 * provider's.
 */
import type { Logger } from '../logging.js';
import type { Queryable } from '../store/db.js';
import type { AuthInfo } from './tokens.js';

/** graphql-ws's own codes: 4401 Unauthorized (get a new token), 4403 Forbidden (do not retry). */
export const CLOSE_TOKEN_EXPIRED = { code: 4401, reason: 'Access token expired' } as const;
export const CLOSE_KEY_WITHDRAWN = { code: 4401, reason: 'Access token signing key withdrawn' } as const;
export const CLOSE_REVOKED = { code: 4403, reason: 'Application revoked' } as const;

export type CloseReason = { code: number; reason: string };

interface Watched {
  auth: AuthInfo;
  close(reason: CloseReason): void;
  timer?: NodeJS.Timeout;
}

export class CredentialWatch {
  private readonly watched = new Set<Watched>();
  /** Watched connections whose token this gateway issued (the poller runs while there are any). */
  private own = 0;
  private poller?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly deps: { db: Queryable; logger: Logger; tokenTtlSeconds: number },
    private readonly intervalMs = 2_000,
  ) {}

  /** Watches one connection's credentials; the returned function stops watching (call it when the socket closes). */
  watch(auth: AuthInfo, close: (reason: CloseReason) => void): () => void {
    const entry: Watched = { auth, close };
    const end = (reason: CloseReason) => {
      if (!this.watched.has(entry)) return;
      this.unwatch(entry);
      close(reason);
    };
    entry.close = end;
    const msLeft = auth.expiresAt * 1000 - Date.now();
    if (msLeft <= 0) {
      close(CLOSE_TOKEN_EXPIRED);
      return () => undefined;
    }
    // setTimeout holds at most ~24.8 days; tokens live at most a day.
    entry.timer = setTimeout(() => end(CLOSE_TOKEN_EXPIRED), Math.min(msLeft, 2 ** 31 - 1));
    entry.timer.unref();
    this.watched.add(entry);
    if (!auth.external) this.own++;
    if (!auth.external && !this.poller) {
      this.poller = setInterval(() => void this.check(), this.intervalMs);
      this.poller.unref();
    }
    return () => this.unwatch(entry);
  }

  /** Connections watched (for tests and metrics). */
  size(): number {
    return this.watched.size;
  }

  stop(): void {
    for (const entry of this.watched) clearTimeout(entry.timer);
    this.watched.clear();
    this.own = 0;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  private unwatch(entry: Watched): void {
    clearTimeout(entry.timer);
    if (!this.watched.delete(entry)) return;
    if (!entry.auth.external) this.own--;
    // O(1) per close: 10,000 sockets closing at once must not copy the set 10,000 times.
    if (this.own === 0 && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  /** One look at the store for every watched application and key. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const own = [...this.watched].filter((e) => !e.auth.external);
      if (!own.length) return;
      const clientIds = [...new Set(own.map((e) => e.auth.clientId))];
      const kids = [...new Set(own.map((e) => e.auth.kid).filter((k): k is string => !!k))];
      const [apps, keys] = await Promise.all([
        this.deps.db.query<{ client_id: string }>(
          'SELECT client_id FROM applications WHERE client_id = ANY($1) AND revoked_at IS NULL',
          [clientIds],
        ),
        kids.length
          ? this.deps.db.query<{ kid: string }>(
              `SELECT kid FROM signing_keys WHERE kid = ANY($1) AND (retired_at IS NULL OR retired_at > now() - make_interval(secs => $2))`,
              [kids, this.deps.tokenTtlSeconds + 60],
            )
          : Promise.resolve([]),
      ]);
      const active = new Set(apps.map((r) => r.client_id));
      const verifying = new Set(keys.map((r) => r.kid));
      for (const entry of own) {
        if (!active.has(entry.auth.clientId)) entry.close(CLOSE_REVOKED);
        else if (entry.auth.kid && !verifying.has(entry.auth.kid)) entry.close(CLOSE_KEY_WITHDRAWN);
      }
    } catch (err) {
      // The store is briefly unreachable: keep the sockets, look again next time.
      this.deps.logger.warn({ err }, 'could not check the credentials of open WebSocket connections');
    } finally {
      this.checking = false;
    }
  }
}
