/**
 * The gateway's error codes (`extensions.code`), stable for clients. Every error a client sees carries one of
 * CLIENT_ERROR_CODES: the codes of the gateway's own errors (ERROR_CODES, the only ones a GatewayError takes) plus the
 * codes of Apollo Server's and graphql-js's own request errors that the gateway lets through unchanged
 * (PASS_THROUGH_CODES, see src/http/errors.ts); anything else is masked as INTERNAL_SERVER_ERROR. The GraphQL enum
 * `ErrorCode` (src/schema/errors.ts) is built from CLIENT_ERROR_CODES and must describe every one of them, and the
 * README's table is checked against it (test/error-codes.test.ts), so a new code cannot ship undocumented.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'NOT_SUPPORTED',
  'TRANSITION_NOT_ALLOWED',
  'BACKEND_UNAVAILABLE',
  'BACKEND_REJECTED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
  'BAD_REQUEST',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes Apollo Server and graphql-js give their own request errors, which reach clients as they are (BAD_USER_INPUT
 * and BAD_REQUEST, which the gateway uses itself too, are in ERROR_CODES).
 */
export const PASS_THROUGH_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
] as const;

/** Every `extensions.code` a client can receive from the gateway. */
export const CLIENT_ERROR_CODES = [...ERROR_CODES, ...PASS_THROUGH_CODES] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export interface ErrorDetails {
  platform?: string; // the GraphQL Platform name (ONE_NCE, not 1NCE): domain code stays below datasources
  [key: string]: unknown;
}

/** A client-facing error: its message and extensions are safe to show. */
export class GatewayError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'GatewayError';
  }
}

export const badInput = (message: string, details?: ErrorDetails) =>
  new GatewayError('BAD_USER_INPUT', message, details);
export const notFound = (message: string, details?: ErrorDetails) => new GatewayError('NOT_FOUND', message, details);
export const forbidden = (message: string, details?: ErrorDetails) => new GatewayError('FORBIDDEN', message, details);
export const unauthenticated = (message: string) => new GatewayError('UNAUTHENTICATED', message);
