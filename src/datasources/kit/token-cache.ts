/**
 * Access tokens of token-based platforms (1NCE, Aeris, TMSP, Airlinq…): fetched once, shared by concurrent calls,
 * reused until shortly before they expire, and fetched again when the platform says a token is no longer valid.
 */
import { PlatformError } from '../errors.js';
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
