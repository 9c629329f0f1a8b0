/**
 * Carrier JSON is outside data: every answer an adapter reads is parsed with its platform's zod schema
 * (src/datasources/<platform>/wire.ts) before the adapter touches it. An answer that lacks a required field or has a
 * wrong type becomes BACKEND_REJECTED, its message naming the platform and the field path
 * ("IOTA answered an unexpected shape: subscriptions[0].iccid: expected string, received undefined") — never a
 * TypeError deep in a translation.
 */
import type { z } from 'zod';
import { PlatformError } from '../errors.js';
import type { PlatformCode } from '../platform-codes.js';

/** `subscriptions[0].iccid` from zod's path; `(body)` for the answer itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    const name = String(part);
    return out ? `${out}.${name}` : name;
  }, '');
}

export function parseWire<S extends z.ZodType>(
  platform: PlatformCode,
  schema: S,
  body: unknown,
  status: number,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const field = fieldPath(first?.path ?? []);
  const problem = (first?.message ?? 'invalid').replace(/^Invalid input: /, '');
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return throwRejected(
    platform,
    `${platform} answered an unexpected shape: ${field}: ${problem}${more}`,
    status,
    field,
  );
}

function throwRejected(platform: PlatformCode, message: string, status: number, field: string): never {
  throw new PlatformError('BACKEND_REJECTED', platform, message, { status, field });
}
