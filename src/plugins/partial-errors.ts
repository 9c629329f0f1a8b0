/**
 * Apollo plugin: partial results. Resolvers that answer with what the healthy platforms returned push the failed
 * platforms' errors onto `contextValue.partialErrors` (with the field's path); this adds them to the response's
 * `errors`, beside the data, so a client sees which platform is missing.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.js';

/** The client-facing form of the partial errors collected on a context. */
export function formatPartialErrors(context: Pick<GatewayContext, 'partialErrors'>): GraphQLFormattedError[] {
  return context.partialErrors.map(({ error, path }) => ({
    message: error.message,
    path: [...path],
    extensions: { ...error.extensions },
  }));
}

/**
 * The same for a result executed outside Apollo (GraphQL over WebSocket): the partial errors appended to its
 * `errors` as GraphQLErrors wrapping the platform's GatewayError, so the transport's error policy applies to them.
 */
export function withPartialErrors(
  result: ExecutionResult,
  context: Pick<GatewayContext, 'partialErrors'>,
): ExecutionResult {
  if (!context.partialErrors.length) return result;
  const partial = context.partialErrors.map(
    ({ error, path }) =>
      new GraphQLError(error.message, { path: [...path], originalError: error, extensions: { ...error.extensions } }),
  );
  return { ...result, errors: [...(result.errors ?? []), ...partial] };
}

export function partialErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue.partialErrors?.length) return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...formatPartialErrors(contextValue)];
        },
      };
    },
  };
}
