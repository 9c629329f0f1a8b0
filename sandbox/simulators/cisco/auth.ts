/**
 * HTTP Basic authentication (`username:apiKey`) and the per-account call budget of Control Center.
 *
 * Without an Authorization header Control Center's front answers 401 "Full authentication is required…" with no
 * errorCode; with wrong credentials, 401 "Invalid credentials" / 10000001. Both carry
 * `WWW-Authenticate: Basic realm="Jasper"`. Cisco asks for at most 5 calls per second per account; beyond that the
 * sandbox answers 429 in the Control Center error shape, without rate headers (Control Center sends none).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TokenBucket } from '../../core/rate-limit.js';
import { sendCiscoError, WWW_AUTHENTICATE } from './errors.js';
import type { CiscoAccount } from './account.js';

export const CALLS_PER_SECOND = 5;

const FULL_AUTHENTICATION_REQUIRED = 'Full authentication is required to access this resource';

/** The account the request authenticated as (set by `basicAuth`). */
export function accountOf(res: Response): CiscoAccount {
  const account = (res.locals as { ciscoAccount?: CiscoAccount }).ciscoAccount;
  if (!account) throw new Error('basicAuth must run before the device routes');
  return account;
}

/** Decodes `Basic base64(user:key)`; undefined when the header is absent or not Basic. */
function basicCredentials(header: string | undefined): { username: string; apiKey: string } | 'malformed' | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { username: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}

export function basicAuth(accounts: readonly CiscoAccount[]): RequestHandler {
  const byUser = new Map(accounts.map((a) => [a.username, a]));
  return (req: Request, res: Response, next: NextFunction) => {
    const credentials = basicCredentials(req.headers.authorization);
    if (credentials === undefined) {
      res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      res.status(401).json({ errorMessage: FULL_AUTHENTICATION_REQUIRED });
      return;
    }
    const account = credentials === 'malformed' ? undefined : byUser.get(credentials.username);
    if (!account || credentials === 'malformed' || account.apiKey !== credentials.apiKey) {
      sendCiscoError(res, 'INVALID_CREDENTIALS');
      return;
    }
    (res.locals as { ciscoAccount?: CiscoAccount }).ciscoAccount = account;
    next();
  };
}

/**
 * 5 calls per second per account, as a token bucket with a burst of 5. Wall-clock time (not ctx.now) drives it:
 * a sandbox frozen in data time must still let its clients through.
 */
export function callBudget(): RequestHandler {
  const bucket = new TokenBucket(CALLS_PER_SECOND, CALLS_PER_SECOND);
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!bucket.take(accountOf(res).accountId).ok) {
      sendCiscoError(res, 'RATE_LIMIT');
      return;
    }
    next();
  };
}
