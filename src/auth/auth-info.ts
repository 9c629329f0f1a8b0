/**
 * What a verified access token says about its caller, whoever issued it (the gateway or an external identity
 * provider). Its own module so the token verifiers depend on it and not on one another.
 */
import type { Grant } from '../store/tenants.js';

export interface AuthInfo {
  clientId: string;
  tenants: string[];
  grant: Grant;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** Issued by an external identity provider (no gateway application behind it). */
  external?: boolean;
  /** The gateway key that signed the token (absent for external tokens). */
  kid?: string;
}
