/**
 * The one admission decision, the same for GraphQL over HTTP (the admission plugin) and over WebSocket
 * (graphql-ws `onSubscribe`): given a parsed, validated document and the caller's verified token, either the operation
 * may run — and its measured cost has been spent from the application's budget — or a GraphQLError (a GatewayError
 * but for OPERATION_RESOLUTION_FAILURE) says why not.
 *
 * In order, so that a refused operation spends nothing it should not:
 *   1. an operation to run (operationName names one of the document's operations) → else OPERATION_RESOLUTION_FAILURE;
 *   2. subscriptions only over WebSocket → else BAD_USER_INPUT (400);
 *   3. query limits (depth, aliases, expanded size, cost; src/security/query-limits.ts) → else QUERY_TOO_COMPLEX;
 *   4. the grant: mutations need a read/write token → else FORBIDDEN (403);
 *   5. the per-application cost budget (src/security/app-budget.ts) → else RATE_LIMITED (429, Retry-After).
 *
 * Transport-specific checks stay with their transport: parsing and validation (Apollo / ws-server), the token's
 * expiry on a long-lived socket and the per-connection operation cap (ws-server).
 */
import { GraphQLError, getOperationAST, type DocumentNode, type OperationTypeNode } from 'graphql';
import type { AuthInfo } from '../auth/tokens.js';
import { queryLimits, type Config } from '../config/config.js';
import { GatewayError } from '../domain/errors.js';
import type { AppBudget, BudgetState } from '../security/app-budget.js';
import { enforceLimits, measureOperation } from '../security/query-limits.js';

export interface AdmissionDeps {
  config: Config;
  budget: AppBudget;
}

export interface AdmissionRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  auth: AuthInfo;
  transport: 'http' | 'ws';
}

export interface Admission {
  /** The operation's measured cost (fields × page sizes), spent from the application's budget. */
  cost: number;
  type: OperationTypeNode;
  /** The application's budget after this operation (for the RateLimit-* headers). */
  budget: BudgetState;
}

export async function admit(deps: AdmissionDeps, request: AdmissionRequest): Promise<Admission> {
  const operation = getOperationAST(request.document, request.operationName);
  if (!operation) {
    throw new GraphQLError("No operation to run: name one of the document's operations with operationName", {
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
    });
  }
  if (operation.operation === 'subscription' && request.transport === 'http') {
    throw new GatewayError(
      'BAD_USER_INPUT',
      'Subscriptions run over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on this same path, not over HTTP',
      { http: { status: 400 } },
    );
  }
  const measure = measureOperation(request.document, request.operationName, request.variables ?? {});
  enforceLimits(measure, queryLimits(deps.config));
  if (operation.operation === 'mutation' && request.auth.grant !== 'read_write') {
    throw new GatewayError('FORBIDDEN', 'This token is read-only: mutations need a read/write application', {
      http: { status: 403 },
    });
  }
  const budget = await deps.budget.spend(request.auth.clientId, measure.cost);
  return { cost: measure.cost, type: operation.operation, budget };
}
