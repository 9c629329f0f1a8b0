/**
 * Access tokens of token-based platforms (1NCE, Aeris, TMSP, Airlinq…): fetched once, shared by concurrent calls,
 * reused until shortly before they expire, and fetched again when the platform says a token is no longer valid.
 */
import { PlatformError } from '../errors.js';
import { z } from 'zod';
import type { BodyOf, PlatformHttpClient, PlatformRequest, PlatformResponse } from './client.js';

export interface IssuedToken {
  value: string;
  /** Epoch ms when the token stops being valid. */
  expiresAt: number;
}

export class TokenCache {
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    /** Renew this long before expiry, ms. */
    private readonly marginMs = 30_000,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.current.expiresAt - this.marginMs > Date.now()) return this.current.value;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    this.current = await this.pending;
    return this.current.value;
  }

  invalidate(): void {
    this.current = undefined;
  }

  /**
   * Runs `call` with a token; when the platform answers 401 (token expired or revoked early), fetches a new token and
   * runs it once more.
   */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.get());
    } catch (err) {
      if (err instanceof PlatformError && err.details.status === 401) {
        this.invalidate();
        return call(await this.get());
      }
      throw err;
    }
  }
}

/**
 * A request function that sends a bearer token with every call, from `tokens` or from a cache around `fetchToken`
 * (and fetches a new one once when the platform answers 401).
 */
export function withBearer(http: PlatformHttpClient, tokens: TokenCache | (() => Promise<IssuedToken>)) {
  const cache = tokens instanceof TokenCache ? tokens : new TokenCache(tokens);
  return <R extends PlatformRequest>(req: R): Promise<PlatformResponse<BodyOf<R>>> =>
    cache.withToken((token) => http.request({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } }));
}

/** An OAuth 2.0 token answer (RFC 6749 §5.1), as the OAuth platforms (TMSP, Aeris, Intelsat, 1NCE) send it. */
export const OAuthToken = z.object({ access_token: z.string(), expires_in: z.number() });

/** The token in an OAuth answer, valid `expires_in` seconds from now. */
export const oauthToken = (body: z.output<typeof OAuthToken>): IssuedToken => ({
  value: body.access_token,
  expiresAt: Date.now() + body.expires_in * 1000,
});

/** HTTP Basic credentials as a header. */
export const basicAuth = (user: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
});

/**
 * A platform's token call: a POST (retried: asking again for a token changes nothing) outside the rate limit (token
 * endpoints have their own), its answer checked with `req.schema` and read into a token by `read`.
 */
export function tokenCall<R extends Omit<PlatformRequest, 'method'> & { schema: z.ZodType }>(
  http: PlatformHttpClient,
  req: R,
  read: (body: BodyOf<R>) => IssuedToken,
): () => Promise<IssuedToken> {
  return async () =>
    read((await http.request({ method: 'POST', unlimited: true, idempotent: true, ...req })).body as BodyOf<R>);
}
