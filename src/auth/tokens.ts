/**
 * Access tokens: short-lived JWTs (ES256) naming the application (`sub`), its tenants and its grant. Verification
 * accepts only our algorithm, issuer and audience, so `alg: none`, foreign keys and other issuers' tokens fail.
 */
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { unauthenticated } from '../domain/errors.js';
import type { Application } from '../store/tenants.js';
import type { AuthInfo } from './auth-info.js';
import type { ExternalIdp } from './external-idp.js';
import { SIGNING_ALG, type KeyStore } from './keys.js';

export const TOKEN_AUDIENCE = 'iot-connectivity-gateway';

export type { AuthInfo } from './auth-info.js';

interface Claims extends JWTPayload {
  tenants?: unknown;
  grant?: unknown;
}

/** How long the local key set is used before it is read from the store again, ms. */
const JWKS_RELOAD_MS = 5_000;
/** Verified tokens kept (a bounded LRU); a token is at most a few hundred bytes, so 10,000 cost a few MiB. */
const VERIFIED_MAX = 10_000;
/** A cached verification is reused at most this long, so a signing key withdrawn from the store stops working soon. */
const VERIFIED_MAX_MS = 300_000;

export class TokenService {
  /**
   * Tokens already verified, by their full text (header, claims and signature), until their `exp` (at most
   * VERIFIED_MAX_MS): a client sends the same token with every request, and an ES256 verification costs more than the
   * rest of a small request's admission. Insertion order is use order (an entry is re-inserted on a hit), so the
   * first key is the least recently used one. Failures are never cached.
   */
  private readonly verified = new Map<string, { auth: AuthInfo; until: number }>();
  private jwks?: { set: ReturnType<typeof createLocalJWKSet>; kids: Set<string>; at: number };
  private reloading?: Promise<void>;
  /** Kids found in no key of ours, until when not to look again. */
  private readonly missingKids = new Map<string, number>();

  constructor(
    private readonly keys: KeyStore,
    readonly issuer: string,
    readonly ttlSeconds: number,
    private readonly externalIdp?: ExternalIdp,
  ) {}

  async issue(app: Application): Promise<{ accessToken: string; expiresIn: number; scope: string }> {
    const key = await this.keys.signingKey();
    const scope = app.grant === 'read_write' ? 'read write' : 'read';
    const accessToken = await new SignJWT({ tenants: app.tenants, grant: app.grant, scope })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(app.clientId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { accessToken, expiresIn: this.ttlSeconds, scope };
  }

  /** Verifies a bearer token; throws UNAUTHENTICATED saying why (expired, bad signature, malformed…). */
  async verify(token: string): Promise<AuthInfo> {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit) {
      this.verified.delete(token);
      // Reused only while the key set it was checked against is fresh and still holds its key: a key withdrawn from
      // the store stops its tokens within the same JWKS_RELOAD_MS as without the cache.
      const keyHeld =
        hit.auth.external ||
        (this.jwks && now - this.jwks.at <= JWKS_RELOAD_MS && (!hit.auth.kid || this.jwks.kids.has(hit.auth.kid)));
      if (hit.until > now && keyHeld) {
        this.verified.set(token, hit);
        return hit.auth;
      }
    }
    const auth = await this.verifyUncached(token);
    // jose allows 5 s of clock tolerance on `exp`; the cache does not extend it.
    const until = Math.min(auth.expiresAt * 1000, now + VERIFIED_MAX_MS);
    if (until > now) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { auth, until });
    }
    return auth;
  }

  private async verifyUncached(token: string): Promise<AuthInfo> {
    if (this.externalIdp && unverifiedIssuer(token) === this.externalIdp.options.issuer)
      return this.externalIdp.verify(token);
    const set = await this.keySet(token);
    let payload: Claims;
    let kid: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { kid },
      } = await jwtVerify<Claims>(token, set, {
        algorithms: [SIGNING_ALG],
        issuer: this.issuer,
        audience: TOKEN_AUDIENCE,
        clockTolerance: 5,
      }));
    } catch (err) {
      throw unauthenticated(describeJoseError(err));
    }
    const tenants = payload.tenants;
    const grant = payload.grant;
    if (
      !payload.sub ||
      !Array.isArray(tenants) ||
      !tenants.every((t) => typeof t === 'string') ||
      (grant !== 'read' && grant !== 'read_write')
    ) {
      throw unauthenticated('Access token lacks the claims this gateway issues (sub, tenants, grant)');
    }
    return { clientId: payload.sub, tenants: tenants as string[], grant, expiresAt: payload.exp ?? 0, kid };
  }

  /**
   * The local JWKS, reloaded from the store every 5 s (so a withdrawn key stops verifying within 5 s on every
   * replica), and at once when a token names a kid we do not know (a key
   * rotated on another replica). A kid that is still unknown after reloading is remembered for 5 s, so tokens with
   * made-up kids cannot make every request hit the store.
   */
  private async keySet(token: string) {
    const kid = headerKid(token);
    const now = Date.now();
    const unknownKid =
      kid !== undefined && this.jwks && !this.jwks.kids.has(kid) && (this.missingKids.get(kid) ?? 0) < now;
    if (!this.jwks || now - this.jwks.at > JWKS_RELOAD_MS || unknownKid) {
      this.reloading ??= this.keys
        .publicJwks()
        .then((jwks) => {
          this.jwks = {
            set: createLocalJWKSet(jwks),
            kids: new Set(jwks.keys.map((k) => k.kid ?? '')),
            at: Date.now(),
          };
        })
        .finally(() => (this.reloading = undefined));
      await this.reloading;
      if (kid !== undefined && !this.jwks!.kids.has(kid)) {
        if (this.missingKids.size > 1000) this.missingKids.clear();
        this.missingKids.set(kid, now + 5_000);
      }
    }
    return this.jwks!.set;
  }
}

function unverifiedIssuer(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iss?: unknown;
    };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

function headerKid(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      kid?: unknown;
    };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'Access token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `Access token rejected: claim "${err.claim}" ${err.reason === 'check_failed' ? 'is not valid' : err.reason}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'Access token signature is not valid';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return `Access token algorithm is not allowed (only ${SIGNING_ALG})`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'Access token was not signed by a key of this gateway';
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'Access token is malformed';
  return 'Access token is not valid';
}

/** Extracts the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
