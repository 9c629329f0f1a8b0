/**
 * Translating what a platform call ended with into the gateway's error codes. A platform's failure is never the HTTP
 * status of the GraphQL response: it becomes a field error with `extensions.code` and `extensions.platform`.
 */
import { GatewayError } from '../../domain/errors.js';
import { PLATFORMS, type PlatformCode } from '../../platforms/catalog.js';

export function backendUnavailable(platform: PlatformCode, detail: string): GatewayError {
  return new GatewayError('BACKEND_UNAVAILABLE', `${platform} is unavailable: ${detail}`, { platform: PLATFORMS[platform].name });
}

export function backendRejected(platform: PlatformCode, status: number, message: string, platformCode?: string): GatewayError {
  return new GatewayError('BACKEND_REJECTED', `${platform} refused the request: ${message}`, {
    platform: PLATFORMS[platform].name,
    statusCode: status,
    ...(platformCode ? { platformCode } : {}),
    platformMessage: message,
  });
}

export function rateLimited(platform: PlatformCode, retryAfterMs: number): GatewayError {
  return new GatewayError('RATE_LIMITED', `${platform} rate limit reached; retry in ${Math.ceil(retryAfterMs / 1000)} s`, {
    platform: PLATFORMS[platform].name,
    retryAfterMs,
  });
}
