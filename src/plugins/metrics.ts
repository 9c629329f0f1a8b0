/**
 * Apollo plugin: Prometheus metrics per GraphQL operation over HTTP — a count by type, name and outcome and a
 * latency histogram by type and name (src/observability/metrics.ts). The name label is bounded by `Metrics.operationLabel`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Metrics } from '../observability/metrics.js';

export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors, contextValue }) {
          const type = operation?.operation ?? 'unknown';
          const name = metrics.operationLabel(operationName);
          metrics.graphqlOperations.inc({
            type,
            name,
            outcome: errors?.length ? 'error' : contextValue.partialErrors?.length ? 'partial' : 'ok',
          });
          metrics.graphqlDuration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
