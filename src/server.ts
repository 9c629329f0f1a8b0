/**
 * The gateway process: Apollo Server 5 for HTTP and graphql-ws for WebSocket on one port, one schema. GraphQL over
 * HTTP goes straight from node:http to Apollo (src/http/graphql-over-http.ts); Express 5 serves everything else.
 *
 *   POST /oauth/token                 client credentials → JWT
 *   POST /sandbox/demo-token          the demo application's token, with the embedded sandbox only (GraphiQL's button)
 *   GET  /.well-known/jwks.json       token verification keys
 *   *    /{tenant}/graphql            GraphQL over HTTP (GET opens GraphiQL in a browser) and WebSocket
 *   GET  /healthz, /readyz, /metrics
 *   *    /admin/v1/...                 the admin API (src/admin/router.ts), admin token required
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from './app-deps.js';
import { ExternalIdp } from './auth/external-idp.js';
import { KeyStore } from './auth/keys.js';
import { oauthRouter } from './auth/oauth.js';
import { TENANT_PATH } from './auth/request-auth.js';
import { TokenService } from './auth/tokens.js';
import type { Config } from './config/config.js';
import { SecretBox } from './security/secret-box.js';
import { AppBudget } from './security/app-budget.js';
import { CursorSeal } from './security/cursor-seal.js';
import { redisPrefix } from './security/redis-scope.js';
import type { GatewayContext } from './context.js';
import { configureRequestScope, requestIdFrom } from './observability/request-scope.js';
import { operationLogPlugin } from './plugins/operation-log.js';
import { clientFeedbackPlugin } from './plugins/client-feedback.js';
import { flushTracing, startTracing } from './observability/tracing.js';
import { admissionPlugin } from './plugins/admission.js';
import { metricsPlugin } from './plugins/metrics.js';
import { partialErrorsPlugin } from './plugins/partial-errors.js';
import { AdapterPool } from './datasources/pool.js';
import { formatClientError, httpErrorBody } from './http/errors.js';
import { demoTokenEnabled, demoTokenRouter, DEMO_TOKEN_PATH } from './http/demo-token.js';
import { frameGuard } from './http/frame-guard.js';
import { graphqlOverHttp } from './http/graphql-over-http.js';
import { compressionMiddleware, corsMiddleware } from './http/shared-middleware.js';
import { GRAPHIQL_CSP, graphiqlAssets, graphiqlHtml } from './http/graphiql.js';
import { healthRouter } from './http/health.js';
import { Metrics } from './observability/metrics.js';
import type { Logger } from './logging.js';
import { buildGatewaySchema } from './schema/build.js';
import { buildFederatedSchema } from './federation/subgraph.js';
import { openDb, type Db } from './store/db.js';
import { migrate } from './store/migrations.js';
import { AuditStore } from './store/audit.js';
import { CustomPropertyStore } from './store/custom-properties.js';
import { IdempotencyStore } from './store/idempotency.js';
import { MonitorStore } from './monitors/store.js';
import { deadlinePlugin } from './datasources/kit/deadline.js';
import { MonitorTracker } from './monitors/tracker.js';
import { SyncEngine } from './inventory/engine.js';
import { InventoryStore } from './inventory/store.js';
import { ProductService } from './services/products.js';
import { createEventBus, SharedReads } from './subscriptions/events.js';
import { Redis } from 'ioredis';
import { TenantStore } from './store/tenants.js';
import { attachWebSocketServer } from './subscriptions/ws-server.js';
import { holdStoreLock, mountAdminApi } from './admin/index.js';

export interface RunningGateway {
  url: string;
  port: number;
  deps: AppDeps;
  /** Drains HTTP requests, closes WebSocket clients (1001) and the store. */
  close(): Promise<void>;
}

