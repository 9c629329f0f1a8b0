/**
 * The sandbox admin API for all ten simulators, over HTTP: out-of-band changes with each platform's own status words
 * (seen afterwards through the platform's own API), products added and removed, minimal mode (a documented-optional
 * field absent in minimal mode, present otherwise), live settings validation and the fidelity labels of the manifest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

type Json = Record<string, unknown>;
let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox(PLATFORM_SIMULATORS, {
    fleetSize: 20,
    accountsPerPlatform: 2,
    rateLimits: false,
    seed: 'admin-test',
  });
});
afterAll(async () => sb?.close());

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const json = async (res: Response) => (await res.json()) as Json;

/**
 * A reader per platform: the product `key` of account `n` as that platform's API answers it (undefined when the
 * platform does not know it), and the status word the admin API uses for it.
 */
interface Reader {
  read(n: number, key: string): Promise<Json | undefined>;
  status(record: Json): string;
  /** A word to change to, and a field minimal mode leaves out that every record carries otherwise. */
  word: string;
  optional: string;
}

const tokenCache = new Map<string, string>();
async function token(code: string, n: number, get: () => Promise<string>): Promise<string> {
  const key = `${code}:${n}`;
  if (!tokenCache.has(key)) tokenCache.set(key, await get());
  return tokenCache.get(key)!;
}

