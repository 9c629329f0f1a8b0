/**
 * GraphQL over WebSocket (graphql-ws, subprotocol `graphql-transport-ws`) on the same port and path as HTTP:
 * `/{tenant}/graphql`. The token comes in `connectionParams.Authorization` (browsers cannot set headers on a
 * WebSocket) or the upgrade request's Authorization header; a missing, bad or expired token, or one without the
 * path's tenant, closes the socket with 4403 Forbidden before any operation runs. A connection lives no longer than
 * its credentials (src/auth/credential-watch.ts): it is closed with 4401 "Access token expired" at the token's
 * expiry (reconnect with a new token), 4403 "Application revoked" within seconds of a revocation on any replica, and
 * 4401 when the token's signing key is withdrawn.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  specifiedRules,
  type DocumentNode,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { admit } from '../admission/admit.js';
import { isTokenLimitError } from '../security/query-limits.js';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { LRUCache } from 'lru-cache';
import type { AppDeps } from '../app-deps.js';
import { authenticateCall, TENANT_PATH } from '../auth/request-auth.js';
import type { AuthInfo } from '../auth/tokens.js';
import { CLOSE_TOKEN_EXPIRED, CredentialWatch } from '../auth/credential-watch.js';
import { createRequestContext, type GatewayContext } from '../context.js';
import { logOperation, operationOutcome, type OperationOutcome } from '../observability/operation-log.js';
import { requestScope } from '../observability/request-scope.js';
import { withOperationSpan } from '../observability/tracing.js';
import { GatewayError, type ClientErrorCode } from '../domain/errors.js';
import { formatClientError, withoutSuggestions } from '../http/errors.js';
import { sharedSubscribe, type Deliver, type FanOutGroups } from './shared-execution.js';
import { withDeadline } from '../datasources/kit/deadline.js';
import { withPartialErrors } from '../plugins/partial-errors.js';
import { randomUUID } from 'node:crypto';

/** Bytes queued on a subscriber's socket above which it is taken as no longer reading (its subscription ends). */
const SOCKET_HIGH_WATER = 4 << 20;

type ConnectionExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  tenantId?: string;
  auth?: AuthInfo;
  /** Running operations by graphql-ws id, for their log line at completion. */
  operations?: Map<
    string,
    {
      context: GatewayContext;
      started: bigint;
      name: string | null | undefined;
      type: string;
      outcome: OperationOutcome;
    }
  >;
};

export interface GraphQLWebSocketServer {
  /** Closes every client with 1001 Going Away and stops accepting connections. */
  dispose(): Promise<void>;
  connections(): number;
}

function readAuthorization(params: Record<string, unknown> | undefined, request: IncomingMessage): string | undefined {
  const fromParams = params?.Authorization ?? params?.authorization;
  if (typeof fromParams === 'string' && fromParams) return fromParams;
  if (typeof params?.token === 'string' && params.token) return `Bearer ${params.token}`;
  return request.headers.authorization;
}

/** Runs an operation in its request scope and span (ended with its log line at completion). */
function inScope<T>(context: GatewayContext, fn: () => T): T {
  return withOperationSpan(undefined, 'ws', (span) => {
    context.scope.span = span;
    return requestScope.run(context.scope, fn);
  });
}

