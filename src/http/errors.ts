/**
 * What clients see of errors. Gateway errors (stable `extensions.code`) and GraphQL's own parse/validation errors
 * pass through; anything else is an internal error: logged with its stack, shown as "Internal server error"
 * without details. Stack traces never leave the process. With introspection off, no error names a field, type,
 * argument or enum value the client did not write: graphql-js's "Did you mean …?" suggestions are cut from every
 * message, on HTTP and WebSocket alike (`withoutSuggestions`).
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GatewayError, PASS_THROUGH_CODES, type ClientErrorCode } from '../domain/errors.js';
import type { Logger } from '../logging.js';
import { isTokenLimitError } from '../security/query-limits.js';

/** Apollo's and graphql-js's own codes, listed (and documented in the schema's ErrorCode enum) in src/domain/errors.ts. */
const PASS_THROUGH = new Set<string>([
  ...PASS_THROUGH_CODES,
  'BAD_USER_INPUT',
  'BAD_REQUEST',
] satisfies ClientErrorCode[]);

/**
 * The body of an answer the gateway gives before or outside GraphQL execution (bad path, token, body; an internal
 * failure): the GraphQL error shape, so clients read every error the same way.
 */
export function httpErrorBody(message: string, code: string, requestId: string | undefined) {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

/** graphql-js appends suggestions as a last sentence: ` Did you mean "x", "y", or "z"?`. */
const SUGGESTION = / ?Did you mean .+\?$/s;

/** The message without graphql-js's schema suggestions (used when introspection is off). */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * What clients see of an error. `hideSchema` (introspection off) removes schema suggestions from the message, for
 * validation errors and for the variable coercion errors raised at execution.
 */
export function formatClientError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  options: { hideSchema?: boolean } = {},
): GraphQLFormattedError {
  if (options.hideSchema && SUGGESTION.test(formatted.message))
    formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
  const original = unwrapResolverError(error);
  const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (original instanceof GatewayError) return { ...formatted, extensions };
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (isTokenLimitError(formatted.message))
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'tokens' },
    };
  // Errors graphql-js raises itself (unknown field, bad variable…) carry no original error and no code.
  // A variable that does not coerce (`Variable "$s" got invalid value …`) wraps graphql-js's own GraphQLError.
  const inner = (original as { originalError?: unknown } | undefined)?.originalError;
  const isGraphQLOwn =
    !(original instanceof Error) ||
    (original.name === 'GraphQLError' && (!inner || (inner as Error).name === 'GraphQLError'));
  const isVariableError = !code && isGraphQLOwn && /^Variable "\$/.test(formatted.message);
  if ((code && PASS_THROUGH.has(code)) || (!code && isGraphQLOwn))
    return {
      ...formatted,
      extensions: { ...extensions, code: code ?? (isVariableError ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED') },
    };
  logger.error({ err: original, path: formatted.path }, 'internal error in a GraphQL operation');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