const readers: Record<string, Reader> = {
  TMSP: {
    word: 'Suspended',
    optional: 'relatedParty',
    status: (r) => String(r.status),
    async read(n, key) {
      const c = sb.account(n, 'TMSP').credentials;
      const t = await token('TMSP', n, async () =>
        String(
          (
            await json(
              await fetch(c.tokenUrl!, {
                method: 'POST',
                headers: { authorization: basic(c.clientId!, c.clientSecret!) },
                body: new URLSearchParams({ grant_type: 'client_credentials' }),
              }),
            )
          ).access_token,
        ),
      );
      const res = await fetch(`${sb.url('TMSP')}/iot/connectivity/management/v1/partners/${c.partnerId}/sims/${key}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      return res.status === 404 ? undefined : json(res);
    },
  },
  ...Object.fromEntries(
    (['TMUS', 'JASPER'] as const).map((code) => [
      code,
      {
        word: 'PURGED',
        optional: 'customer',
        status: (r: Json) => String(r.status),
        async read(n: number, key: string) {
          const c = sb.account(n, code).credentials;
          const res = await fetch(`${sb.url(code)}/rws/api/v1/devices/${key}`, {
            headers: { authorization: basic(c.username!, c.apiKey!) },
          });
          return res.status === 404 ? undefined : json(res);
        },
      } satisfies Reader,
    ]),
  ),
  IOTA: {
    word: 'OPERATOR_BLOCKED',
    optional: 'detectedImei',
    status: (r) => String(r.state),
    async read(n, key) {
      const c = sb.account(n, 'IOTA').credentials;
      const t = await token('IOTA', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('IOTA')}/iot/api/auth/token`, {
                method: 'POST',
                body: new URLSearchParams({
                  grant_type: 'password',
                  client_id: c.clientId!,
                  username: c.username!,
                  password: c.password!,
                }),
              }),
            )
          ).access_token,
        ),
      );
      const res = await fetch(`${sb.url('IOTA')}/iot/api/subscriptions/details`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identifierType: 'ICC', identifierValues: [key] }),
      });
      return ((await json(res)).subscriptions as Json[])[0];
    },
  },
  INTELSAT: {
    word: 'active/offline',
    optional: 'position',
    status: (r) => `${(r.contract as Json).status}/${r.terminalStatus}`,
    async read(n, key) {
      const c = sb.account(n, 'INTELSAT').credentials;
      const t = await token('INTELSAT', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('INTELSAT')}/oauth/token`, {
                method: 'POST',
                headers: { authorization: basic(c.clientId!, c.clientSecret!) },
                body: new URLSearchParams({ grant_type: 'client_credentials' }),
              }),
            )
          ).access_token,
        ),
      );
      const res = await fetch(`${sb.url('INTELSAT')}/api/v2/terminals/${key}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      return res.status === 404 ? undefined : json(res);
    },
  },
  AIRLINQ: {
    word: 'BLOCKED',
    optional: 'rat',
    status: (r) => String(r.state),
    async read(n, key) {
      const c = sb.account(n, 'AIRLINQ').credentials;
      const t = await token('AIRLINQ', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('AIRLINQ')}/gcapi/auth`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ username: c.username, password: c.password }),
              }),
            )
          ).token,
        ),
      );
      const res = await fetch(`${sb.url('AIRLINQ')}/gcapi/device/list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ start: 0, length: 1, iccid: key }),
      });
      return ((await json(res)).data as Json[])[0];
    },
  },
  '1NCE': {
    word: 'Disabled',
    optional: 'label',
    status: (r) => String(r.status),
    async read(n, key) {
      const c = sb.account(n, '1NCE').credentials;
      const t = await token('1NCE', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('1NCE')}/management-api/oauth/token`, {
                method: 'POST',
                headers: { authorization: basic(c.username!, c.password!), 'content-type': 'application/json' },
                body: JSON.stringify({ grant_type: 'client_credentials' }),
              }),
            )
          ).access_token,
        ),
      );
      const res = await fetch(`${sb.url('1NCE')}/management-api/v1/sims/${key}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      return res.status === 404 ? undefined : json(res);
    },
  },
  STC: {
    word: 'DEACTIVATED',
    optional: 'imei',
    status: (r) => String(r.status),
    async read(n, key) {
      const c = sb.account(n, 'STC').credentials;
      const t = await token('STC', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('STC')}/connectme/api/v1/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ username: c.username, password: c.password }),
              }),
            )
          ).accessToken,
        ),
      );
      const res = await fetch(`${sb.url('STC')}/connectme/api/v1/sims/${key}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      return res.status === 404 ? undefined : json(res);
    },
  },
  TURKCELL: {
    word: 'a+barred',
    optional: 'imei',
    status: (r) => {
      const barring = Object.values(r.barring as Record<string, string>);
      return r.contractStatus === 'd'
        ? 'd'
        : barring.every((v) => v === '1')
          ? 'a+barred'
          : barring.every((v) => v === '0')
            ? 'a'
            : 'a (partly barred)';
    },
    async read(n, key) {
      const c = sb.account(n, 'TURKCELL').credentials;
      const res = await fetch(`${sb.url('TURKCELL')}/tcell/m2m/v1/lines/${key}`, {
        headers: { 'x-customer-no': c.customerNo!, 'x-api-key': c.apiKey! },
      });
      return res.status === 404 ? undefined : ((await json(res)).line as Json);
    },
  },
  GALAXY1: {
    word: 'BARRED',
    optional: 'location',
    status: (r) => String(r.lifecycleState),
    async read(n, key) {
      const c = sb.account(n, 'GALAXY1').credentials;
      const t = await token('GALAXY1', n, async () =>
        String(
          (
            await json(
              await fetch(`${sb.url('GALAXY1')}/galaxy/auth/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ clientId: c.clientId, clientSecret: c.clientSecret }),
              }),
            )
          ).token,
        ),
      );
      const res = await fetch(`${sb.url('GALAXY1')}/galaxy/v1/terminals/${key}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      return res.status === 404 ? undefined : json(res);
    },
  },
};

const CODES = PLATFORM_SIMULATORS.map((p) => p.code);

describe('out-of-band changes, adds and removes', () => {
  it('covers all ten platforms', () => {
    expect(Object.keys(readers).sort()).toEqual([...CODES].sort());
  });

  it.each(CODES)('%s: adds products, changes one with its own status word, removes one', async (code) => {
    const r = readers[code]!;
    const account = sb.account(2, code);
    const sizeOf = async () =>
      (
        (await json(await sb.admin('GET', '/admin/manifest'))).platforms as Array<{
          code: string;
          accounts: Array<{ id: string; size: number }>;
        }>
      ).find((p) => p.code === code)!.accounts[1]!.size;
    const before = await sizeOf();

    const added = await sb.admin('POST', `/admin/platforms/${code}/products`, { count: 2, account: account.id });
    expect(added.status).toBe(201);
    const { account: addedTo, keys } = (await added.json()) as { account: string; keys: string[] };
    expect(addedTo).toBe(account.id);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(await sizeOf()).toBe(before + 2);
    expect(await r.read(2, keys[0]!)).toBeDefined();

    const changed = await sb.admin('POST', `/admin/platforms/${code}/changes`, { key: keys[0], status: r.word });
    expect(changed.status).toBe(200);
    expect(r.status(await json(changed))).toBe(r.word);
    expect(r.status((await r.read(2, keys[0]!))!)).toBe(r.word);

    // The account, when named, must hold the key.
    const wrongAccount = await sb.admin('POST', `/admin/platforms/${code}/changes`, {
      key: keys[0],
      status: r.word,
      account: sb.account(1, code).id,
    });
    expect(wrongAccount.status).toBe(404);

    const removed = await sb.admin('DELETE', `/admin/platforms/${code}/products/${keys[1]}`);
    expect(removed.status).toBe(204);
    expect(await r.read(2, keys[1]!)).toBeUndefined();
    expect(await sizeOf()).toBe(before + 1);
    expect((await sb.admin('DELETE', `/admin/platforms/${code}/products/${keys[1]}`)).status).toBe(404);
    expect((await sb.admin('POST', `/admin/platforms/${code}/changes`, { key: keys[1], status: r.word })).status).toBe(
      404,
    );
  });

  it.each(CODES)(
    '%s: refuses a status word it does not use, listing the ones it does, and unknown keys',
    async (code) => {
      const bad = await sb.admin('POST', `/admin/platforms/${code}/changes`, {
        key: '8900000000000000000',
        status: 'NOT-A-WORD',
      });
      expect(bad.status).toBe(400);
      const { error } = (await bad.json()) as { error: string };
      expect(error).toContain('NOT-A-WORD');
      expect(error).toContain(readers[code]!.word);
      const unknown = await sb.admin('POST', `/admin/platforms/${code}/changes`, {
        key: '8900000000000000000',
        status: readers[code]!.word,
      });
      expect(unknown.status).toBe(404);
      expect((await sb.admin('DELETE', `/admin/platforms/${code}/products/8900000000000000000`)).status).toBe(404);
    },
  );

  it('validates admin requests: missing fields, counts, unknown platforms and accounts, malformed JSON', async () => {
    expect((await sb.admin('POST', '/admin/platforms/TMSP/changes', { status: 'Suspended' })).status).toBe(400);
    expect((await sb.admin('POST', '/admin/platforms/TMSP/products', { count: 0 })).status).toBe(400);
    expect((await sb.admin('POST', '/admin/platforms/TMSP/products', { count: 1.5 })).status).toBe(400);
    expect((await sb.admin('POST', '/admin/platforms/TMSP/products', { count: 1, account: 'nobody' })).status).toBe(
      404,
    );
    expect((await sb.admin('POST', '/admin/platforms/ACME/products', { count: 1 })).status).toBe(404);
    const malformed = await fetch(`${sb.sandbox.adminUrl}/admin/platforms/TMSP/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"key":',
    });
    expect(malformed.status).toBe(400);
    // Without an account, products go to the first one.
    const added = (await json(await sb.admin('POST', '/admin/platforms/STC/products', { count: 1 }))) as {
      account: string;
    };
    expect(added.account).toBe(sb.account(1, 'STC').id);
  });

  it('Intelsat and Turkcell words set both parts of their two-part status', async () => {
    const serial = (
      (await json(await sb.admin('POST', '/admin/platforms/INTELSAT/products', { count: 1 }))).keys as string[]
    )[0]!;
    for (const [word, shown] of [
      ['suspended', 'suspended/suspended'],
      ['active', 'active/online'],
      ['ended', 'ended/offline'],
    ]) {
      expect(
        readers.INTELSAT!.status(
          await json(await sb.admin('POST', '/admin/platforms/INTELSAT/changes', { key: serial, status: word })),
        ),
      ).toBe(shown);
    }
    const iccid = (
      (await json(await sb.admin('POST', '/admin/platforms/TURKCELL/products', { count: 1 }))).keys as string[]
    )[0]!;
    for (const word of ['a+barred', 'a', 'd']) {
      const line = await json(
        await sb.admin('POST', '/admin/platforms/TURKCELL/changes', { key: iccid, status: word }),
      );
      expect(readers.TURKCELL!.status(line)).toBe(word);
    }
  });
});