export function attachWebSocketServer(
  httpServer: Server,
  schema: GraphQLSchema,
  deps: AppDeps,
): GraphQLWebSocketServer {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1_048_576 });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0]!;
    if (!TENANT_PATH.test(path)) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);
  wss.on('connection', (ws) => {
    deps.metrics.wsConnections.inc();
    ws.once('close', () => deps.metrics.wsConnections.dec());
  });

  /** Open, authenticated connections per tenant on this process. */
  const perTenant = new Map<string, number>();
  // Parsed and validated documents by query text, as Apollo's document store does for HTTP: 10,000 subscribers of one
  // subscription share one document (parsed and validated once, held once).
  const documents = new LRUCache<string, DocumentNode>({ max: 1_000 });
  // Each subscription's direct delivery (shared-execution.ts): its `next` messages written to its socket.
  const deliveries = new WeakMap<GatewayContext, Deliver>();
  // This server's fan-out groups: one pipeline per subscription operation shared by its subscribers.
  const groups: FanOutGroups = new Map();
  /** The query parsed and validated against the schema, or the errors the client gets. */
  const parseAndValidate = (query: string): DocumentNode | GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: deps.config.QUERY_MAX_TOKENS });
    } catch (err) {
      if (err instanceof GraphQLError && isTokenLimitError(err.message))
        return [new GatewayError('QUERY_TOO_COMPLEX', err.message, { measure: 'tokens' })];
      return [
        withCode(
          err instanceof GraphQLError ? err : new GraphQLError('Query could not be parsed'),
          'GRAPHQL_PARSE_FAILED',
        ),
      ];
    }
    const errors = validate(
      schema,
      document,
      specifiedRules.concat(deps.config.INTROSPECTION ? [] : [NoSchemaIntrospectionCustomRule]),
    );
    if (errors.length) {
      // Introspection off means off here too: no "Did you mean …" naming what the client did not write.
      if (!deps.config.INTROSPECTION) for (const e of errors) e.message = withoutSuggestions(e.message);
      return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
    }
    return document;
  };
  const credentials = new CredentialWatch({
    db: deps.db,
    logger: deps.logger,
    tokenTtlSeconds: deps.config.TOKEN_TTL_SECONDS,
  });
  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const tenantId = TENANT_PATH.exec((ctx.extra.request.url ?? '').split('?')[0]!)![1]!;
        try {
          ctx.extra.auth = await authenticateCall(
            deps,
            tenantId,
            readAuthorization(ctx.connectionParams, ctx.extra.request),
          );
          const open = perTenant.get(tenantId) ?? 0;
          if (open >= deps.config.WS_MAX_CONNECTIONS_PER_TENANT) {
            ctx.extra.socket.close(
              1008,
              `Too many connections for tenant ${tenantId} (limit ${deps.config.WS_MAX_CONNECTIONS_PER_TENANT})`,
            );
            return false;
          }
          perTenant.set(tenantId, open + 1);
          ctx.extra.tenantId = tenantId;
          ctx.extra.socket.once('close', () => perTenant.set(tenantId, (perTenant.get(tenantId) ?? 1) - 1));
          const socket = ctx.extra.socket;
          const unwatch = credentials.watch(ctx.extra.auth, ({ code, reason }) => {
            deps.logger.info(
              { tenantId, clientId: ctx.extra.auth?.clientId, code, reason },
              'websocket closed: credentials ended',
            );
            socket.close(code, reason);
          });
          socket.once('close', unwatch);
          return { tenant: tenantId };
        } catch (err) {
          if (err instanceof GatewayError) {
            deps.logger.info({ tenantId, reason: err.message }, 'websocket refused');
            ctx.extra.socket.close(CloseCode.Forbidden, err.message.slice(0, 120));
            return false;
          }
          throw err;
        }
      },
      // Parse and validate here, then the one admission decision (src/admission/admit.ts), before anything executes.
      onSubscribe: async (ctx, id, payload) => {
        const started = process.hrtime.bigint();
        const auth = ctx.extra.auth!;
        if (auth.expiresAt * 1000 < Date.now()) {
          ctx.extra.socket.close(CLOSE_TOKEN_EXPIRED.code, CLOSE_TOKEN_EXPIRED.reason);
          return [new GatewayError('UNAUTHENTICATED', 'Access token has expired')];
        }
        const limit = deps.config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
        // graphql-ws has already registered this operation in ctx.subscriptions when onSubscribe runs.
        if (Object.keys(ctx.subscriptions).length > limit) {
          return [
            new GatewayError(
              'RATE_LIMITED',
              `Too many operations on this connection (limit ${limit}); complete some or open another connection`,
            ),
          ];
        }
        let document = documents.get(payload.query);
        if (!document) {
          const parsed = parseAndValidate(payload.query);
          if (Array.isArray(parsed)) return parsed;
          documents.set(payload.query, (document = parsed));
        }
        let admission;
        try {
          admission = await admit(deps, {
            document,
            operationName: payload.operationName,
            variables: payload.variables,
            auth,
            transport: 'ws',
          });
        } catch (err) {
          if (!(err instanceof GraphQLError)) throw err;
          const { http: _http, ...extensions } = err.extensions; // HTTP status/headers mean nothing on a socket
          return [
            err instanceof GatewayError
              ? new GatewayError(err.code, err.message, extensions)
              : new GraphQLError(err.message, { extensions }),
          ];
        }
        const contextValue = createRequestContext(deps, {
          tenantId: ctx.extra.tenantId!,
          auth,
          requestId: randomUUID(),
          transport: 'ws',
        });
        contextValue.admission = admission;
        // Only a subscription is delivered directly (a query or mutation answers once, through graphql-ws).
        if (admission.type === 'subscription') {
          const socket = ctx.extra.socket;
          const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
          deliveries.set(contextValue, (payloadJson) => {
            if (socket.bufferedAmount > SOCKET_HIGH_WATER) return false;
            socket.send(`${prefix}${payloadJson}}`);
            return true;
          });
        }
        (ctx.extra.operations ??= new Map()).set(id, {
          context: contextValue,
          started,
          name: payload.operationName,
          type: admission.type,
          outcome: 'ok',
        });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      // Operations run inside their request scope (carrier calls counted, log lines with the request id).
      // A query has the same deadline as over HTTP (REQUEST_DEADLINE_MS, kit/deadline.ts); mutations are never cut.
      execute: (args) => {
        const context = args.contextValue as GatewayContext;
        const isQuery = context.admission?.type === 'query';
        return inScope(context, () =>
          withDeadline(deps.config.REQUEST_DEADLINE_MS, isQuery, async () =>
            withPartialErrors(await execute(args), context),
          ),
        );
      },
      // One execution per event and selection, shared by every subscriber of it (see shared-execution.ts).
      // Results without errors are serialized once per event and selection and written to each socket directly.
      subscribe: (args) => {
        const context = args.contextValue as GatewayContext;
        const deliver = deliveries.get(context);
        return inScope(context, () => sharedSubscribe(args, deliver && { groups, deliver }));
      },
      // The same error policy as HTTP: gateway errors pass, internal ones are masked; errors carry the request id.
      onNext: (ctx, id, _payload, args, result) => {
        if (!result.errors?.length) return undefined;
        const running = ctx.extra.operations?.get(id);
        if (running && running.outcome !== 'error') running.outcome = operationOutcome(result);
        const requestId = (args.contextValue as GatewayContext).requestId;
        return {
          ...result,
          errors: result.errors.map((e) => {
            const f = formatClientError(e.toJSON(), e, deps.logger, { hideSchema: !deps.config.INTROSPECTION });
            return { ...f, extensions: { ...f.extensions, requestId } };
          }),
        };
      },
      onComplete: (ctx, id) => {
        const running = ctx.extra.operations?.get(id);
        if (!running) return;
        ctx.extra.operations!.delete(id);
        logOperation(running.context, running);
      },
    },
    wss,
  );

  // graphql-ws logs a socket's errors with console.error and a stack. They are the client's doing (a frame over
  // maxPayload, a bad frame) and ws has already closed the socket with the right code (1009, 1002): one clean
  // log line instead. Registered after useServer, so graphql-ws's own listener is there to be replaced.
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    for (const listener of socket.listeners('error')) socket.off('error', listener as (err: Error) => void);
    socket.on('error', (err: Error & { code?: string }) => {
      deps.logger.warn(
        { path: (request.url ?? '').split('?')[0], code: err.code, reason: err.message },
        `websocket closed by the server: ${err.message}`,
      );
      if (socket.readyState === socket.OPEN) socket.close(1011, 'Internal server error');
    });
  });

  return {
    connections: () => wss.clients.size,
    dispose: async () => {
      httpServer.off('upgrade', onUpgrade);
      credentials.stop();
      await server.dispose();
    },
  };
}

/** graphql-js's own parse and validation errors carry no code; over WebSocket they get the code HTTP clients see. */
function withCode(error: GraphQLError, code: ClientErrorCode): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
