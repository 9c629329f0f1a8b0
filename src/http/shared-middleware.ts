/**
 * The CORS and compression middleware, one instance each, shared by the Express app (OAuth, admin API, GraphiQL,
 * CORS preflight) and the GraphQL lane (src/http/graphql-over-http.ts), so both answer with the same headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import cors from 'cors';
import type { Request, Response } from 'express';
import type { Config } from '../config/config.js';

/** A connect-style middleware over node's own request and response (what `cors()` and `compression()` are). */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** CORS_ORIGINS (`*` or a comma-separated list); the headers a browser client may send and read. */
export function corsMiddleware(config: Pick<Config, 'CORS_ORIGINS'>): NodeMiddleware {
  const origins =
    config.CORS_ORIGINS.trim() === '*'
      ? true
      : config.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean);
  return cors({
    origin: origins,
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Apollo-Require-Preflight',
      'X-Apollo-Operation-Name',
      'X-Request-Id',
      'traceparent',
      'tracestate',
    ],
    exposedHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
    maxAge: 600,
  });
}

/**
 * gzip or br (as the client's Accept-Encoding prefers) above 1 KiB. WebSocket upgrades never reach it; streamed
 * responses (SSE, multipart incremental delivery) are left uncompressed so each part is sent at once.
 */
export function compressionMiddleware(): NodeMiddleware {
  const middleware = compression({
    filter: (req, res) =>
      !/^(text\/event-stream|multipart\/mixed)/.test(String(res.getHeader('Content-Type') ?? '')) &&
      compression.filter(req, res),
  });
  // compression's types name Express's request and response; its code uses only node's own (it is connect-style).
  return (req, res, next) => middleware(req as Request, res as Response, next);
}
