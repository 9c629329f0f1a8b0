/**
 * The adapter kit on its own: credential checks that name what is missing, look-ups aligned to their keys with the
 * `maxBatch` derived from the calls, error bodies read where the platform keeps its message, and status words.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/datasources/errors.js';
import {
  alignToKeys,
  describeBy,
  lookups,
  multiId,
  perKey,
  requireCredentials,
  statusWords,
} from '../../src/datasources/kit/index.js';
import { MODULES } from '../../src/datasources/registry.js';
import type { ProductRecord } from '../../src/domain/model.js';
import type { PlatformAccount } from '../../src/store/tenants.js';

const account = (credentials: Record<string, string>): PlatformAccount => ({
  id: 'acc-1',
  tenantId: 't',
  platform: 'STC',
  name: 'Fleet A',
  backendAccountId: 'b',
  baseUrl: 'http://127.0.0.1:1',
  credentials,
});

describe('requireCredentials', () => {
  it('returns the fields when they are all there', () => {
    expect(
      requireCredentials(account({ username: 'u', password: 'p', extra: 'x' }), ['username', 'password']),
    ).toMatchObject({ username: 'u', password: 'p', extra: 'x' });
  });

  it('raises BACKEND_UNAVAILABLE naming the platform, the account and every missing field, never a value', () => {
    let error: unknown;
    try {
      requireCredentials(account({ username: 'secret-user', password: '' }), ['username', 'password', 'apiKey']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      platform: 'STC',
      message: 'STC account Fleet A lacks the credentials password, apiKey',
    });
    expect((error as Error).message).not.toContain('secret-user');
  });
});

describe('look-ups', () => {
  it('aligns a batch’s answers to its keys, null where the platform has none', () => {
    const items = [
      { id: 'c', v: 3 },
      { id: 'a', v: 1 },
    ];
    expect(alignToKeys(['a', 'b', 'c'], items, (i) => i.id)).toEqual([{ id: 'a', v: 1 }, null, { id: 'c', v: 3 }]);
  });

  it('derives maxBatch from the calls and offers only the look-ups given', async () => {
    const calls: string[][] = [];
    const byId = multiId(
      250,
      async (keys) => {
        calls.push([...keys]);
        return keys.filter((k) => k !== 'missing').map((k) => ({ key: k }));
      },
      (r) => r.key,
    );
    const product = (r: { key: string }) => ({ key: r.key }) as ProductRecord;
    const set = lookups({
      products: byId.map(product),
      usage: perKey(async (key) => (key === 'missing' ? null : { buckets: [] })),
    });
    expect(set.maxBatch).toEqual({ products: 250, simCards: 1, terminals: 1, dataConnectivity: 1, usage: 1 });
    expect('simCards' in set).toBe(false);
    expect(await set.products(['x', 'missing', 'y'])).toEqual([{ key: 'x' }, null, { key: 'y' }]);
    expect(calls).toEqual([['x', 'missing', 'y']]);
    expect(await set.usage!(['missing', 'z'], () => undefined)).toEqual([null, { buckets: [] }]);
  });
});

describe('describeBy', () => {
  it('reads the message and code where the platform keeps them, falling back to the HTTP status', () => {
    const describe = describeBy({ message: ['detail', 'title'], code: 'fault.code' });
    expect(describe(400, { title: 'Bad Request', fault: { code: 'E1' } })).toEqual({
      message: 'Bad Request',
      code: 'E1',
    });
    expect(describe(409, { detail: 'in use', title: 'Conflict' })).toEqual({ message: 'in use', code: undefined });
    expect(describe(500, 'not json')).toEqual({ message: 'HTTP 500', code: undefined });
  });
});

describe('statusWords', () => {
  it('translates native words and names the word to send, refusing a status the platform has no word for', () => {
    const words = statusWords('AIRLINQ', MODULES.AIRLINQ.statuses);
    expect(words.normalize('SUSPEND')).toBe('SUSPENDED');
    expect(words.normalize(null)).toBe('UNKNOWN');
    expect(words.target('BLOCKED')).toBe('BLOCKED');
    expect(() => words.target('TERMINATED')).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', platform: 'AIRLINQ' }),
    );
  });
});