describe('minimal mode', () => {
  it.each(CODES)('%s: leaves out a documented-optional field in minimal mode only', async (code) => {
    const r = readers[code]!;
    const key = (
      (
        await json(
          await sb.admin('POST', `/admin/platforms/${code}/products`, { count: 1, account: sb.account(1, code).id }),
        )
      ).keys as string[]
    )[0]!;
    expect(Object.keys((await r.read(1, key))!)).toContain(r.optional);
    const on = await sb.admin('PUT', `/admin/settings/${code}`, { minimal: true });
    expect(await on.json()).toMatchObject({ minimal: true });
    try {
      const record = (await r.read(1, key))!;
      expect(Object.keys(record)).not.toContain(r.optional);
      expect(r.status(record)).toBeTruthy(); // the product itself is still there
    } finally {
      expect((await sb.admin('PUT', `/admin/settings/${code}`, { minimal: false })).status).toBe(200);
    }
    expect(Object.keys((await r.read(1, key))!)).toContain(r.optional);
  });

  it('validates settings and keeps the other one when one is changed', async () => {
    expect((await sb.admin('PUT', '/admin/settings/STC', { minimal: 'yes' })).status).toBe(400);
    expect((await sb.admin('PUT', '/admin/settings/STC', { slow: true })).status).toBe(400);
    expect((await sb.admin('PUT', '/admin/settings/STC', {})).status).toBe(400);
    expect(await json(await sb.admin('PUT', '/admin/settings/STC', { asyncDelayMs: 250 }))).toEqual({
      asyncDelayMs: 250,
      minimal: false,
    });
    expect(await json(await sb.admin('PUT', '/admin/settings/STC', { minimal: true }))).toEqual({
      asyncDelayMs: 250,
      minimal: true,
    });
    expect(((await json(await sb.admin('GET', '/admin/settings'))).STC as Json).minimal).toBe(true);
    await sb.admin('PUT', '/admin/settings/STC', { minimal: false });
  });
});

describe('manifest', () => {
  it('labels each simulator with its fidelity', async () => {
    const manifest = (await json(await sb.admin('GET', '/admin/manifest'))) as {
      platforms: Array<{ code: string; fidelity: string }>;
    };
    expect(Object.fromEntries(manifest.platforms.map((p) => [p.code, p.fidelity]))).toEqual({
      TMSP: 'partly-public',
      TMUS: 'community-spec',
      JASPER: 'community-spec',
      IOTA: 'official-spec',
      INTELSAT: 'designed',
      AIRLINQ: 'partly-public',
      '1NCE': 'official-spec',
      STC: 'designed',
      TURKCELL: 'designed',
      GALAXY1: 'designed',
    });
  });
});
