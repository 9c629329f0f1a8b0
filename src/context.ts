/**
 * What every resolver receives: the tenant the request targets (from the path), the caller's verified token, and
 * the services bound to this request (with their per-request DataLoaders).
 */
import type { AuthInfo } from './auth/tokens.js';
import type { GatewayError } from './domain/errors.js';
import type { Logger } from './logging.js';
import type { RequestServices } from './services/index.js';

export interface GatewayContext {
  tenantId: string;
  auth: AuthInfo;
  requestId: string;
  logger: Logger;
  services: RequestServices;
  /**
   * Errors that accompany partial data (one platform failed while the others answered), with the path of the
   * field they belong to; added to the response's `errors` by the partial-results plugin.
   */
  partialErrors: Array<{ error: GatewayError; path: ReadonlyArray<string | number> }>;
}
