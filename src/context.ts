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
  return new RequestContext(deps, tenantId, auth, requestId, scope, transport);
}

const made = Symbol('made on first use');

/**
 * The logger and the services are made on first use: most operations need few of them, and a subscriber holds its
 * context for as long as it is connected (10,000 subscribers, 10,000 contexts). They are getters on the prototype
 * because Apollo clones each request's context with `Object.assign` onto the same prototype: own getters would be
 * called (and everything made) by the clone; the symbol-keyed holder is copied by reference, so the clone and the
 * original share what either made.
 */
class RequestContext implements GatewayContext {
  readonly partialErrors: GatewayContext['partialErrors'] = [];
  admission?: GatewayContext['admission'];
  private readonly [made]: { logger?: Logger; services?: RequestServices } = {};

  constructor(
    private readonly deps: AppDeps,
    readonly tenantId: string,
    readonly auth: AuthInfo,
    readonly requestId: string,
    readonly scope: RequestScope,
    private readonly transport: 'http' | 'ws',
  ) {}

  get logger(): Logger {
    // requestId comes from the request scope (logging.ts)
    return (this[made].logger ??= this.deps.logger.child({ tenantId: this.tenantId, transport: this.transport }));
  }

  get services(): RequestServices {
    return (this[made].services ??= createRequestServices(this.deps, this.tenantId, this.auth.clientId));
  }
}
