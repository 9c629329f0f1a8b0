/**
 * Apollo plugin: the per-operation log line (src/observability/operation-log.ts) for GraphQL over HTTP, and the
 * request id in `extensions.requestId` of every error the response carries, so a client can quote it.
 * List it after the partial-errors plugin so the platforms' partial errors get the id too.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { logOperation, operationOutcome } from '../observability/operation-log.js';

export function operationLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          if (result?.errors) {
            result.errors = result.errors.map((e) => ({
              ...e,
              extensions: { ...e.extensions, requestId: contextValue.requestId },
            }));
          }
          logOperation(contextValue, {
            name: operationName,
            type: operation?.operation,
            started,
            outcome: result ? operationOutcome(result) : 'ok',
          });
        },
      };
    },
  };
}
