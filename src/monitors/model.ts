/**
 * The monitor model: what a monitor is (its overall state, one response per product, the errors, and the platform
 * operations it follows), shared by the store beneath it, the service that creates, reads and cancels monitors, and
 * the tracker that drives them to their end. Types only, plus the list of final states.
 */
import type { OperationRef } from '../datasources/adapter.js';
import type { PlatformCode } from '../datasources/registry.js';
import type { ErrorCode } from '../domain/errors.js';
import type { MonitorOperation, ProductStatus } from '../domain/vocabulary.js';

export type MonitorStateValue = 'IN_PROGRESS' | 'DONE' | 'PARTIALLY_FAILED' | 'FAILED' | 'CANCELLED';
export type ResponseState = 'IN_PROGRESS' | 'DONE' | 'FAILED' | 'CANCELLED';

export interface MonitorResponse {
  productId: string | null;
  platform: PlatformCode;
  state: ResponseState;
  statusCode: number | null;
  message: string | null;
  body: unknown;
}

export interface MonitorError {
  productId: string | null;
  platform: PlatformCode | null;
  code: ErrorCode;
  message: string;
}

/**
 * One platform operation a monitor follows. `phase` says where it stands: `pending` (not sent yet), `sending` (a
 * process began sending it: if that process died, whether the platform applied it is unknown, and it is never sent
 * again), `accepted` (the platform took it; poll `ref`), `finished`.
 */
export interface TrackedPart {
  accountId: string;
  platform: PlatformCode;
  keys: string[];
  phase: 'pending' | 'sending' | 'accepted' | 'finished';
  ref?: OperationRef;
  /** What the part does: a status change (to `target`), a terminal status change, or characteristics. */
  kind: 'SIM_STATUS' | 'TERMINAL_STATUS' | 'CHARACTERISTICS';
  target?: ProductStatus;
  characteristics?: Record<string, string | null>;
  /** Normalized status of each key before the change, for status events. */
  previous?: Record<string, ProductStatus>;
  cancellable?: boolean;
  /**
   * A batch part not yet resolved: its keys (all of one platform) still have to be looked up, checked against the
   * transition table, given their custom properties and split per platform account into sendable parts.
   */
  unresolved?: boolean;
  /** Custom properties a batch sets on each product of the part. */
  customProperties?: Array<{ name: string; value: string }>;
  /** Read-backs made of a part found in phase `sending` (monitors/tracker.ts, `reconcile`). */
  reconcileReads?: number;
}

export interface MonitorRecord {
  id: string;
  tenantId: string;
  applicationId: string | null;
  state: MonitorStateValue;
  sourceId: string | null;
  operation: MonitorOperation;
  request: unknown;
  responses: MonitorResponse[];
  errors: MonitorError[];
  tracking: TrackedPart[];
  cancellable: boolean;
  correlationId: string;
  createdAt: Date;
  updatedAt: Date;
  pollAttempts: number;
}

export const FINAL_STATES: readonly MonitorStateValue[] = ['DONE', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED'];
