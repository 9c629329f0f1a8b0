/**
 * What every resolver receives: the tenant the request targets (from the path), the caller's verified token, and
 * the services bound to this request (with their per-request DataLoaders) — built by `createRequestContext`, the one
 * place that builds it for both HTTP (Apollo's context function) and WebSocket (graphql-ws `onSubscribe`).
 */
import type { AppDeps } from './app-deps.js';
import type { AuthInfo } from './auth/tokens.js';
import type { GatewayError } from './domain/errors.js';
import type { Logger } from './logging.js';
import { requestScope, type RequestScope } from './observability/request-scope.js';
import { createRequestServices, type RequestServices } from './services/index.js';

export interface GatewayContext {
  tenantId: string;
  auth: AuthInfo;
  requestId: string;
  /** A child logger: every line carries requestId and tenantId. */
  logger: Logger;
  services: RequestServices;
  /**
   * Errors that accompany partial data (one platform failed while the others answered), with the path of the
   * field they belong to; added to the response's `errors` by the partial-errors plugin.
   */
  partialErrors: Array<{ error: GatewayError; path: ReadonlyArray<string | number> }>;
  /** Where the carrier calls of this operation are counted (see observability/request-scope.ts). */
  scope: RequestScope;
  /** Set by admission: the operation's cost and the application's budget after it. */
  admission?: import('./admission/admit.js').Admission;
}

export function createRequestContext(
  deps: AppDeps,
  request: { tenantId: string; auth: AuthInfo; requestId: string; transport: 'http' | 'ws'; scope?: RequestScope },
): GatewayContext {
  const { tenantId, auth, requestId, transport } = request;
  const scope = request.scope ?? requestScope.create(requestId);
  scope.applicationId = auth.clientId; // the platform rate limits give each application its share
  // The logger and the services are made on first use: most operations need few of them, and a subscriber holds its
  // context for as long as it is connected (10,000 subscribers, 10,000 contexts).
  let logger: Logger | undefined;
  let services: RequestServices | undefined;
  return {
    tenantId,
    auth,
    requestId,
    get logger() {
      return (logger ??= deps.logger.child({ tenantId, transport })); // requestId comes from the request scope (logging.ts)
    },
    get services() {
      return (services ??= createRequestServices(deps, tenantId, auth.clientId));
    },
    partialErrors: [],
    scope,
  };
}