/** Opens the store and applies migrations; builds the long-lived parts. */
export async function createDeps(config: Config, logger: Logger, db?: Db): Promise<AppDeps> {
  const store = db ?? (await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const applied = await migrate(store);
  if (applied.length) logger.info({ applied, store: store.kind }, 'store migrations applied');
  const keys = new KeyStore(store, config.TOKEN_TTL_SECONDS);
  await keys.signingKey();
  const metrics = new Metrics({
    token: config.METRICS_TOKEN,
    operationNames: config.METRICS_OPERATION_NAMES?.split(',')
      .map((n) => n.trim())
      .filter(Boolean),
    maxOperationNames: config.METRICS_OPERATION_NAMES_MAX,
  });
  const redisScope = redisPrefix(config);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false, keyPrefix: redisScope })
    : undefined;
  const tenants = new TenantStore(store, SecretBox.fromConfig(config.SECRETS_KEY, config.DATA_DIR));
  const customProperties = new CustomPropertyStore(store);
  const monitors = new MonitorStore(store);
  const cursors = await CursorSeal.fromStore(store);
  const pool = new AdapterPool({
    logger,
    metrics,
    redis,
    timeoutMs: Math.min(5_000, config.BACKEND_TIMEOUT_MS),
    rateLimits: config.PLATFORM_RATE_LIMITS === 'on',
    backgroundShare: config.INVENTORY_BUDGET_SHARE,
  });
  configureRequestScope({ maxCarrierCalls: config.REQUEST_MAX_CARRIER_CALLS });
  const events = createEventBus(config.REDIS_URL, redisScope);
  const inventory = config.INVENTORY === 'on' ? new InventoryStore(store) : undefined;
  const sync = inventory
    ? new SyncEngine(
        { store: inventory, tenants, pool, events, logger: logger.child({ component: 'inventory' }) },
        {
          changeIntervalMs: config.INVENTORY_CHANGE_INTERVAL_S * 1000,
          fullIntervalMs: config.INVENTORY_FULL_INTERVAL_S * 1000,
          leaseMs: config.INVENTORY_LEASE_S * 1000,
        },
      )
    : undefined;
  const tracker = new MonitorTracker(
    {
      monitors,
      tenants,
      pool,
      events,
      logger: logger.child({ component: 'tracker' }),
      customProperties,
      inventory,
      // Monitors check and report against the platforms themselves, never the inventory's copy.
      productsFor: (tenantId) => new ProductService({ tenants, pool, customProperties, cursors }, tenantId),
    },
    { intervalMs: config.TRACKER_INTERVAL_MS, leaseMs: config.TRACKER_LEASE_MS },
  );
  return {
    config,
    logger,
    db: store,
    tenants,
    customProperties,
    audit: new AuditStore(store),
    monitors,
    idempotency: new IdempotencyStore(store),
    events,
    monitorReads: new SharedReads(),
    tracker,
    keys,
    tokens: new TokenService(
      keys,
      config.PUBLIC_URL,
      config.TOKEN_TTL_SECONDS,
      config.OIDC_ISSUER && config.OIDC_JWKS_URL
        ? new ExternalIdp({
            issuer: config.OIDC_ISSUER,
            jwksUrl: config.OIDC_JWKS_URL,
            audience: config.OIDC_AUDIENCE,
            tenantsClaim: config.OIDC_TENANTS_CLAIM,
            rolesClaim: config.OIDC_ROLES_CLAIM,
            readRole: config.OIDC_READ_ROLE,
            writeRole: config.OIDC_WRITE_ROLE,
          })
        : undefined,
    ),
    metrics,
    pool,
    redis,
    cursors,
    budget: new AppBudget(config.APP_COST_PER_WINDOW, config.APP_BUDGET_WINDOW_SECONDS, redis),
    inventory,
    sync,
  };
}

