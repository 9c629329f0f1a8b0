/**
 * One structured log line per GraphQL operation ("graphql operation"), the same for HTTP and WebSocket: its name,
 * type, duration in ms, the carrier calls it made, its cost and its outcome — `ok` (no errors), `partial` (data with
 * errors beside it, e.g. one platform failed) or `error` (no data). The line carries requestId and tenantId.
 * The same figures go on the operation's span, which this ends.
 */
import type { GatewayContext } from '../context.js';
import { requestScope } from './request-scope.js';
import { endOperationSpan } from './tracing.js';

export type OperationOutcome = 'ok' | 'partial' | 'error';

export function operationOutcome(
  result: { data?: unknown; errors?: readonly unknown[] | null },
  partialErrors = 0,
): OperationOutcome {
  if (result.data === undefined || result.data === null) return result.errors?.length || partialErrors ? 'error' : 'ok';
  return result.errors?.length || partialErrors ? 'partial' : 'ok';
}

export interface OperationLogEntry {
  name: string | null | undefined;
  type: string | undefined;
  /** process.hrtime.bigint() when the operation started. */
  started: bigint;
  outcome: OperationOutcome;
}

export function logOperation(context: GatewayContext, entry: OperationLogEntry): void {
  const durationMs = Math.round(Number(process.hrtime.bigint() - entry.started) / 1e4) / 100;
  const line = {
    operation: entry.name ?? 'anonymous',
    type: entry.type ?? 'unknown',
    durationMs,
    carrierCalls: context.scope.carrierCalls,
    cost: context.admission?.cost ?? null,
    outcome: entry.outcome,
  };
  // Logged inside the request's scope so the line carries its requestId (see logging.ts).
  requestScope.run(context.scope, () => context.logger.info(line, 'graphql operation'));
  endOperationSpan(context.scope.span, {
    name: entry.name,
    type: entry.type,
    outcome: entry.outcome,
    cost: line.cost,
    carrierCalls: line.carrierCalls,
    requestId: context.requestId,
  });
}
