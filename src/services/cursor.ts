/**
 * The cursor of the merged product list. It records, for every platform account in the list, where that
 * account's native paging stands: the position of the native page being read (whatever the platform uses: page
 * number, offset, cursor string) and how many of that page's items were already returned. Paging on from a cursor
 * therefore visits every product exactly once, however the pages interleave platforms.
 *
 * Sealed (src/security/cursor-seal.ts: HMAC under the deployment's key, at most 4 KiB) with a version and a
 * fingerprint of the filter, so a cursor is opaque to clients and cannot be forged or edited. Decoding still checks
 * every position before any carrier sees it — defence in depth should a key leak: an account must be one the list
 * covers (the tenant's), its page a position of the form its platform produces (a page number or offset from 1 to
 * 10,000,000, or a short opaque token), its skip an integer from 0 to 1000 (a native page's size). Anything else is
 * BAD_USER_INPUT, and no carrier is called.
 */
import { createHash } from 'node:crypto';
import { isCiscoPosition } from '../datasources/cisco/paging.js';
import { badInput } from '../domain/errors.js';
import type { PlatformCode } from '../datasources/registry.js';
import type { CursorSeal } from '../security/cursor-seal.js';

export interface AccountPosition {
  /** Native position of the page being read; null = the first page. */
  page: string | null;
  /** Items of that page already returned. */
  skip: number;
  /** True once the account's last page has been read to the end. */
  done: boolean;
}

export interface ListCursor {
  filter: string;
  accounts: Record<string, AccountPosition>;
}

/** Largest native page any platform serves, so the most items of one page a cursor may have skipped. */
export const MAX_SKIP = 1000;
/** Largest page number or item offset accepted in a cursor. */
export const MAX_NUMERIC_POSITION = 10_000_000;
/** Accounts one cursor may name. */
const MAX_ACCOUNTS = 1000;
const PURPOSE = 'products';

/**
 * The form of each platform's native list position (what its adapter's `list` returns as `next`): page numbers or
 * item offsets (decimal, from 1: the first page is always `null`), or the platform's own opaque cursor token.
 */
export const POSITION_FORMS: Record<PlatformCode, 'number' | 'token' | ((position: string) => boolean)> = {
  TMSP: 'number',
  INTELSAT: 'number',
  AIRLINQ: 'number',
  '1NCE': 'number',
  STC: 'number',
  TURKCELL: 'number',
  IOTA: 'token',
  GALAXY1: 'token',
  // Cisco: a modification-date keyset, checked by the walk that makes it (datasources/cisco/paging.ts).
  TMUS: isCiscoPosition,
  JASPER: isCiscoPosition,
};
const NUMBER = /^[1-9][0-9]{0,7}$/;
const TOKEN = /^[A-Za-z0-9._~:+/=-]{1,256}$/;
/** Any position, when the caller cannot say which platform it belongs to (custom-property cursors: a product id). */
const ANY = /^[\x21-\x7e]{1,256}$/;

export function filterFingerprint(filter: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(filter ?? null))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(seal: CursorSeal, cursor: ListCursor): string {
  const compact = Object.fromEntries(
    Object.entries(cursor.accounts).map(([id, p]) => [id, [p.page, p.skip, p.done ? 1 : 0]]),
  );
  return seal.seal({ v: 1, f: cursor.filter, a: compact }, PURPOSE);
}

/**
 * Opens and checks a cursor made by `encodeCursor` for `filter`. With `accounts` (the accounts the list covers, by
 * id, with their platform) every account of the cursor must be one of them and its page of its platform's form.
 */
export function decodeCursor(
  seal: CursorSeal,
  text: string,
  filter: string,
  accounts?: ReadonlyMap<string, PlatformCode>,
): ListCursor {
  const malformed = (why: string) =>
    badInput(`Cursor "after" is not valid (${why}): use a cursor returned by this field`, { field: 'after' });
  const raw = seal.open(text, PURPOSE) as { v?: unknown; f?: unknown; a?: unknown } | null;
  if (raw?.v !== 1 || typeof raw.a !== 'object' || raw.a === null || Array.isArray(raw.a))
    throw malformed('unknown version');
  if (raw.f !== filter)
    throw badInput(
      'Cursor "after" was made for another filter: page with the same filter, or start again without "after"',
      { field: 'after' },
    );
  const entries = Object.entries(raw.a as Record<string, unknown>);
  if (entries.length > MAX_ACCOUNTS) throw malformed(`more than ${MAX_ACCOUNTS} accounts`);
  const positions: Record<string, AccountPosition> = {};
  for (const [id, value] of entries) {
    if (!Array.isArray(value) || value.length !== 3) throw malformed('bad position');
    const [page, skip, done] = value as [unknown, unknown, unknown];
    if (!Number.isInteger(skip) || (skip as number) < 0 || (skip as number) > MAX_SKIP)
      throw malformed(`skip must be an integer from 0 to ${MAX_SKIP}`);
    if (done !== 0 && done !== 1) throw malformed('bad position');
    if (page !== null) {
      if (typeof page !== 'string') throw malformed('bad page position');
      const platform = accounts?.get(id);
      const declared = platform ? POSITION_FORMS[platform] : undefined;
      const form = declared === undefined ? ANY : declared === 'number' ? NUMBER : TOKEN;
      const ok =
        typeof declared === 'function'
          ? TOKEN.test(page) && declared(page)
          : form.test(page) && !(form === NUMBER && Number(page) > MAX_NUMERIC_POSITION);
      if (!ok) {
        throw malformed(platform ? `not a ${platform} list position` : 'bad page position');
      }
    }
    if (accounts && !accounts.has(id)) throw malformed('it names an account this list does not cover');
    positions[id] = { page: page as string | null, skip: skip as number, done: done === 1 };
  }
  return { filter, accounts: positions };
}
