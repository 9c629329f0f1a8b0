/**
 * Prometheus metrics (prom-client) on `/metrics`: process defaults, GraphQL operations (count, latency) and — filled
 * by the platform clients — backend calls per platform and operation, errors, breaker state, rate-limit waits,
 * unknown status words. Here, not under src/http/, because both the inbound side (the web server) and the outbound
 * side (src/datasources) record into it.
 *
 * The operation-name label is bounded (`operationLabel`): with an allow-list (METRICS_OPERATION_NAMES) only those
 * names are kept; without one, the first N distinct names this process sees (METRICS_OPERATION_NAMES_MAX, default
 * 100) are kept and every later name is counted as `other`. Clients choose operation names freely, so an unbounded
 * label would let any client create series without end. `/metrics` asks for `Authorization: Bearer <METRICS_TOKEN>`
 * when that token is set (401 otherwise).
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();

  readonly graphqlOperations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations by operation type and name, and outcome: ok, partial (some platforms failed, others answered) or error',
    labelNames: ['type', 'name', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency',
    labelNames: ['type', 'name'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly backendCalls = new Counter({
    name: 'gateway_backend_calls_total',
    help: 'Calls to carrier platforms by platform, operation and outcome code',
    labelNames: ['platform', 'operation', 'code'] as const,
    registers: [this.registry],
  });
  readonly backendDuration = new Histogram({
    name: 'gateway_backend_call_duration_seconds',
    help: 'Latency of calls to carrier platforms (including retries)',
    labelNames: ['platform', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'gateway_backend_breaker_open',
    help: 'Circuit breaker state per platform account: 0 closed, 0.5 half-open, 1 open',
    labelNames: ['platform', 'account'] as const,
    registers: [this.registry],
  });
  readonly rateLimitWait = new Histogram({
    name: 'gateway_backend_rate_limit_wait_seconds',
    help: 'Time calls waited for a platform rate limit before being sent',
    labelNames: ['platform'] as const,
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly unknownStatusWords = new Counter({
    name: 'gateway_unknown_status_words_total',
    help: 'Native status words no status table maps (shown as UNKNOWN), by platform and word (cut to 40 characters)',
    labelNames: ['platform', 'word'] as const,
    registers: [this.registry],
  });
  readonly wsConnections = new Gauge({
    name: 'gateway_websocket_connections',
    help: 'Open GraphQL WebSocket connections',
    registers: [this.registry],
  });

  private readonly operationNames: Set<string>;

  constructor(private readonly options: MetricsOptions = {}) {
    collectDefaultMetrics({ register: this.registry });
    this.operationNames = new Set(options.operationNames ?? []);
  }

  /** The label for an operation name: itself while known (allow-list, or among the first N seen), else `other`. */
  operationLabel(name: string | null | undefined): string {
    const label = name ?? 'anonymous';
    if (this.operationNames.has(label)) return label;
    if (this.options.operationNames?.length) return 'other';
    if (this.operationNames.size >= (this.options.maxOperationNames ?? 100)) return 'other';
    this.operationNames.add(label);
    return label;
  }

  router(): Router {
    const router = express.Router();
    const token = this.options.token ? Buffer.from(`Bearer ${this.options.token}`) : undefined;
    router.get('/metrics', async (req, res) => {
      if (token) {
        const given = Buffer.from(req.headers.authorization ?? '');
        if (given.length !== token.length || !timingSafeEqual(given, token)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
          return void res.status(401).json({ error: 'The metrics need "Authorization: Bearer <METRICS_TOKEN>"' });
        }
      }
      res.setHeader('Content-Type', this.registry.contentType);
      res.send(await this.registry.metrics());
    });
    return router;
  }
}

export interface MetricsOptions {
  /** Bearer token /metrics requires; none: open. */
  token?: string;
  /** Operation names kept as labels; any other is `other`. Empty: the first `maxOperationNames` seen. */
  operationNames?: string[];
  maxOperationNames?: number;
}
