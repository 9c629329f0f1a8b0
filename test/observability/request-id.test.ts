/**
 * Request ids and the per-operation log line: a client's X-Request-Id is echoed (or replaced when unsafe, or
 * generated), appears in every log line of the request and in `extensions.requestId` of errors; each operation
 * logs one structured line with its name, type, duration, carrier calls, cost and outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservedStack, type ObservedStack } from './stack.js';

let stack: ObservedStack;
beforeAll(async () => {
  stack = await startObservedStack();
});
afterAll(async () => stack?.close());

const PAGE = 'query FleetPage { products(first: 5) { edges { node { id simCard { imsi } } } } }';
const opLine = (requestId: string) =>
  stack.logs.find((l) => l.msg === 'graphql operation' && l.requestId === requestId);

describe('X-Request-Id', () => {
  it('echoes a client id and puts it on the operation log line with carrier calls, cost and outcome', async () => {
    const res = await stack.post({ query: PAGE }, { 'x-request-id': 'client-req.42:a_b' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('client-req.42:a_b');
    const body = (await res.json()) as { data: { products: { edges: unknown[] } } };
    expect(body.data.products.edges).toHaveLength(5);
    const line = opLine('client-req.42:a_b');
    expect(line).toMatchObject({
      operation: 'FleetPage',
      type: 'query',
      outcome: 'ok',
      tenantId: 'demo',
      transport: 'http',
      cost: 1 + 5 * (1 + 1 * (1 + 1 + (1 + 1))),
    });
    expect(line!.carrierCalls).toBeGreaterThanOrEqual(1);
    expect(line!.durationMs).toBeGreaterThan(0);
  });

  it('replaces an unsafe or overlong id with a generated one', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'quote"s', '']) {
      const res = await stack.post({ query: '{ backends { platform } }' }, { 'x-request-id': bad });
      const echoed = res.headers.get('x-request-id');
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
      expect(opLine(echoed!)).toMatchObject({ outcome: 'ok', carrierCalls: 0 });
    }
    const ok = await stack.post({ query: '{ backends { platform } }' }, { 'x-request-id': 'y'.repeat(128) });
    expect(ok.headers.get('x-request-id')).toBe('y'.repeat(128));
  });

  it('is in extensions.requestId of errors: GraphQL errors, refusals and authentication failures', async () => {
    const notFound = await stack.post({ query: '{ product(id: "not-an-id") { id } }' }, { 'x-request-id': 'err-1' });
    const nf = (await notFound.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(nf.errors[0]!.extensions).toMatchObject({ requestId: 'err-1' });
    expect(opLine('err-1')).toMatchObject({ outcome: expect.stringMatching(/error|partial/) });

    const unauth = await fetch(`${stack.url}/demo/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'err-2' },
      body: '{"query":"{ backends { platform } }"}',
    });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-request-id')).toBe('err-2');
    expect(
      ((await unauth.json()) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors[0]!.extensions,
    ).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'err-2' });

    const sub = await stack.post({ query: 'subscription { monitorsUpdated { id } }' }, { 'x-request-id': 'err-3' });
    expect(sub.status).toBe(400);
    expect(
      ((await sub.json()) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors[0]!.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', requestId: 'err-3' });
  });

  // Last: it leaves JASPER's circuit breaker open.
  it('is on every log line written while the request runs, whichever logger wrote it', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/JASPER', { errorRate: 1 });
    try {
      const before = stack.logs.length;
      for (let i = 0; i < 8 && !stack.logs.some((l) => l.msg === 'circuit breaker opened'); i++) {
        const res = await stack.post({ query: PAGE }, { 'x-request-id': `failing-${i}` });
        expect(((await res.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
      }
      // The platform client logs with the process logger, not the request's: the request scope tags it anyway.
      const opened = stack.logs.find((l) => l.msg === 'circuit breaker opened');
      expect(opened?.requestId).toMatch(/^failing-\d$/);
      expect(opLine(String(opened!.requestId))).toMatchObject({ outcome: expect.stringMatching(/^(error|partial)$/) });
      const untagged = stack.logs.slice(before).filter((l) => l.requestId === undefined);
      expect(untagged).toEqual([]);
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/JASPER');
    }
  });
});
