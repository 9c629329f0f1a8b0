/**
 * GraphQL over HTTP on plain `node:http`: the gateway's own Apollo integration, the hot path of every query.
 *
 * Apollo's Express integration put the whole Express stack in front of each GraphQL request — the router's walk
 * over every mounted route, body-parser, the cors and compression wrappers, Express's `res.send` (which hashes each
 * body for an ETag nobody uses on a POST) and the legacy `url.parse`. Under the overhead benchmark that was about a
 * fifth of the gateway's CPU per request (docs/benchmarks.md). This lane does the same jobs without it, in order:
 *
 *  1. the request id (`X-Request-Id`: the client's when safe, else generated) and the frame guard headers;
 *  2. CORS for actual requests (the same `cors` middleware Express uses; run only when the request has an Origin,
 *     else just `Vary: Origin`);
 *  3. authentication before Apollo: 404 for a path that names no tenant, 401 (with `WWW-Authenticate`) or 403;
 *  4. the body: at most MAX_BODY_BYTES (413), `raw-body` reads it, JSON when the Content-Type is application/json
 *     (400 for bad JSON; 415 for a Content-Encoding or charset it cannot read);
 *  5. Apollo's `executeHTTPGraphQLRequest` inside the request scope, the query deadline's scope and the operation's
 *     span, with the context from `createRequestContext` (the one builder, shared with WebSocket);
 *  6. the answer: a complete body goes through the shared `compression` middleware only when it is at least 1 KiB
 *     and the client sent Accept-Encoding (smaller answers are never compressed anyway); incremental delivery is
 *     streamed part by part, uncompressed.
 *
 * What it leaves to Express: OPTIONS (CORS preflight) and a browser's GET with no query (the GraphiQL page) — see
 * `claims`. Everything else on the server (OAuth, admin API, health, metrics, GraphiQL assets) is Express's too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import accepts from 'accepts';
import getRawBody from 'raw-body';
import type { AuthInfo } from '../auth/tokens.js';
import { authenticateCall, TENANT_PATH } from '../auth/request-auth.js';
import type { AppDeps } from '../app-deps.js';
import { createRequestContext, type GatewayContext } from '../context.js';
import { GatewayError } from '../domain/errors.js';
import { requestIdFrom, requestScope } from '../observability/request-scope.js';
import { endOperationSpan, withOperationSpan } from '../observability/tracing.js';
import { httpErrorBody } from './errors.js';
import { setFrameGuard } from './frame-guard.js';
import type { NodeMiddleware } from './shared-middleware.js';

export interface GraphqlOverHttpOptions {
  apollo: ApolloServer<GatewayContext>;
  deps: AppDeps;
  maxBodyBytes: number;
  /** Whether a browser's GET without a query is GraphiQL's (left to Express). */
  graphiql: boolean;
  cors: NodeMiddleware;
  /** Absent when compression is off. */
  compression?: NodeMiddleware;
}

