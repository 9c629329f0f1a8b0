/**
 * Signed, validated cursors (issue 16, finding 2). Product list cursors are sealed with the deployment's key: an
 * unsigned, edited, oversized or foreign cursor is BAD_USER_INPUT, and so is a correctly sealed cursor (as if the
 * key had leaked) whose positions no platform produces — and none of them makes a single carrier call (counted by
 * the sandbox), so forged cursors cannot trip the tenant's circuit breakers. (Live paging: the inventory's keyset
 * cursors are the inventory's.)
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { galaxy1Simulator } from '../../sandbox/simulators/galaxy1/index.js';
import { CursorSeal, MAX_CURSOR_BYTES } from '../../src/security/cursor-seal.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let seal: CursorSeal;
/** A real cursor of the unfiltered list after 3 items, and its payload. */
let cursor: string;
let payload: { v: number; f: string; a: Record<string, [string | null, number, number]> };

const LIST =
  'query($after: String) { products(first: 3, after: $after, consistency: LIVE) { edges { node { id platform } } pageInfo { endCursor hasNextPage } } }';

async function carrierCalls(): Promise<number> {
  return Object.values(await stack.sandbox.counts()).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  stack = await startStack(
    [
      { code: 'TMUS', factory: ciscoSimulator },
      { code: 'GALAXY1', factory: galaxy1Simulator },
    ],
    { fleetSize: 30 },
  );
  seal = stack.gateway.gateway.deps.cursors;
  const first = await stack.query(LIST);
  cursor = (first.data as { products: { pageInfo: { endCursor: string } } }).products.pageInfo.endCursor;
  payload = JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as typeof payload;
});
afterAll(async () => stack?.close());

/** Sends `after` and expects BAD_USER_INPUT with no carrier call at all. */
async function refused(after: string, message?: RegExp): Promise<void> {
  const before = await carrierCalls();
  const res = await stack.query(LIST, { after });
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
  if (message) expect(res.errors?.[0]?.message).toMatch(message);
  expect(res.data).toBeNull();
  expect(await carrierCalls()).toBe(before);
}

const withPositions = (a: Record<string, [unknown, unknown, unknown]>) => seal.seal({ ...payload, a }, 'products');

describe('product list cursors', () => {
  it('page on when they are the gateway’s own', async () => {
    const next = await stack.query(LIST, { after: cursor });
    expect(next.errors).toBeUndefined();
    expect((next.data as { products: { edges: unknown[] } }).products.edges).toHaveLength(3);
    expect(Object.keys(payload.a)).toHaveLength(2); // one position per account: TMUS and GALAXY1
  });

  it('are refused unsigned (the old base64url JSON form), edited, or sealed by another deployment', async () => {
    const forged = Object.fromEntries(Object.keys(payload.a).map((id) => [id, ['abc', 0, 0]]));
    await refused(Buffer.from(JSON.stringify({ ...payload, a: forged })).toString('base64url'));
    const [, tag] = cursor.split('.');
    await refused(`${Buffer.from(JSON.stringify({ ...payload, a: forged })).toString('base64url')}.${tag}`);
    await refused(new CursorSeal(randomBytes(32)).seal(payload, 'products'));
    await refused(seal.seal(payload, 'inventory')); // sealed for another purpose
  });

  it('are refused over 4 KiB before anything is decoded', async () => {
    await refused('a'.repeat(900_000), new RegExp(`limit ${MAX_CURSOR_BYTES} bytes`));
    await refused(`${cursor}${'A'.repeat(MAX_CURSOR_BYTES)}`, /limit 4096 bytes/);
  });

  it('are refused, even correctly sealed, when a position is not what its platform produces', async () => {
    const accounts = await stack.gateway.gateway.deps.tenants.listAccounts('demo');
    const tmusId = accounts.find((a) => a.platform === 'TMUS')!.id;
    const galaxyId = accounts.find((a) => a.platform === 'GALAXY1')!.id;
    expect(Object.keys(payload.a).sort()).toEqual([tmusId, galaxyId].sort());
    const at = (id: string, position: [unknown, unknown, unknown]) => withPositions({ ...payload.a, [id]: position });
    for (const page of ['abc', '-1', '0', '99999999', '1e3', ' 2', 'x'.repeat(300)]) {
      await refused(at(tmusId, [page, 0, 0]), /list position|page position/);
    }
    await refused(at(galaxyId, ['not a token!', 0, 0]), /list position/);
    await refused(at(galaxyId, ['x'.repeat(257), 0, 0]), /list position/);
    await refused(at(tmusId, [null, 1e9, 0]), /skip must be an integer from 0 to 1000/);
    await refused(at(tmusId, [null, -1, 0]), /skip/);
    await refused(at(tmusId, [null, 1.5, 0]), /skip/);
    await refused(
      withPositions({ ...payload.a, 'acct-of-someone-else': [null, 0, 0] }),
      /account this list does not cover/,
    );
  });

  it('leave the tenant able to write after many forged cursors (no breaker opened)', async () => {
    for (let i = 0; i < 8; i++)
      await refused(withPositions(Object.fromEntries(Object.keys(payload.a).map((id) => [id, ['99999999', 0, 0]]))));
    const ids = (
      await stack.query(
        '{ products(first: 30, filter: { platforms: [TMUS], statuses: [ACTIVE] }, consistency: LIVE) { edges { node { id } } } }',
      )
    ).data as { products: { edges: Array<{ node: { id: string } }> } };
    const res = await stack.query(
      'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }',
      { id: ids.products.edges[0]!.node.id },
    );
    expect(res.errors).toBeUndefined();
  });
});
