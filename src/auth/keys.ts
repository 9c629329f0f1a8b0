/**
 * The token signing key (ES256). Generated at first start and kept in the store, so tokens stay valid across
 * restarts and every replica signs and verifies with the same key. Retired keys keep verifying until their tokens
 * have expired, then leave the JWKS — unless the rotation withdraws them (`rotate({ withdrawOld: true })`, for a
 * key that may have leaked): then they leave at once, and every token they signed is refused within seconds on every
 * replica, WebSocket connections included (credential-watch.ts).
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Db } from '../store/db.js';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

interface KeyRow {
  kid: string;
  private_jwk: JWK;
  public_jwk: JWK;
  created_at: Date;
  retired_at: Date | null;
}

export class KeyStore {
  private current?: SigningKey;
  private currentAt = 0;

  constructor(
    private readonly db: Db,
    private readonly tokenTtlSeconds: number,
  ) {}

  /**
   * The active signing key, created when there is none. Re-read from the store every 5 s, so a rotation made by
   * another replica or the admin command is followed (and a withdrawn key stops signing) within seconds.
   */
  async signingKey(): Promise<SigningKey> {
    if (this.current && Date.now() - this.currentAt < 5_000) return this.current;
    let rows = await this.db.query<KeyRow>(
      'SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    if (!rows[0]) {
      await this.rotate();
      rows = await this.db.query<KeyRow>(
        'SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
      );
    }
    const row = rows[0]!;
    if (this.current?.kid !== row.kid)
      this.current = { kid: row.kid, privateKey: (await importJWK(row.private_jwk, SIGNING_ALG)) as CryptoKey };
    this.currentAt = Date.now();
    return this.current;
  }

  /**
   * Retires the active key (it keeps verifying for one token lifetime, or not at all with `withdrawOld`) and creates
   * a new one.
   */
  async rotate(options: { withdrawOld?: boolean } = {}): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
    await this.db.transaction(async (tx) => {
      if (options.withdrawOld) {
        // Older than any verifying window: out of the JWKS at once.
        await tx.query(
          `UPDATE signing_keys SET retired_at = now() - make_interval(secs => $1) WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)`,
          [this.tokenTtlSeconds + 61],
        );
      } else {
        await tx.query('UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL');
      }
      await tx.query('INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk) VALUES ($1, $2, $3, $4)', [
        kid,
        SIGNING_ALG,
        JSON.stringify(privateJwk),
        JSON.stringify(publicJwk),
      ]);
    });
    this.current = undefined;
    return kid;
  }

  /** Public keys that may still verify a live token: the active one and those retired less than a token lifetime ago. */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.db.query<KeyRow>(
      `SELECT * FROM signing_keys
        WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
        ORDER BY created_at DESC`,
      [this.tokenTtlSeconds + 60],
    );
    return { keys: rows.map((r) => r.public_jwk) };
  }
}
