/**
 * The gateway's error codes (`extensions.code`), stable for clients. Every error a client sees is one of these
 * (or Apollo's own GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED); internal errors are masked.
 */
import { GraphQLError } from 'graphql';
import type { PlatformName } from '../platforms/catalog.js';

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'NOT_SUPPORTED', 'TRANSITION_NOT_ALLOWED',
  'BACKEND_UNAVAILABLE', 'BACKEND_REJECTED', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'CONFLICT',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  platform?: PlatformName;
  [key: string]: unknown;
}

/** A client-facing error: its message and extensions are safe to show. */
export class GatewayError extends GraphQLError {
  constructor(readonly code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, { extensions: { code, ...details } });
    this.name = 'GatewayError';
  }
}

export const badInput = (message: string, details?: ErrorDetails) => new GatewayError('BAD_USER_INPUT', message, details);
export const notFound = (message: string, details?: ErrorDetails) => new GatewayError('NOT_FOUND', message, details);
export const forbidden = (message: string, details?: ErrorDetails) => new GatewayError('FORBIDDEN', message, details);
export const unauthenticated = (message: string) => new GatewayError('UNAUTHENTICATED', message);
