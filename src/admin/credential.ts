/**
 * The admin credential: a bearer token that the admin API (src/admin/router.ts) requires and the admin CLI sends.
 *
 * ADMIN_TOKEN when set; otherwise one is generated at the gateway's first start and kept in DATA_DIR/admin-token
 * (mode 0600, beside secrets.key and the PGlite files, which are as sensitive), so that whoever may read DATA_DIR may
 * administer the gateway that uses it. With DATA_DIR=memory:// and no ADMIN_TOKEN there is no credential and the
 * admin API refuses every call. Tokens are compared in constant time (SHA-256 of both sides, then timingSafeEqual,
 * so that neither the content nor the length leaks through timing).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** Where the gateway serves the admin API (src/admin/router.ts). */
export const ADMIN_API_PREFIX = '/admin/v1';

export interface AdminCredential {
  token: string;
  /** Where it came from, for messages: "ADMIN_TOKEN" or the file's path. */
  source: string;
}

function tokenFile(dataDir: string): string | undefined {
  return dataDir.startsWith('memory://') ? undefined : path.join(dataDir, ADMIN_TOKEN_FILE);
}

/** The gateway's side: ADMIN_TOKEN, else the DATA_DIR file, created when missing. */
export function ensureAdminCredential(config: { ADMIN_TOKEN?: string; DATA_DIR: string }): AdminCredential | undefined {
  if (config.ADMIN_TOKEN) return { token: config.ADMIN_TOKEN, source: 'ADMIN_TOKEN' };
  const file = tokenFile(config.DATA_DIR);
  if (!file) return undefined;
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process wrote it first: use theirs
    }
  }
  return readCredentialFile(file);
}

/** The CLI's side: ADMIN_TOKEN, else the DATA_DIR file if a gateway has written one; never creates it. */
export function findAdminCredential(config: { ADMIN_TOKEN?: string; DATA_DIR: string }): AdminCredential | undefined {
  if (config.ADMIN_TOKEN) return { token: config.ADMIN_TOKEN, source: 'ADMIN_TOKEN' };
  const file = tokenFile(config.DATA_DIR);
  return file && existsSync(file) ? readCredentialFile(file) : undefined;
}

function readCredentialFile(file: string): AdminCredential {
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 24)
    throw new Error(
      `${file} does not hold an admin token (at least 24 characters); delete it to have a new one generated at the next start`,
    );
  return { token, source: file };
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
