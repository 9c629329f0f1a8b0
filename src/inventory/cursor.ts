/**
 * Keyset cursors of inventory lists: the last row's sort value and product id, and a fingerprint of the filter and
 * order they belong to. A cursor stays valid while the fleet changes: the next page starts strictly after that
 * (value, id) pair, so no product is repeated or skipped because others were added, removed or changed between
 * pages (a product whose sort value itself changes moves, as in any keyset list, to where it now sorts).
 *
 * Sealed like the live list's cursors (src/security/cursor-seal.ts: HMAC under the deployment's key, size-capped,
 * purpose "inventory"), so a forged, oversized or foreign cursor is BAD_USER_INPUT before any query runs.
 */
import { badInput } from '../domain/errors.js';
import type { CursorSeal } from '../security/cursor-seal.js';
import type { Keyset } from './store.js';

const PURPOSE = 'inventory';
const malformed = () =>
  badInput('Cursor "after" is malformed: use a cursor returned by this field', { field: 'after' });

export function encodeKeyset(seal: CursorSeal, keyset: Keyset, fingerprint: string): string {
  return seal.seal({ v: 2, f: fingerprint, k: [keyset.value, keyset.id] }, PURPOSE);
}

export function decodeKeyset(seal: CursorSeal, text: string, fingerprint: string): Keyset {
  const raw = seal.open(text, PURPOSE) as { v?: unknown; f?: unknown; k?: unknown } | null;
  if (
    raw?.v !== 2 ||
    !Array.isArray(raw.k) ||
    raw.k.length !== 2 ||
    !raw.k.every((p) => typeof p === 'string' && p.length <= 200)
  )
    throw malformed();
  if (raw.f !== fingerprint)
    throw badInput(
      'Cursor "after" was made for another filter or order: page with the same ones, or start again without "after"',
      { field: 'after' },
    );
  return { value: raw.k[0] as string, id: raw.k[1] as string };
}
