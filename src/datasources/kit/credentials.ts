/**
 * Reading an account's credentials: the fields an adapter needs, or a clear BACKEND_UNAVAILABLE error naming the
 * platform, the account and every missing field (never their values).
 */
import type { PlatformAccount } from '../../store/tenants.js';
import { PlatformError } from '../errors.js';

/** The required fields as strings, plus any optional ones the account has (undefined when absent). */
export type Credentials<K extends string> = Readonly<Record<K, string>> & Readonly<Record<string, string | undefined>>;

export function requireCredentials<const K extends string>(
  account: PlatformAccount,
  required: readonly K[],
): Credentials<K> {
  const missing = required.filter((field) => !account.credentials[field]);
  if (missing.length) {
    throw new PlatformError(
      'BACKEND_UNAVAILABLE',
      account.platform,
      `${account.platform} account ${account.name} lacks the credential${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  }
  return account.credentials as Credentials<K>;
}
