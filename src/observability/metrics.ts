/**
 * Prometheus metrics (prom-client) on `/metrics`: process defaults, GraphQL operations (count, latency) and — filled
 * by the platform clients — backend calls per platform and operation, errors, breaker state, rate-limit waits,
 * unknown status words. Here, not under src/http/, because both the inbound side (the web server) and the outbound
 * side (src/datasources) record into it.
 */
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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  router(): Router {
    const router = express.Router();
    router.get('/metrics', async (_req, res) => {
      res.setHeader('Content-Type', this.registry.contentType);
      res.send(await this.registry.metrics());
    });
    return router;
  }
}
