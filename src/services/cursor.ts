/**
 * The cursor of the merged product list. It records, for every platform account in the list, where that
 * account's native paging stands: the position of the native page being read (whatever the platform uses: page
 * number, offset, cursor string) and how many of that page's items were already returned. Paging on from a cursor
 * therefore visits every product exactly once, however the pages interleave platforms.
 *
 * Encoded as base64url JSON with a version and a fingerprint of the filter, so a cursor is opaque to clients and
 * refused (BAD_USER_INPUT) when it is malformed or used with another filter.
 */
import { createHash } from 'node:crypto';
import { badInput } from '../domain/errors.js';

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

export function filterFingerprint(filter: unknown): string {
  return createHash('sha256').update(JSON.stringify(filter ?? null)).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: ListCursor): string {
  const compact = Object.fromEntries(Object.entries(cursor.accounts).map(([id, p]) => [id, [p.page, p.skip, p.done ? 1 : 0]]));
  return Buffer.from(JSON.stringify({ v: 1, f: cursor.filter, a: compact })).toString('base64url');
}

export function decodeCursor(text: string, filter: string): ListCursor {
  let raw: { v?: unknown; f?: unknown; a?: unknown };
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as typeof raw;
  } catch {
    throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
  }
  if (raw?.v !== 1 || typeof raw.a !== 'object' || raw.a === null) throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
  if (raw.f !== filter) throw badInput('Cursor "after" was made for another filter: page with the same filter, or start again without "after"', { field: 'after' });
  const accounts: Record<string, AccountPosition> = {};
  for (const [id, value] of Object.entries(raw.a as Record<string, unknown>)) {
    if (!Array.isArray(value) || value.length !== 3 || !(value[0] === null || typeof value[0] === 'string') || !Number.isInteger(value[1]) || (value[1] as number) < 0) {
      throw badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });
    }
    accounts[id] = { page: value[0] as string | null, skip: value[1] as number, done: value[2] === 1 };
  }
  return { filter, accounts };
}
