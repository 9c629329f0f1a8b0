/**
 * The one admission decision (src/admission/admit.ts) on its own: what it refuses, in which order, and that a refused
 * operation spends nothing from the application's budget. The HTTP and WebSocket paths that call it are covered by
 * test/server.test.ts, test/security/ and test/gateway/subscriptions.test.ts.
 */
import { parse, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { admit } from '../src/admission/admit.js';
import type { AuthInfo } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config/config.js';
import { GatewayError } from '../src/domain/errors.js';
import { AppBudget } from '../src/security/app-budget.js';

const config = loadConfig({ QUERY_MAX_DEPTH: '3' } as NodeJS.ProcessEnv);
const auth = (grant: AuthInfo['grant'], clientId = `app-${Math.random()}`): AuthInfo => ({
  clientId,
  tenants: ['t'],
  grant,
  expiresAt: Date.now() / 1000 + 60,
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; extensions: Record<string, unknown> }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return { code: (err as GatewayError).code, extensions: (err as GatewayError).extensions };
}

describe('admit', () => {
  it('lets a query run, spends its cost and says what is left of the budget', async () => {
    const budget = new AppBudget(100, 60);
    const a = auth('read');
    const admission = await admit(
      { config, budget },
      { document: parse('{ backends { platform system } }'), auth: a, transport: 'http' },
    );
    expect(admission).toMatchObject({ cost: 3, type: 'query', budget: { limit: 100, remaining: 97 } });
    expect(admission.budget.resetSeconds).toBeGreaterThan(0);
    const again = await admit(
      { config, budget },
      { document: parse('{ backends { platform } }'), auth: a, transport: 'ws' },
    );
    expect(again.budget.remaining).toBe(95);
  });

  it('refuses subscriptions over HTTP but admits them over WebSocket', async () => {
    const budget = new AppBudget(100, 60);
    const document = parse('subscription { monitorsUpdated { id } }');
    expect((await refusal(admit({ config, budget }, { document, auth: auth('read'), transport: 'http' }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await admit({ config, budget }, { document, auth: auth('read'), transport: 'ws' })).type).toBe(
      'subscription',
    );
  });

  it('refuses a read-only mutation and an over-limit query without spending the budget', async () => {
    const budget = new AppBudget(10, 60);
    const a = auth('read');
    const mutation = parse('mutation { cancelMonitor(id: "m") { id } }');
    expect((await refusal(admit({ config, budget }, { document: mutation, auth: a, transport: 'http' }))).code).toBe(
      'FORBIDDEN',
    );
    const deep = parse('{ products { edges { node { simCard { imsi } } } } }');
    const tooDeep = await refusal(admit({ config, budget }, { document: deep, auth: a, transport: 'ws' }));
    expect(tooDeep).toMatchObject({ code: 'QUERY_TOO_COMPLEX', extensions: { measure: 'depth', limit: 3 } });
    expect(
      (await admit({ config, budget }, { document: parse('{ backends { platform } }'), auth: a, transport: 'http' }))
        .budget.remaining,
    ).toBe(8);
  });

  it('answers RATE_LIMITED with Retry-After and RateLimit headers once the budget is spent', async () => {
    const budget = new AppBudget(5, 60);
    const a = auth('read_write');
    const document = parse('{ backends { platform system } }'); // cost 3
    await admit({ config, budget }, { document, auth: a, transport: 'http' });
    const limited = await refusal(admit({ config, budget }, { document, auth: a, transport: 'http' }));
    expect(limited.code).toBe('RATE_LIMITED');
    const headers = (limited.extensions.http as { status: number; headers: Map<string, string> }).headers;
    expect(Object.fromEntries(headers)).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '0' });
    expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a document whose operationName names no operation', async () => {
    const document = parse('query A { backends { platform } } query B { backends { system } }');
    const err = await admit(
      { config, budget: new AppBudget(100, 60) },
      { document, operationName: 'C', auth: auth('read'), transport: 'ws' },
    ).catch((e: unknown) => e);
    expect((err as GraphQLError).extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });
});
