/**
 * Bearer tokens for simulators of token-based platforms: issued for an account after its credentials are checked,
 * valid for `ttlSeconds`, opaque (random). Expired or unknown tokens are refused by the platform's own error shape.
 */
import { randomBytes } from 'node:crypto';

export class BearerTokens<A> {
  private readonly tokens = new Map<string, { account: A; expiresAt: number }>();

  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(account: A): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { account, expiresAt: this.now() + this.ttlSeconds * 1000 });
    if (this.tokens.size > 10_000) {
      for (const [t, v] of this.tokens) if (v.expiresAt < this.now()) this.tokens.delete(t);
    }
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The account of an `Authorization: Bearer …` header; 'missing' or 'invalid' otherwise. */
  check(header: string | undefined): A | 'missing' | 'invalid' {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) return 'missing';
    const entry = this.tokens.get(match[1]!);
    if (!entry || entry.expiresAt < this.now()) return 'invalid';
    return entry.account;
  }
}

/** Client credentials from HTTP Basic or form fields (OAuth 2.0 client authentication). */
export function clientCredentials(
  authorization: string | undefined,
  body: Record<string, unknown> | undefined,
): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0
      ? undefined
      : { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  const id = body?.client_id;
  const secret = body?.client_secret;
  return typeof id === 'string' && typeof secret === 'string' ? { id, secret } : undefined;
}
