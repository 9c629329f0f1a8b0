/**
 * Apollo plugin: admission over HTTP. Once Apollo has parsed and validated the document and resolved the operation,
 * `admit` (src/admission/admit.ts — the same decision graphql-ws makes) either lets it run, recording its cost and the
 * application's budget on the context, or throws the GatewayError Apollo answers with (its `extensions.http` sets
 * the status and Retry-After).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { admit, type AdmissionDeps } from '../admission/admit.js';
import type { GatewayContext } from '../context.js';

export function admissionPlugin(deps: AdmissionDeps): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request }) {
          contextValue.admission = await admit(deps, {
            document,
            operationName: request.operationName,
            variables: request.variables,
            auth: contextValue.auth,
            transport: 'http',
          });
        },
      };
    },
  };
}
