/**
 * The platform rate limits serve interactive calls first: a background (inventory sync) call waits while any
 * interactive call waits, and background calls never use more than their share of the platform's rate.
 */
import { describe, expect, it } from 'vitest';
import { inBackground } from '../../src/datasources/kit/priority.js';
import { PriorityRateLimit, SpacedRateLimit } from '../../src/datasources/kit/rate-limit.js';

const limitOf = (perSecond: number, share: number) =>
  new PriorityRateLimit(
    new SpacedRateLimit(`t-${Math.random()}`, perSecond),
    new SpacedRateLimit(`t-${Math.random()}:bg`, perSecond * share),
  );

describe('priority of interactive calls over the sync', () => {
  it('grants every waiting interactive call before the background calls queued ahead of it', async () => {
    const limit = limitOf(20, 0.5);
    const order: string[] = [];
    const background = Array.from({ length: 6 }, (_, i) =>
      inBackground(() => limit.acquire(Number.MAX_SAFE_INTEGER)).then(() => order.push(`b${i}`)),
    );
    await new Promise((r) => setTimeout(r, 30)); // the sync is already waiting
    const interactive = Array.from({ length: 4 }, (_, i) =>
      limit.acquire(Date.now() + 5_000).then(() => order.push(`i${i}`)),
    );
    await Promise.all([...background, ...interactive]);
    const lastInteractive = Math.max(...order.map((o, i) => (o.startsWith('i') ? i : -1)));
    // Only background calls already admitted past the queue (one per background slot, two on a loaded machine) may
    // come before the interactive ones; the other four wait for every interactive call.
    expect(order.slice(0, lastInteractive + 1).filter((o) => o.startsWith('b')).length).toBeLessThanOrEqual(2);
  });

  it('holds background calls to their share of the rate', async () => {
    const limit = limitOf(20, 0.25); // 5 background calls per second
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => inBackground(() => limit.acquire(Number.MAX_SAFE_INTEGER))));
    // Six calls at five per second need five slot intervals (about 0.8 to 1 s); at the full rate, 0.25 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});
