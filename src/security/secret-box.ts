/**
 * Carrier credentials are stored encrypted (AES-256-GCM). The key comes from SECRETS_KEY (32 bytes, base64 or hex);
 * without it, a key is created once under DATA_DIR (`secrets.key`, mode 600) — fine for one process, but replicas
 * sharing a database must all be given the same SECRETS_KEY.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(secretsKey: string | undefined, dataDir: string): SecretBox {
    if (secretsKey) return new SecretBox(parseKey(secretsKey));
    if (dataDir.startsWith('memory://')) return new SecretBox(randomBytes(32));
    const file = path.join(dataDir, 'secrets.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    }
    return new SecretBox(parseKey(readFileSync(file, 'utf8').trim()));
  }

  seal(value: unknown): { enc: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      enc: `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`,
    };
  }

  open<T>(sealed: unknown): T {
    if (!sealed || typeof sealed !== 'object' || typeof (sealed as { enc?: unknown }).enc !== 'string')
      return sealed as T; // stored before encryption
    const [version, iv, tag, data] = (sealed as { enc: string }).enc.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('credentials are sealed in an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return JSON.parse(
        Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'),
      ) as T;
    } catch {
      throw new Error(
        'stored carrier credentials cannot be decrypted: SECRETS_KEY differs from the key they were sealed with',
      );
    }
  }
}

function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}
