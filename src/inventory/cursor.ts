/**
 * Keyset cursors of inventory lists: the last row's sort value and product id, and a fingerprint of the filter and
 * order they belong to. A cursor stays valid while the fleet changes: the next page starts strictly after that
 * (value, id) pair, so no product is repeated or skipped because others were added, removed or changed between
 * pages (a product whose sort value itself changes moves, as in any keyset list, to where it now sorts).
 *
 * Opaque base64url; a malformed, oversized or foreign cursor is BAD_USER_INPUT before any query runs.
 */
import { badInput } from '../domain/errors.js';
import type { Keyset } from './store.js';

const MAX_CURSOR_LENGTH = 1_024;
const malformed = () => badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });

export function encodeKeyset(keyset: Keyset, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 2, f: fingerprint, k: [keyset.value, keyset.id] })).toString('base64url');
}

export function decodeKeyset(text: string, fingerprint: string): Keyset {
  if (text.length > MAX_CURSOR_LENGTH) throw malformed();
  let raw: { v?: unknown; f?: unknown; k?: unknown };
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as typeof raw;
  } catch {
    throw malformed();
  }
  if (raw?.v !== 2 || !Array.isArray(raw.k) || raw.k.length !== 2 || !raw.k.every((p) => typeof p === 'string' && p.length <= 200)) throw malformed();
  if (raw.f !== fingerprint) throw badInput('Cursor "after" was made for another filter or order: page with the same ones, or start again without "after"', { field: 'after' });
  return { value: raw.k[0] as string, id: raw.k[1] as string };
}
