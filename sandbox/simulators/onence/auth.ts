/**
 * 1NCE authentication and throttling. `POST /oauth/token` takes the API user by HTTP Basic and
 * `{"grant_type":"client_credentials"}`, and answers a bearer token valid 3600 s; its errors are the
 * authorization specification's 400 bodies. Every `/sims` call then needs `Authorization: Bearer …` and counts
 * against its organization's 10 requests per second (token bucket, burst 10) — the same bucket for v1 and v2.
 * The token call itself is limited to 600 per minute per IP, as 1NCE publishes.
 */
import type { NextFunction, Request, Response } from 'express';
import { BearerTokens } from '../../core/bearer.js';
import { TokenBucket } from '../../core/rate-limit.js';
import type { OneNceOrganization } from './accounts.js';
import { bare, tokenError, tooManyRequests } from './errors.js';

export const TOKEN_TTL_SECONDS = 3600;
export const SIMS_PER_SECOND = 10;
export const TOKEN_CALLS_PER_MINUTE = 600;

export class OneNceAuth {
  private readonly tokens: BearerTokens<OneNceOrganization>;
  private readonly simsLimit: TokenBucket;
  private readonly tokenLimit: TokenBucket;

  constructor(
    private readonly organizations: readonly OneNceOrganization[],
    now: () => number,
  ) {
    this.tokens = new BearerTokens<OneNceOrganization>(TOKEN_TTL_SECONDS, now);
    this.simsLimit = new TokenBucket(SIMS_PER_SECOND, SIMS_PER_SECOND, now);
    this.tokenLimit = new TokenBucket(TOKEN_CALLS_PER_MINUTE / 60, TOKEN_CALLS_PER_MINUTE, now);
  }

  /** `POST /oauth/token`. */
  readonly token = (req: Request, res: Response): void => {
    const limited = this.tokenLimit.take(req.ip ?? 'unknown');
    if (!limited.ok) return tooManyRequests(res, limited.retryAfterMs);
    if (!req.is('application/json'))
      return tokenError(res, 'UnsupportedContentTypeError', 'Content-Type not supported');
    const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!username)
      return tokenError(res, 'AuthValidationError', "Auth header validation error: Missing attributes 'username'");
    if (!password)
      return tokenError(res, 'AuthValidationError', "Auth header validation error: Missing attributes 'password'");
    const grantType = (req.body as { grant_type?: unknown } | undefined)?.grant_type;
    if (grantType === undefined)
      return tokenError(res, 'BodyValidationError', "Request body validation error: Missing attributes 'grant_type'");
    if (grantType !== 'client_credentials')
      return tokenError(res, 'BodyValidationError', "Request body validation error: Invalid value for 'grant_type'");
    const user = this.organizations.find((o) => o.username === username);
    if (!user) return tokenError(res, 'BadCredentials', 'User does not exist.');
    if (user.password !== password) return tokenError(res, 'BadCredentials', 'Incorrect username or password.');
    const { token, expiresIn } = this.tokens.issue(user);
    res.json({
      status_code: 200,
      access_token: token,
      token_type: 'bearer',
      expires_in: expiresIn,
      userId: 'user',
      scope: 'all',
    });
  };

  /** In front of every `/sims` route: a valid bearer token (401 otherwise), then the organization's 10/s (429). */
  readonly guard = (req: Request, res: Response, next: NextFunction): void => {
    const organization = this.tokens.check(req.headers.authorization);
    if (typeof organization === 'string') return bare(res, 401);
    const taken = this.simsLimit.take(organization.organizationId);
    if (!taken.ok) return tooManyRequests(res, taken.retryAfterMs);
    res.locals.organization = organization;
    next();
  };
}

/** The organization the guard authenticated. */
export const organizationOf = (res: Response) => res.locals.organization as OneNceOrganization;
