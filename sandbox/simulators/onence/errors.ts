/**
 * How 1NCE answers errors, by API: the v1 SIM management specification documents its errors as bare status codes
 * (401/403/404/422 with `content: {}`), v2 as `{ error_code, error_token, message }` (NotFound, BadRequest,
 * Conflict, InternalServerError), and the token endpoint as `{ statusCode, errorCode, message }`. Authentication
 * and throttling happen in front of both versions (one API gateway), so 401 and 429 are bare everywhere.
 */
import type { Response } from 'express';

export const BASE_PATH = '/management-api';

/** v1: the status code alone. */
export function bare(res: Response, status: number): void {
  res.status(status).end();
}

/** The v2 error tokens of the specification's components, by status. */
const V2_TOKENS: Readonly<Record<number, string>> = { 400: 'BadRequest', 404: 'NotFound', 409: 'Conflict' };

/** `error_code` 1000 is the only value the specification shows (in every example). */
export const V2_ERROR_CODE = 1000;

export function v2Error(res: Response, status: number, message: string): void {
  const token = V2_TOKENS[status] ?? (status >= 500 ? 'InternalServerError' : undefined);
  if (!token) return bare(res, status);
  res.status(status).json({ error_code: V2_ERROR_CODE, error_token: token, message });
}

export type TokenErrorCode =
  'BadCredentials' | 'AuthValidationError' | 'BodyValidationError' | 'UnsupportedContentTypeError';

/** `Bearer_Token_400` of the authorization specification. */
export function tokenError(res: Response, errorCode: TokenErrorCode, message: string): void {
  res.status(400).json({ statusCode: 400, errorCode, message });
}

/** 429 from the API gateway; Retry-After tells the client when a token is back (seconds, at least 1). */
export function tooManyRequests(res: Response, retryAfterMs: number): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  bare(res, 429);
}

/**
 * The simulator's `respondError` (faults, unknown routes, unparsable bodies): picks the shape of the API the
 * request was for. 401 and 429 stay bare (the gateway in front answers them); the token endpoint's 400 uses its
 * own body.
 */
export function respondOneNceError(res: Response, status: number, message: string): void {
  const path = res.req.originalUrl.split('?')[0] ?? '';
  if (status === 401 || status === 429) return bare(res, status);
  if (path.startsWith(`${BASE_PATH}/v2/`)) return v2Error(res, status, message);
  if (path === `${BASE_PATH}/oauth/token` && status === 400)
    return tokenError(res, 'BodyValidationError', `Request body validation error: ${message}`);
  bare(res, status);
}
