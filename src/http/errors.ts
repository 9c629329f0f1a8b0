/**
 * What clients see of errors. Gateway errors (stable `extensions.code`) and GraphQL's own parse/validation errors
 * pass through; anything else is an internal error: logged with its stack, shown as "Internal server error"
 * without details. Stack traces never leave the process.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GatewayError, PASS_THROUGH_CODES, type ClientErrorCode } from '../domain/errors.js';
import type { Logger } from '../logging.js';
import { isTokenLimitError } from '../security/query-limits.js';

/** Apollo's and graphql-js's own codes, listed (and documented in the schema's ErrorCode enum) in src/domain/errors.ts. */
const PASS_THROUGH = new Set<string>([...PASS_THROUGH_CODES, 'BAD_USER_INPUT', 'BAD_REQUEST'] satisfies ClientErrorCode[]);

export function formatClientError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (original instanceof GatewayError) return { ...formatted, extensions };
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (isTokenLimitError(formatted.message)) return { message: formatted.message, locations: formatted.locations, extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'tokens' } };
  // Errors graphql-js raises itself (unknown field, bad variable…) carry no original error and no code.
  const isGraphQLOwn = !(original instanceof Error) || original.name === 'GraphQLError' && !(original as { originalError?: unknown }).originalError;
  if ((code && PASS_THROUGH.has(code)) || (!code && isGraphQLOwn)) return { ...formatted, extensions: { ...extensions, code: code ?? 'GRAPHQL_VALIDATION_FAILED' } };
  logger.error({ err: original, path: formatted.path }, 'internal error in a GraphQL operation');
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
