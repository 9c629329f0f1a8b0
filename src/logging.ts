/**
 * Structured logs (pino). Secrets never reach a log line: credentials, tokens and secrets are redacted by path,
 * wherever they appear in a logged object.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  '*.password', '*.secret', '*.clientSecret', '*.client_secret', '*.apiKey', '*.token', '*.access_token',
  '*.authorization', '*.credentials', 'req.headers.authorization', 'headers.authorization', 'credentials',
  'password', 'secret', 'clientSecret', 'token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'iot-gateway' } }, destination);
}
