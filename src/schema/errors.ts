/**
 * The `ErrorCode` enum: every `extensions.code` a client can receive, built from CLIENT_ERROR_CODES in
 * src/domain/errors.ts (the same list GatewayError takes its codes from), with what each means. The descriptions are a
 * Record over the codes, so a code added there without a description here fails to compile. `OperationError.code`
 * has this type, so codegen sees the codes; the README's "Error codes" table is checked against them.
 */
import { registerEnumType } from 'type-graphql';
import { CLIENT_ERROR_CODES, type ClientErrorCode } from '../domain/errors.js';

export const ErrorCode = Object.fromEntries(CLIENT_ERROR_CODES.map((c) => [c, c])) as { [K in ClientErrorCode]: K };

/** When each code is sent: the text of the enum's values (and of the README table). */
export const ERROR_CODE_DESCRIPTIONS: Record<ClientErrorCode, string> = {
  UNAUTHENTICATED:
    'No access token, or one that is malformed, expired, wrongly signed or of a revoked application (HTTP 401; a WebSocket is closed).',
  FORBIDDEN:
    'The token is valid but not for this tenant (HTTP 403), or it is read-only and the operation is a mutation.',
  BAD_USER_INPUT:
    'An argument is wrong: malformed id or ICCID, value out of range (e.g. `first` over 500), malformed cursor, too many items, a variable of the wrong type. `extensions.field` names the argument. Nothing was sent to a platform.',
  NOT_FOUND:
    "A mutation names a product or monitor that is not in this tenant's accounts (queries answer null instead), or the path's tenant id is malformed (HTTP 404).",
  NOT_SUPPORTED:
    'The platform does not offer this operation (see `Backend.features`); refused before any platform call. `extensions.platform` names it.',
  TRANSITION_NOT_ALLOWED:
    "The platform does not allow this status change from the product's current status (see `Backend.simStatusTransitions`); `extensions.from` and `extensions.to` say which.",
  BACKEND_UNAVAILABLE:
    "The platform did not answer: timeout, dropped connection, 5xx, or its circuit breaker is open. Other platforms' data still comes back (partial result). `extensions.platform` names it.",
  BACKEND_REJECTED:
    'The platform refused the request (4xx). Its own message and code are passed on in `extensions.platformMessage` and `extensions.platformCode`.',
  RATE_LIMITED:
    "A limit was reached: the platform's rate limit (with `extensions.retryAfterMs`), this application's query budget, too many operations on one WebSocket, or a subscriber that fell too far behind its events.",
  QUERY_TOO_COMPLEX:
    'The operation is over a limit on depth, aliases, selections, tokens or cost; `extensions.measure` and `extensions.limit` say which.',
  CONFLICT:
    'The `idempotencyKey` was already used for a different request, or the first request with it is still running (retry shortly).',
  INTERNAL_SERVER_ERROR:
    'An unexpected error in the gateway. The message is generic; the gateway logs the details with the request id.',
  BAD_REQUEST:
    'The HTTP request itself is wrong: body not JSON, body too large (HTTP 413), no query, or a GET (or a POST with a form or text Content-Type) without an `apollo-require-preflight: true` header, which guards against CSRF.',
  GRAPHQL_PARSE_FAILED: 'The query is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The query does not match the schema (unknown field, wrong argument, missing selection).',
  OPERATION_RESOLUTION_FAILURE:
    'The document has several operations and `operationName` is missing or names none of them.',
  PERSISTED_QUERY_NOT_FOUND:
    'An automatic persisted query was sent by hash only and the gateway does not know the hash: send the query text with it once.',
  PERSISTED_QUERY_NOT_SUPPORTED:
    'Automatic persisted queries are switched off. The gateway keeps them on, so it does not send this today; listed because Apollo Server reserves it.',
};

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description:
    'Every `extensions.code` the gateway sends in `errors[]` (and in `OperationError.code`). Where a platform is involved, `extensions.platform` names it (a `Platform` value). A platform failure never becomes the HTTP status of a GraphQL response.',
  valuesConfig: Object.fromEntries(CLIENT_ERROR_CODES.map((c) => [c, { description: ERROR_CODE_DESCRIPTIONS[c] }])),
});
