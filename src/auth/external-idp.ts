/**
 * Trusting an external identity provider (a Keycloak-style OpenID Connect issuer) beside the gateway's own tokens.
 * Its access tokens are verified against its JWKS (fetched and cached by jose), its issuer and, when configured,
 * audience; the tenant list and the read/write grant are read from configurable claims.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated } from '../domain/errors.js';
import type { AuthInfo } from './auth-info.js';

export interface ExternalIdpOptions {
  issuer: string;
  jwksUrl: string;
  audience?: string;
  tenantsClaim: string;
  rolesClaim: string;
  readRole: string;
  writeRole: string;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      payload,
    );
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

export class ExternalIdp {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(readonly options: ExternalIdpOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: 600_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  }

  async verify(token: string): Promise<AuthInfo> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('Access token has expired');
      throw unauthenticated('Access token of the identity provider is not valid');
    }
    const roles = asList(claimAt(payload, this.options.rolesClaim));
    const grant = roles.includes(this.options.writeRole)
      ? 'read_write'
      : roles.includes(this.options.readRole)
        ? 'read'
        : undefined;
    if (!grant)
      throw unauthenticated(
        `Access token grants neither ${this.options.readRole} nor ${this.options.writeRole} (claim ${this.options.rolesClaim})`,
      );
    const clientId = (typeof payload.azp === 'string' && payload.azp) || payload.sub;
    if (!clientId) throw unauthenticated('Access token names no subject');
    return {
      clientId,
      tenants: asList(claimAt(payload, this.options.tenantsClaim)),
      grant,
      expiresAt: payload.exp ?? 0,
      external: true,
    };
  }
}
