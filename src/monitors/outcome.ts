/** How a monitor's overall state follows from its per-product responses. */
import type { MonitorResponse, MonitorStateValue } from './model.js';

export function overallState(responses: readonly MonitorResponse[]): MonitorStateValue {
  if (responses.some((r) => r.state === 'IN_PROGRESS')) return 'IN_PROGRESS';
  const done = responses.filter((r) => r.state === 'DONE').length;
  const cancelled = responses.filter((r) => r.state === 'CANCELLED').length;
  if (responses.length && cancelled === responses.length) return 'CANCELLED';
  if (done === responses.length) return 'DONE';
  if (done === 0) return 'FAILED';
  return 'PARTIALLY_FAILED';
}

/** Next poll delay: quick at first, then backing off to 10 s. */
export function pollDelayMs(attempt: number): number {
  return Math.min(10_000, 250 * 2 ** Math.min(attempt, 6));
}
