/**
 * Authenticating a GraphQL call, the same way over HTTP and WebSocket: a valid bearer token that lists the tenant
 * of the path. No token → UNAUTHENTICATED; a token without that tenant → FORBIDDEN.
 */
import { GatewayError } from '../domain/errors.js';
import type { TenantStore } from '../store/tenants.js';
import { bearerToken, type AuthInfo, type TokenService } from './tokens.js';

export const TENANT_PATH = /^\/([a-z0-9][a-z0-9-]{0,62})\/graphql\/?$/;

export async function authenticateCall(
  deps: { tokens: TokenService; tenants: TenantStore },
  tenantId: string,
  authorization: string | undefined,
): Promise<AuthInfo> {
  const token = bearerToken(authorization);
  if (!token) {
    throw new GatewayError(
      'UNAUTHENTICATED',
      'An access token is required: send "Authorization: Bearer <token>" (get one from POST /oauth/token)',
      { http: { status: 401 } },
    );
  }
  let auth: AuthInfo;
  try {
    auth = await deps.tokens.verify(token);
  } catch (err) {
    if (err instanceof GatewayError) throw new GatewayError('UNAUTHENTICATED', err.message, { http: { status: 401 } });
    throw err;
  }
  if (!auth.tenants.includes(tenantId)) {
    throw new GatewayError('FORBIDDEN', `This token is not valid for tenant "${tenantId}"`, { http: { status: 403 } });
  }
  if (auth.external) return auth; // the identity provider answers for its own clients
  const app = await deps.tenants.getApplication(auth.clientId);
  if (!app || app.revoked)
    throw new GatewayError('UNAUTHENTICATED', 'The application of this token has been revoked', {
      http: { status: 401 },
    });
  return auth;
}
