/**
 * `POST /oauth/token` (RFC 6749 §4.4, client credentials) and `GET /.well-known/jwks.json`.
 * Client credentials come form-encoded in the body or as HTTP Basic (RFC 6749 §2.3.1); errors are RFC 6749 §5.2
 * JSON bodies. Secrets are never logged.
 *
 * Failed secrets slow down that client id from that source address only (docs/security.md, "Lockout policy"): the
 * first `failures` failures of a (client id, address) pair within `windowSeconds` are answered at once; each further
 * failure makes that pair wait 1 s, 2 s, 4 s … (at most `maxDelaySeconds`) before its next attempt is even checked
 * (429 with Retry-After meanwhile). The right secret from any other address is never refused, so nobody can lock an
 * application out by guessing at its client id. Counted with rate-limiter-flexible, in Redis when configured (so the
 * delay holds on every replica).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logging.js';
import type { TenantStore } from '../store/tenants.js';
import type { KeyStore } from './keys.js';
import type { TokenService } from './tokens.js';

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'server_error';

function oauthError(res: Response, status: number, error: OAuthError, description: string, basic = false): void {
  if (status === 401) res.setHeader('WWW-Authenticate', basic ? 'Basic realm="oauth"' : 'Basic realm="oauth"');
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json({ error, error_description: description });
}

function basicCredentials(req: Request): { id: string; secret: string } | undefined | null {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

export interface FailedAttemptLimit {
  /** Failures of one client id from one address, within `windowSeconds`, answered without delay. */
  failures: number;
  /** How long failures are remembered. */
  windowSeconds: number;
  /** Longest delay one (client id, address) pair can be made to wait; default 60 s. */
  maxDelaySeconds?: number;
  redis?: Redis;
}

/** The token endpoint's body limit (a form with an id, a secret, a grant type and a scope). */
export const TOKEN_BODY_LIMIT_BYTES = 16 * 1024;

/** The delay after the `n`-th failure of a pair (n counted from 1), when `free` failures go without one. */
export function failureDelaySeconds(n: number, free: number, max: number): number {
  return n <= free ? 0 : Math.min(max, 2 ** Math.min(n - free - 1, 30));
}

export function oauthRouter(deps: {
  tenants: TenantStore;
  tokens: TokenService;
  keys: KeyStore;
  logger: Logger;
  failedAttempts?: FailedAttemptLimit;
}): Router {
  const router = express.Router();
  const limit = deps.failedAttempts ?? { failures: 10, windowSeconds: 300 };
  const maxDelay = limit.maxDelaySeconds ?? 60;
  const limiter = (options: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract =>
    limit.redis ? new RateLimiterRedis({ ...options, storeClient: limit.redis }) : new RateLimiterMemory(options);
  // Failures per (client id, address), remembered for the window; and the pair's current wait, as a block.
  const failures = limiter({ keyPrefix: 'gw-oauth-failures', points: 1_000_000, duration: limit.windowSeconds });
  const delays = limiter({ keyPrefix: 'gw-oauth-delay', points: 1, duration: 1 });

  router.get('/.well-known/jwks.json', async (_req, res, next) => {
    try {
      res.setHeader('Cache-Control', 'public, max-age=60');
      res.json(await deps.keys.publicJwks());
    } catch (err) {
      next(err);
    }
  });

  const form = express.urlencoded({ extended: false, limit: TOKEN_BODY_LIMIT_BYTES });
  const parseForm = (req: Request, res: Response, next: (err?: unknown) => void) =>
    form(req, res, (err?: unknown) => {
      const status = (err as { status?: number } | undefined)?.status;
      if (status === 413)
        return oauthError(
          res,
          413,
          'invalid_request',
          `Request body too large (limit ${TOKEN_BODY_LIMIT_BYTES} bytes)`,
        );
      if (err && status && status < 500)
        return oauthError(res, 400, 'invalid_request', 'The request body could not be read as a form');
      next(err);
    });

  router.post('/oauth/token', parseForm, async (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      return oauthError(res, 400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const grantType = body.grant_type;
    if (typeof grantType !== 'string' || grantType === '')
      return oauthError(res, 400, 'invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials')
      return oauthError(
        res,
        400,
        'unsupported_grant_type',
        `grant_type "${grantType}" is not supported; use client_credentials`,
      );

    const basic = basicCredentials(req);
    if (basic === null) return oauthError(res, 401, 'invalid_client', 'Malformed HTTP Basic credentials', true);
    const inBody = typeof body.client_id === 'string' || typeof body.client_secret === 'string';
    if (basic && inBody)
      return oauthError(
        res,
        400,
        'invalid_request',
        'Send client credentials either in the Authorization header or in the body, not both',
      );
    const id = basic?.id ?? (typeof body.client_id === 'string' ? body.client_id : '');
    const secret = basic?.secret ?? (typeof body.client_secret === 'string' ? body.client_secret : '');
    if (!id || !secret)
      return oauthError(
        res,
        401,
        'invalid_client',
        'Client authentication failed: client_id and client_secret are required',
        !!basic,
      );

    // One key per (client id, source address); JSON keeps ids with any character apart from the address.
    const pair = JSON.stringify([id.slice(0, 256), req.socket.remoteAddress ?? 'unknown']);
    try {
      const waiting = await delays.get(pair);
      if (waiting && waiting.consumedPoints > 1 && waiting.msBeforeNext > 0) {
        const seconds = Math.max(1, Math.ceil(waiting.msBeforeNext / 1000));
        res.setHeader('Retry-After', String(seconds));
        res.setHeader('Cache-Control', 'no-store');
        return void res.status(429).json({
          error: 'invalid_client',
          error_description: `Too many failed attempts for this client from this address; retry in ${seconds} s`,
        });
      }
      const app = await deps.tenants.authenticate(id, secret);
      if (!app) {
        const n = (await failures.penalty(pair, 1)).consumedPoints;
        const delay = failureDelaySeconds(n, limit.failures, maxDelay);
        if (delay > 0) await delays.block(pair, delay);
        deps.logger.info(
          { clientId: id, address: req.socket.remoteAddress, failures: n, delaySeconds: delay },
          'token refused: bad client credentials',
        );
        return oauthError(res, 401, 'invalid_client', 'Client authentication failed', !!basic);
      }
      const requested = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : [];
      const allowed = app.grant === 'read_write' ? ['read', 'write'] : ['read'];
      const bad = requested.filter((s) => !allowed.includes(s));
      if (bad.length)
        return oauthError(res, 400, 'invalid_scope', `Scope ${bad.join(' ')} is not granted to this client`);
      const token = await deps.tokens.issue(app);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      res.json({
        access_token: token.accessToken,
        token_type: 'Bearer',
        expires_in: token.expiresIn,
        scope: token.scope,
      });
    } catch (err) {
      deps.logger.error({ err }, 'token endpoint failed');
      oauthError(res, 500, 'server_error', 'The token could not be issued');
    }
  });

  return router;
}
