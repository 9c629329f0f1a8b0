/**
 * Structured logs (pino). Secrets never reach a log line: credentials, tokens and secrets are redacted by path,
 * wherever they appear in a logged object. Inside a GraphQL request's scope (observability/request-scope.ts) every
 * line carries the request's `requestId`, whichever logger wrote it.
 */
import { pino, type Logger } from 'pino';
import { requestScope } from './observability/request-scope.js';

export type { Logger };

export const REDACTED_PATHS = [
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.apiKey',
  '*.token',
  '*.access_token',
  '*.authorization',
  '*.credentials',
  'req.headers.authorization',
  'headers.authorization',
  'credentials',
  'password',
  'secret',
  'clientSecret',
  'token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      mixin: requestIdMixin,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'iot-gateway' },
    },
    destination,
  );
}

function requestIdMixin(): Record<string, unknown> {
  const scope = requestScope.current();
  return scope ? { requestId: scope.requestId } : {};
}