export interface GraphqlOverHttp {
  /** Whether this request is a GraphQL request for the lane (else Express answers it). */
  claims(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const GRAPHQL_PATH = /^\/([^/?]+)\/graphql\/?$/;
/** Below this an answer is sent as is (the compression middleware's own threshold is the same). */
const COMPRESS_FROM_BYTES = 1024;

/** An answer the lane gives itself, before Apollo: `{ errors: [{ message, extensions: { code, requestId } }] }`. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphqlOverHttp(options: GraphqlOverHttpOptions): GraphqlOverHttp {
  const { apollo, deps, maxBodyBytes, cors, compression } = options;
  const logger = deps.logger;
  apollo.assertStarted('graphqlOverHttp()');

  function pathOf(req: IncomingMessage): { path: string; search: string } {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    return q < 0 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q) };
  }

  function claims(req: IncomingMessage): boolean {
    if (req.method === 'OPTIONS') return false;
    const { path, search } = pathOf(req);
    if (!GRAPHQL_PATH.test(path)) return false;
    if (req.method !== 'GET' || !options.graphiql) return true;
    // A browser opening the endpoint (no query, HTML preferred) gets GraphiQL from Express.
    const hasQuery = search.length > 1 && !!new URLSearchParams(search).get('query');
    return hasQuery || accepts(req).type(['application/json', 'text/html']) !== 'text/html';
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.statusCode = status;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  }

  async function readJsonBody(req: IncomingMessage): Promise<unknown> {
    if (req.method !== 'POST') return undefined;
    const contentType = req.headers['content-type'] ?? '';
    const semi = contentType.indexOf(';');
    const mime = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      throw new Refusal(415, 'BAD_REQUEST', `Content-Encoding "${encoding}" is not accepted; send the body as is`);
    }
    const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim().replace(/"/g, '').toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new Refusal(415, 'BAD_REQUEST', `Charset "${charset}" is not accepted; send UTF-8`);
    }
    let text: string;
    try {
      text = await getRawBody(req, { length: req.headers['content-length'], limit: maxBodyBytes, encoding: 'utf8' });
    } catch (err) {
      const e = err as { status?: number; type?: string; message?: string };
      if (e.type === 'entity.too.large') {
        throw new Refusal(413, 'BAD_REQUEST', `Request body too large (limit ${maxBodyBytes} bytes)`, {
          Connection: 'close',
        });
      }
      throw new Refusal(400, 'BAD_REQUEST', e.message ?? 'The request body could not be read');
    }
    // Apollo answers a POST that is not JSON (400, or CSRF prevention's refusal) itself.
    if (mime !== 'application/json') return undefined;
    if (!text.trim()) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new Refusal(400, 'BAD_REQUEST', `The body is not valid JSON: ${(err as Error).message}`);
    }
  }

  async function authenticate(req: IncomingMessage, tenantId: string): Promise<AuthInfo> {
    if (!TENANT_PATH.test(`/${tenantId}/graphql`))
      throw new Refusal(404, 'NOT_FOUND', `"${tenantId}" is not a tenant id`);
    try {
      return await authenticateCall(deps, tenantId, req.headers.authorization);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      const status = (err.extensions.http as { status?: number } | undefined)?.status ?? 401;
      throw new Refusal(status, err.code, err.message, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    }
  }

  function headerMap(req: IncomingMessage): HeaderMap {
    const headers = new HeaderMap();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i]!.toLowerCase();
      const prior = headers.get(key);
      headers.set(key, prior === undefined ? raw[i + 1]! : `${prior}, ${raw[i + 1]!}`);
    }
    return headers;
  }

  async function answer(req: IncomingMessage, res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = response.body.string;
      const send = () => {
        if (!res.headersSent) res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
      };
      if (compression && req.headers['accept-encoding'] && body.length >= COMPRESS_FROM_BYTES) {
        compression(req, res, send);
      } else send();
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function run(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const scope = requestScope.create(requestId);
    const { path, search } = pathOf(req);
    const tenantId = safeDecode(GRAPHQL_PATH.exec(path)![1]!);
    const auth = await authenticate(req, tenantId);
    const body = await readJsonBody(req);
    await withOperationSpan(req.headers, 'http', (span) => {
      scope.span = span;
      if (!span.ended) res.once('close', () => endOperationSpan(span, {}));
      // Apollo runs inside the request's scope: log lines carry the request id, carrier calls are counted, and a
      // query's deadline (armed by deadlinePlugin) counts from the request's arrival.
      return requestScope.run(scope, async () => {
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search, body },
          context: async () => createRequestContext(deps, { tenantId, auth, requestId, scope, transport: 'http' }),
        });
        await answer(req, res, response);
      });
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    setFrameGuard(res);
    const go = () =>
      run(req, res, requestId).catch((err: unknown) => {
        if (err instanceof Refusal) {
          return sendJson(res, err.status, httpErrorBody(err.message, err.code, requestId), err.headers);
        }
        logger.error({ err, requestId }, 'request failed');
        if (res.headersSent) return void res.destroy();
        sendJson(res, 500, httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR', requestId));
      });
    if (req.headers.origin) cors(req, res, () => void go());
    else {
      res.setHeader('Vary', 'Origin');
      void go();
    }
  }

  return { claims, handle };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
