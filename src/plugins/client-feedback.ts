/**
 * Apollo plugin: what a client learns about its budget from a response — the operation's cost in
 * `extensions.cost`, and the application's budget in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (seconds; IETF draft "RateLimit header fields for HTTP", the separate-fields form). A refused operation
 * (RATE_LIMITED) carries the same headers, set by the budget with Retry-After.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';

export function clientFeedbackPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const admission = contextValue.admission;
          if (!admission) return;
          const { limit, remaining, resetSeconds } = admission.budget;
          response.http.headers.set('ratelimit-limit', String(limit));
          response.http.headers.set('ratelimit-remaining', String(remaining));
          response.http.headers.set('ratelimit-reset', String(resetSeconds));
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost: admission.cost };
          }
        },
      };
    },
  };
}
