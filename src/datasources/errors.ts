/**
 * What a platform call ended with, as the datasources layer says it: a `PlatformError` with one of the gateway's
 * platform-facing codes, the platform, a message safe to show, and what the platform itself said (HTTP status, its
 * own error code and message). Adapters and the adapter kit raise only these and import nothing GraphQL-facing; at the
 * layer's edge, adapterFor (./gateway-errors.ts, used by the services and the monitor tracker) turns them into client
 * errors, keeping the codes.
 */
import type { PlatformCode } from './platform-codes.js';

export type PlatformErrorCode = 'BACKEND_UNAVAILABLE' | 'BACKEND_REJECTED' | 'RATE_LIMITED' | 'NOT_SUPPORTED';

export interface PlatformErrorDetails {
  /** The HTTP status the platform answered, when it answered one. */
  status?: number;
  /** The platform's own error code. */
  platformCode?: string;
  /** The platform's own message. */
  platformMessage?: string | null;
  /** RATE_LIMITED: when to try again. */
  retryAfterMs?: number;
  /** BACKEND_REJECTED for an unexpected answer: where in the body it went wrong ("subscriptions[0].iccid"). */
  field?: string;
  /** BACKEND_UNAVAILABLE: why, when it is not the platform's doing ("deadline": the request's deadline cut the call off). */
  reason?: 'deadline';
}

export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    readonly platform: PlatformCode,
    message: string,
    readonly details: PlatformErrorDetails = {},
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export function backendUnavailable(
  platform: PlatformCode,
  detail: string,
  details: PlatformErrorDetails = {},
): PlatformError {
  return new PlatformError('BACKEND_UNAVAILABLE', platform, `${platform} is unavailable: ${detail}`, details);
}

export function backendRejected(
  platform: PlatformCode,
  status: number,
  message: string,
  platformCode?: string,
): PlatformError {
  return new PlatformError('BACKEND_REJECTED', platform, `${platform} refused the request: ${message}`, {
    status,
    platformCode,
    platformMessage: message,
  });
}

export function rateLimited(platform: PlatformCode, retryAfterMs: number): PlatformError {
  return new PlatformError(
    'RATE_LIMITED',
    platform,
    `${platform} rate limit reached; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    { retryAfterMs },
  );
}

/** The platform has no native word or action for what was asked. */
export function notSupported(platform: PlatformCode, message: string): PlatformError {
  return new PlatformError('NOT_SUPPORTED', platform, message);
}