export async function startGateway(config: Config, logger: Logger, options: { db?: Db } = {}): Promise<RunningGateway> {
  if (startTracing()) logger.info('OpenTelemetry traces on (OTLP exporter from the OTEL_* variables)');
  const storeLock = holdStoreLock(config, !!options.db); // PGlite allows one process: refuse to open it twice
  const deps = await createDeps(config, logger, options.db);
  const publicSchema = await buildGatewaySchema(deps.events.pubSub);
  const schema = config.FEDERATION === 'on' ? buildFederatedSchema(publicSchema) : publicSchema;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer();
  const ws = attachWebSocketServer(httpServer, schema, deps);
  let draining = false;

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.QUERY_MAX_TOKENS },
    hideSchemaDetailsFromClientErrors: !config.INTROSPECTION,
    formatError: (formatted, error) =>
      formatClientError(formatted, error, logger, { hideSchema: !config.INTROSPECTION }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_MS }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints in this schema (carrier data is live); Apollo's default cache-control plugin would
      // still wrap every field resolver to compute them.
      ApolloServerPluginCacheControlDisabled(),
      admissionPlugin(deps),
      partialErrorsPlugin(),
      metricsPlugin(deps.metrics),
      clientFeedbackPlugin(),
      operationLogPlugin(), // after partialErrorsPlugin: adds the request id to every error
      deadlinePlugin(config.REQUEST_DEADLINE_MS),
    ],
  });
  await apollo.start();

  // Every response carries a request id: the client's X-Request-Id when it is safe to echo, else a generated one.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  });
  const compression = config.COMPRESSION ? compressionMiddleware() : undefined;
  if (compression) app.use(compression);
  const cors = corsMiddleware(config);
  app.use(frameGuard());
  app.use(cors);
  // GraphQL over HTTP skips Express (src/http/graphql-over-http.ts); Express keeps the rest.
  const graphqlLane = graphqlOverHttp({
    apollo,
    deps,
    maxBodyBytes: config.MAX_BODY_BYTES,
    graphiql: config.GRAPHIQL,
    cors,
    compression,
  });
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
    graphqlLane.claims(req) ? graphqlLane.handle(req, res) : app(req, res),
  );
  app.use(healthRouter(deps.db, () => draining));
  app.use(deps.metrics.router());
  app.use(
    oauthRouter({
      ...deps,
      failedAttempts: {
        failures: config.TOKEN_MAX_FAILURES,
        windowSeconds: config.TOKEN_FAILURE_WINDOW_SECONDS,
        redis: deps.redis,
      },
    }),
  );
  mountAdminApi(app, deps);
  if (config.GRAPHIQL) {
    app.use(graphiqlAssets());
    app.use(demoTokenRouter(deps));
  }

  const graphqlPath = '/:tenant/graphql';
  // A browser's GET (Accept: text/html, no query) opens GraphiQL; the lane leaves only those to Express.
  app.get(graphqlPath, (req: Request, res: Response) => {
    if (
      config.GRAPHIQL &&
      !req.query.query &&
      req.accepts(['application/json', 'text/html']) === 'text/html' &&
      TENANT_PATH.test(req.path)
    ) {
      res.setHeader('Content-Security-Policy', GRAPHIQL_CSP);
      return void res.type('html').send(
        graphiqlHtml(String(req.params.tenant), {
          demoTokenUrl: demoTokenEnabled(config) ? DEMO_TOKEN_PATH : undefined,
        }),
      );
    }
    graphqlLane.handle(req, res); // not GraphiQL's after all (e.g. a path that names no tenant)
  });
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const requestId = res.locals.requestId as string | undefined;
    if (status === 500) logger.error({ err, requestId }, 'request failed');
    // Routes that read a body answer its errors themselves (the GraphQL lane, OAuth, the admin API).
    res
      .status(status)
      .json(
        status === 500
          ? httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR', requestId)
          : httpErrorBody(err.message, 'BAD_REQUEST', requestId),
      );
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  deps.tracker.start();
  deps.sync?.start();
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  storeLock?.update({ url });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    deps,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        await deps.tracker.stop();
        await deps.sync?.stop();
        await apollo.stop();
        await deps.events.close();
        await deps.redis?.quit().catch(() => deps.redis?.disconnect());
        await deps.db.close();
        storeLock?.release();
        await flushTracing();
      })()),
  };
}
