/**
 * What every resolver receives: the tenant the request targets (from the path), the caller's verified token, and
 * the services bound to this request (with their per-request DataLoaders).
 */
import type { AuthInfo } from './auth/tokens.js';
import type { Logger } from './logging.js';
import type { RequestServices } from './services/index.js';

export interface GatewayContext {
  tenantId: string;
  auth: AuthInfo;
  requestId: string;
  logger: Logger;
  services: RequestServices;
}
