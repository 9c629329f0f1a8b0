/**
 * Sealed cursors: paging positions handed to clients that only this deployment can have made.
 *
 *   const seal = await CursorSeal.fromStore(db);   // once per process (AppDeps.cursors)
 *   const text = seal.seal({ any: 'json' });       // → "<payload>.<mac>", base64url, ≤ MAX_CURSOR_BYTES
 *   const back = seal.open(text);                  // → the payload (unknown: check its shape!), or throws
 *                                                  //   BAD_USER_INPUT (too long, malformed, not ours)
 *
 * The payload is JSON, readable by anyone (do not put secrets in it) but not changeable: an HMAC-SHA256 (128-bit
 * tag) under a key kept in the store (table `gateway_keys`, row `cursor`), created by the first process that needs
 * it and read by every replica, so a cursor made on one replica opens on all. `purpose` separates cursor kinds:
 * a cursor sealed for one purpose (say "products") does not open for another ("inventory"). `open` refuses a text
 * over MAX_CURSOR_BYTES before decoding anything, so a forged 900 kB cursor costs nothing.
 *
 * Hand-written on node:crypto rather than with jose's JWS: jose signs asynchronously, and cursors are made
 * synchronously while a page is assembled; the construction is one HMAC and one constant-time comparison.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from '../domain/errors.js';
import type { Queryable } from '../store/db.js';

/** Longest cursor accepted (and made): 4 KiB. */
export const MAX_CURSOR_BYTES = 4096;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export class CursorSeal {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length < 32) throw new Error('A cursor key needs at least 32 bytes');
    this.key = Buffer.from(key);
  }

  /** The deployment's cursor key from the store, created (once, race-free across replicas) when missing. */
  static async fromStore(db: Queryable): Promise<CursorSeal> {
    await db.query(
      `INSERT INTO gateway_keys (purpose, secret) VALUES ('cursor', $1) ON CONFLICT (purpose) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const rows = await db.query<{ secret: string }>(`SELECT secret FROM gateway_keys WHERE purpose = 'cursor'`);
    return new CursorSeal(Buffer.from(rows[0]!.secret, 'base64url'));
  }

  /** Seals a JSON payload. Throws (an internal error, not a client's) if it would exceed MAX_CURSOR_BYTES. */
  seal(payload: unknown, purpose = 'cursor'): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    const text = `${body}.${this.tag(purpose, body)}`;
    if (text.length > MAX_CURSOR_BYTES)
      throw new Error(`A ${purpose} cursor would be ${text.length} bytes (limit ${MAX_CURSOR_BYTES})`);
    return text;
  }

  /** The payload of a cursor this deployment sealed for `purpose`; BAD_USER_INPUT on anything else. */
  open(text: string, purpose = 'cursor', field = 'after'): unknown {
    if (typeof text !== 'string' || text.length > MAX_CURSOR_BYTES) {
      throw badInput(
        `Cursor "${field}" is too long (limit ${MAX_CURSOR_BYTES} bytes): use a cursor returned by this field`,
        { field },
      );
    }
    const [body, tag, extra] = text.split('.');
    const refused = () => badInput(`Cursor "${field}" is not valid: use a cursor returned by this field`, { field });
    if (extra !== undefined || !body || !tag || !BASE64URL.test(body) || !BASE64URL.test(tag)) throw refused();
    const expected = Buffer.from(this.tag(purpose, body), 'base64url');
    const given = Buffer.from(tag, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      throw refused();
    }
  }

  private tag(purpose: string, body: string): string {
    return createHmac('sha256', this.key)
      .update(`${purpose}\n${body}`)
      .digest()
      .subarray(0, TAG_BYTES)
      .toString('base64url');
  }
}
