/**
 * The 1NCE simulator over real HTTP, checked against the official 1NCE OpenAPI documents (shared/specs): every
 * request it is sent and every response it gives — status code, body schema, documented headers — is validated
 * with ajv, for each endpoint implemented (auth, v1, v2). Plus the behaviour the platform documents: token auth,
 * paging, synchronous PUT, queued bulk POST, refusal of expired SIMs, 10 requests/s per organization, faults and
 * determinism.
 *
 * The sandbox runs on a test clock (mid-June 2026, moving with real time plus `advance()`): each paced call
 * advances it 100 ms, so the 10/s limit is honoured without sleeping, and usage growth is shown by moving time on.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../sandbox/core/identifiers.js';
import { generateSim } from '../../sandbox/simulators/onence/fleet.js';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { readSpec, specsDir } from '../helpers/specs.js';

// ---------------------------------------------------------------------------------------------------------------
// The specifications, as JSON Schema for ajv
// ---------------------------------------------------------------------------------------------------------------

type JsonObject = { [key: string]: unknown };
type DocName = 'auth' | 'v1' | 'v2';
/** Every test here validates against the specifications: the file is skipped without them (SPECS_DIR). */
const specs = specsDir();
const describeSpecs = describe.skipIf(!specs);
const load = (file: string) => JSON.parse(readSpec(specs!, file)) as JsonObject;
const docs: Record<DocName, JsonObject> = specs
  ? {
      auth: load('1nce-authorization.openapi.json'),
      v1: load('1nce-sim-management.openapi.json'),
      v2: load('1nce-sim-management-v2.openapi.json'),
    }
  : { auth: {}, v1: {}, v2: {} };
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as JsonObject) : {});

/**
 * OpenAPI 3.0 schema → JSON Schema (draft-07): component refs point into per-document definitions, `nullable`
 * becomes a type union, boolean exclusiveMinimum/Maximum become numbers, annotations ajv does not know are dropped.
 */
function toJsonSchema(node: unknown, doc: DocName): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, doc));
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (['example', 'examples', 'deprecated', 'xml', 'externalDocs'].includes(k) || k.startsWith('x-')) continue;
    out[k] =
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', `${doc}#/definitions/`)
        : toJsonSchema(v, doc);
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under Node's ESM interop its plugin is the module's default export.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => void;
addFormats(ajv);
for (const name of specs ? (Object.keys(docs) as DocName[]) : []) {
  ajv.addSchema({ $id: name, definitions: toJsonSchema(obj(obj(docs[name].components).schemas), name) as JsonObject });
}
const compiled = new Map<unknown, ValidateFunction>();
const compile = (schema: unknown, doc: DocName) => {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(toJsonSchema(schema, doc) as JsonObject));
  return compiled.get(schema)!;
};
const check = (validate: ValidateFunction, value: unknown, what: string) => {
  expect(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`).toBe(true);
};

const operation = (doc: DocName, path: string, method: string) => {
  const op = obj(obj(obj(docs[doc].paths)[path])[method]);
  if (!op.responses) throw new Error(`${doc} has no ${method.toUpperCase()} ${path}`);
  return op;
};
/** A response object, following `#/components/responses/…` references. */
const responseOf = (doc: DocName, op: JsonObject, status: number) => {
  let r = obj(obj(op.responses)[String(status)]);
  if (typeof r.$ref === 'string') r = obj(obj(obj(docs[doc].components).responses)[r.$ref.split('/').pop()!]);
  return r;
};

/**
 * Checks a live response against the operation's documented response: the status must be listed, a JSON schema
 * must validate the body (a response documented without content must come without a body), documented headers
 * must be present with integer values. Returns the parsed body.
 */
async function conforms<T = unknown>(res: Response, doc: DocName, path: string, method: string): Promise<T> {
  const op = operation(doc, path, method);
  const what = `${method.toUpperCase()} ${path} → ${res.status}`;
  expect(Object.keys(obj(op.responses)), `${what} is not a documented status`).toContain(String(res.status));
  const response = responseOf(doc, op, res.status);
  const text = await res.text();
  const schema = obj(obj(obj(response.content)['application/json']).schema);
  if (Object.keys(schema).length) {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    check(compile(schema, doc), JSON.parse(text), what);
  } else expect(text, `${what} documents no body`).toBe('');
  for (const [name, header] of Object.entries(obj(response.headers))) {
    expect(obj(obj(header).schema).type).toBe('integer');
    expect(res.headers.get(name), `${what} header ${name}`).toMatch(/^\d+$/);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Checks a request before it is sent: query parameters (integers coerced) and the JSON body. */
function requestConforms(
  doc: DocName,
  path: string,
  method: string,
  query: Record<string, string>,
  body?: unknown,
): void {
  const op = operation(doc, path, method);
  const params = (op.parameters ?? []) as JsonObject[];
  for (const [name, value] of Object.entries(query)) {
    const param = params.find((p) => p.name === name && p.in === 'query');
    expect(param, `${method.toUpperCase()} ${path} documents query parameter ${name}`).toBeDefined();
    const schema = obj(param!.schema);
    check(
      compile(schema, doc),
      schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value,
      `query ${name}=${value}`,
    );
  }
  if (body !== undefined)
    check(
      compile(obj(obj(obj(obj(op.requestBody).content)['application/json']).schema), doc),
      body,
      `${method.toUpperCase()} ${path} body`,
    );
}

/** A component schema of a document (for answers the specification does not list under the operation). */
const componentValidator = (doc: DocName, name: string) => compile({ $ref: `#/components/schemas/${name}` }, doc);

// ---------------------------------------------------------------------------------------------------------------
// The running simulator
// ---------------------------------------------------------------------------------------------------------------

const SEED = 'onence-test';
const FLEET = 35;
const realStart = Date.now();
let offset = 0;
const clock = () => Date.UTC(2026, 5, 15, 12) + (Date.now() - realStart) + offset;
const advance = (ms: number) => void (offset += ms);

let sb: TestSandbox;
let base: string;
/** Tokens per account, with the test-clock time they were issued (moving the clock on ages them). */
const tokens = new Map<number, { token: string; at: number }>();

type Sim = {
  iccid: string;
  iccid_with_luhn: string;
  imsi: string;
  msisdn: string;
  imei: string;
  ip_address: string;
  status: string;
  label: string;
  activation_date: string;
  current_quota: number;
};

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const tokenCall = (
  authorization: string | undefined,
  body: unknown = { grant_type: 'client_credentials' },
  contentType = 'application/json',
) =>
  fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function login(account: number): Promise<string> {
  const { username, password } = sb.account(account).credentials;
  requestConforms('auth', '/oauth/token', 'post', {}, { grant_type: 'client_credentials' });
  const body = await conforms<{ access_token: string; expires_in: number }>(
    await tokenCall(basic(username!, password!)),
    'auth',
    '/oauth/token',
    'post',
  );
  expect(body.expires_in).toBe(3600);
  return body.access_token;
}

/**
 * A well-behaved client: each call moves the test clock 100 ms on, so an organization never exceeds 10 calls per
 * simulated second. `path` is below /management-api (e.g. "/v1/sims").
 */
async function api(
  path: string,
  init: { method?: string; body?: unknown; account?: number; token?: string | null } = {},
): Promise<Response> {
  advance(100);
  const account = init.account ?? 1;
  // Like a gateway's token cache: a new token before the hour is over.
  if (clock() - (tokens.get(account)?.at ?? -Infinity) > 3_000_000)
    tokens.set(account, { token: await login(account), at: clock() });
  const token = init.token === undefined ? tokens.get(account)!.token : init.token;
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}
const getSim = async (iccid: string, account = 1) =>
  conforms<Sim>(await api(`/v1/sims/${iccid}`, { account }), 'v1', '/v1/sims/{iccid}', 'get');
const allSims = async () => conforms<Sim[]>(await api(`/v1/sims?page=1&pageSize=${FLEET}`), 'v1', '/v1/sims', 'get');

beforeAll(async () => {
  if (!specs) return;
  sb = await startTestSandbox(
    [
      {
        code: '1NCE',
        factory: oneNceSimulator,
        accounts: [
          { number: 1, name: 'Org one', size: FLEET },
          { number: 2, name: 'Org two', size: FLEET },
        ],
      },
    ],
    { seed: SEED, asyncDelayMs: 80, now: clock },
  );
  base = `${sb.url()}/management-api`;
});
afterAll(async () => sb?.close());

describeSpecs('auth: POST /oauth/token', () => {
  it('lists the platform credential fields in the manifest', () => {
    const account = sb.account(1);
    expect(Object.keys(account.credentials).sort()).toEqual(['organizationId', 'password', 'username']);
    expect(account.id).toBe(account.credentials.organizationId);
  });

  it('answers the documented 400 bodies for every kind of bad token request', async () => {
    const { username, password } = sb.account(1).credentials;
    const cases: Array<[Promise<Response>, string, RegExp]> = [
      [tokenCall(basic('nobody@1nce.example', 'x')), 'BadCredentials', /User does not exist/],
      [tokenCall(basic(username!, 'wrong')), 'BadCredentials', /Incorrect/],
      [tokenCall(undefined), 'AuthValidationError', /'username'/],
      [tokenCall(basic(username!, '')), 'AuthValidationError', /'password'/],
      [tokenCall(basic(username!, password!), {}), 'BodyValidationError', /'grant_type'/],
      [
        tokenCall(basic(username!, password!), 'grant_type=client_credentials', 'application/x-www-form-urlencoded'),
        'UnsupportedContentTypeError',
        /Content-Type/,
      ],
    ];
    for (const [call, errorCode, message] of cases) {
      const res = await call;
      expect(res.status).toBe(400);
      const body = await conforms<{ statusCode: number; errorCode: string; message: string }>(
        res,
        'auth',
        '/oauth/token',
        'post',
      );
      expect(body).toMatchObject({ statusCode: 400, errorCode });
      expect(body.message).toMatch(message);
    }
  });

  it('refuses /sims calls without a token, with a bad one and with an expired one: bare 401', async () => {
    for (const path of ['/v1/sims', '/v2/sims']) {
      const none = await api(path, { token: null });
      expect(none.status).toBe(401);
      await conforms(none, 'v1', '/v1/sims', 'get'); // documented without a body
      expect((await api(path, { token: 'not-a-token' })).status).toBe(401);
    }
    const shortLived = await login(1);
    expect((await api('/v1/sims?pageSize=1', { token: shortLived })).status).toBe(200);
    advance(3_601_000);
    expect((await api('/v1/sims?pageSize=1', { token: shortLived })).status).toBe(401);
  });
});

describeSpecs('listing: GET /v1/sims and /v2/sims', () => {
  it('pages through the whole fleet once, with the four X-* paging headers', async () => {
    const seen: Sim[] = [];
    for (let page = 1; page <= 4; page++) {
      requestConforms('v1', '/v1/sims', 'get', { page: String(page), pageSize: '10' });
      const res = await api(`/v1/sims?page=${page}&pageSize=10`);
      expect(res.status).toBe(200);
      expect([
        res.headers.get('x-total-count'),
        res.headers.get('x-total-pages'),
        res.headers.get('x-current-page'),
        res.headers.get('x-count-per-page'),
      ]).toEqual(['35', '4', String(page), '10']);
      const items = await conforms<Sim[]>(res, 'v1', '/v1/sims', 'get');
      expect(items).toHaveLength(page < 4 ? 10 : 5);
      seen.push(...items);
    }
    expect(new Set(seen.map((s) => s.iccid)).size).toBe(FLEET);
    for (const s of seen) {
      expect(s.iccid).toMatch(/^8988228\d{12}$/); // 19 digits, no check digit
      expect(s.iccid_with_luhn).toBe(s.iccid + s.iccid_with_luhn.slice(-1));
      expect(isLuhnValid(s.iccid_with_luhn)).toBe(true);
      expect(s.imsi).toMatch(/^901405\d{9}$/);
      expect(s.msisdn).toMatch(/^882\d{12}$/);
    }
    expect(new Set(seen.map((s) => s.status))).toEqual(new Set(['Enabled', 'Disabled']));
    expect(seen.filter((s) => s.status === 'Enabled').length).toBeGreaterThan(FLEET / 2);
    const v2 = await api('/v2/sims?page=4&pageSize=10');
    expect((await conforms<Sim[]>(v2, 'v2', '/v2/sims', 'get')).map((s) => s.iccid)).toEqual(
      seen.slice(30).map((s) => s.iccid),
    );
  });

  it('sorts by ip_address/imei and filters with q, without walking the fleet', async () => {
    requestConforms('v1', '/v1/sims', 'get', { sort: '-ip_address', pageSize: '3' });
    const all = await allSims();
    const reversed = await conforms<Sim[]>(await api('/v1/sims?sort=-ip_address&pageSize=3'), 'v1', '/v1/sims', 'get');
    expect(reversed.map((s) => s.iccid)).toEqual(
      all
        .slice(-3)
        .reverse()
        .map((s) => s.iccid),
    );
    const target = all[17]!;
    requestConforms('v1', '/v1/sims', 'get', { q: `ip_address:${target.ip_address}` });
    const byIp = await api(`/v1/sims?q=ip_address:${target.ip_address}`);
    expect(byIp.headers.get('x-total-count')).toBe('1');
    expect((await conforms<Sim[]>(byIp, 'v1', '/v1/sims', 'get')).map((s) => s.iccid)).toEqual([target.iccid]);
    const both = await conforms<Sim[]>(
      await api(`/v1/sims?q=imei:${target.imei},ip_address:${target.ip_address}`),
      'v1',
      '/v1/sims',
      'get',
    );
    expect(both.map((s) => s.iccid)).toEqual([target.iccid]);
    const mismatch = await conforms<Sim[]>(
      await api(`/v1/sims?q=imei:${all[3]!.imei},ip_address:${target.ip_address}`),
      'v1',
      '/v1/sims',
      'get',
    );
    expect(mismatch).toEqual([]);
  });

  it('refuses an oversize page, page 0, a non-number and unknown q/sort fields: v1 bare 422, v2 BadRequest', async () => {
    const validatePageSize = compile(
      obj((operation('v1', '/v1/sims', 'get').parameters as JsonObject[])[1]!.schema),
      'v1',
    );
    expect(validatePageSize(101)).toBe(false); // the specification refuses it too
    for (const query of ['pageSize=101', 'page=0', 'pageSize=abc', 'q=msisdn:1', 'sort=label']) {
      const res = await api(`/v1/sims?${query}`);
      expect(res.status, query).toBe(422);
      await conforms(res, 'v1', '/v1/sims', 'get');
    }
    const v2 = await api('/v2/sims?pageSize=abc');
    expect(v2.status).toBe(400);
    // The v2 document lists no 400 for this operation; the body is its BadRequest component.
    const body = (await v2.json()) as { error_token: string; message: string };
    check(componentValidator('v2', 'BadRequest'), body, 'v2 400');
    expect(body).toMatchObject({ error_token: 'BadRequest', message: expect.stringMatching(/pageSize/) });
  });
});

describeSpecs('one SIM: GET /v{1,2}/sims/{iccid}, status, usage, quotas', () => {
  it("answers a SIM by either ICCID spelling; another organization's or a malformed ICCID is not found", async () => {
    const [first] = await allSims();
    expect((await getSim(first!.iccid)).iccid).toBe(first!.iccid);
    expect((await getSim(first!.iccid_with_luhn)).iccid).toBe(first!.iccid);
    await conforms(await api(`/v2/sims/${first!.iccid}`), 'v2', '/v2/sims/{iccid}', 'get');
    const foreign = await conforms<Sim[]>(await api('/v1/sims?pageSize=1', { account: 2 }), 'v1', '/v1/sims', 'get');
    const wrongLuhn = first!.iccid + String((Number(first!.iccid_with_luhn.slice(-1)) + 1) % 10);
    for (const bad of [foreign[0]!.iccid, '8988228019999999999', 'abc', wrongLuhn]) {
      const v1 = await api(`/v1/sims/${bad}`);
      expect(v1.status, bad).toBe(404);
      await conforms(v1, 'v1', '/v1/sims/{iccid}', 'get');
      const v2 = await api(`/v2/sims/${bad}`);
      expect(v2.status).toBe(404);
      expect(await conforms(v2, 'v2', '/v2/sims/{iccid}', 'get')).toMatchObject({
        error_code: 1000,
        error_token: 'NotFound',
      });
    }
  });

  it('reports connectivity: v1 ONLINE with a PDP context and RAT, v2 with the APN; disabled SIMs OFFLINE / BLOCKED', async () => {
    const all = await allSims();
    type V1 = { status: string; pdp_context?: { rat_type: { description: string } }; services: string[] };
    type V2 = {
      status: { description: string };
      pdp_contexts: Array<{ apn: string; rat_type: { description: string } }>;
      services: string[];
    };
    const states = new Set<string>();
    let online: string | undefined;
    for (const sim of all.filter((s) => s.status === 'Enabled').slice(0, 8)) {
      const c = await conforms<V1>(await api(`/v1/sims/${sim.iccid}/status`), 'v1', '/v1/sims/{iccid}/status', 'get');
      states.add(c.status);
      if (c.status === 'ONLINE') {
        online = sim.iccid;
        expect(['2G', '3G', '4G', '5G', 'NB-IoT']).toContain(c.pdp_context?.rat_type.description);
      } else expect(c.pdp_context).toBeUndefined();
    }
    expect(states.has('ONLINE')).toBe(true);
    const v2 = await conforms<V2>(await api(`/v2/sims/${online}/status`), 'v2', '/v2/sims/{iccid}/status', 'get');
    expect(v2.status.description).toBe('ONLINE');
    expect(v2.pdp_contexts[0]?.apn).toBe('iot.1nce.net');
    const disabled = all.find((s) => s.status === 'Disabled')!;
    expect(
      await conforms<V1>(await api(`/v1/sims/${disabled.iccid}/status`), 'v1', '/v1/sims/{iccid}/status', 'get'),
    ).toMatchObject({ status: 'OFFLINE', services: [] });
    expect(
      await conforms<V2>(await api(`/v2/sims/${disabled.iccid}/status`), 'v2', '/v2/sims/{iccid}/status', 'get'),
    ).toMatchObject({ status: { description: 'BLOCKED' }, pdp_contexts: [] });
  });

  it('reports daily usage in MB strings that grows with time, and quotas that shrink with it', async () => {
    const sim = (await allSims()).find((s) => s.status === 'Enabled' && s.current_quota > 50)!;
    const query = { start_dt: '2026-06-01', end_dt: '2026-06-30' };
    requestConforms('v1', '/v1/sims/{iccid}/usage', 'get', query);
    type Usage = { stats: Array<{ date: string; data: { volume: string }; sms: { volume: string } }> };
    const usage = async () =>
      conforms<Usage>(
        await api(`/v1/sims/${sim.iccid}/usage?start_dt=${query.start_dt}&end_dt=${query.end_dt}`),
        'v1',
        '/v1/sims/{iccid}/usage',
        'get',
      );
    const total = (u: Usage) => u.stats.reduce((sum, d) => sum + Number(d.data.volume), 0);
    const before = await usage();
    expect(before.stats.length).toBeGreaterThanOrEqual(14); // June 1st to the test clock's 15th
    expect(before.stats[0]!.date).toBe('2026-06-01T00:00:00.000Z');
    expect(before.stats[0]!.data.volume).toMatch(/^\d+\.\d{6}$/);
    type Quota = { volume: number; total_volume: number };
    const quota = async () =>
      conforms<Quota>(await api(`/v1/sims/${sim.iccid}/quota/data`), 'v1', '/v1/sims/{iccid}/quota/data', 'get');
    const quotaBefore = await quota();
    advance(6 * 3_600_000);
    expect(total(await usage())).toBeGreaterThan(total(before));
    expect((await quota()).volume).toBeLessThan(quotaBefore.volume);
    expect(quotaBefore.total_volume).toBe(500);
    await conforms(await api(`/v1/sims/${sim.iccid}/quota/sms`), 'v1', '/v1/sims/{iccid}/quota/sms', 'get');
    const v2Data = await conforms<{ service: string; status: { description: string } }>(
      await api(`/v2/sims/${sim.iccid}/quota/data`),
      'v2',
      '/v2/sims/{iccid}/quota/data',
      'get',
    );
    expect(v2Data).toMatchObject({ service: 'data', status: { description: 'ACTIVE' } });
    await conforms(await api(`/v2/sims/${sim.iccid}/quota/sms`), 'v2', '/v2/sims/{iccid}/quota/sms', 'get');
    for (const bad of [
      'start_dt=2026-06-01',
      'start_dt=2026-06-30&end_dt=2026-06-01',
      'start_dt=June&end_dt=2026-06-30',
    ]) {
      const res = await api(`/v1/sims/${sim.iccid}/usage?${bad}`);
      expect(res.status, bad).toBe(422);
      await conforms(res, 'v1', '/v1/sims/{iccid}/usage', 'get');
    }
  });
});

describeSpecs('status changes', () => {
  it('PUT /v1/sims/{iccid} is synchronous: 200, and the SIM shows the new status at once; usage stops growing', async () => {
    const sim = (await allSims()).find((s) => s.status === 'Enabled')!;
    const body = { iccid: sim.iccid, status: 'Disabled', label: 'moved-to-depot' };
    requestConforms('v1', '/v1/sims/{iccid}', 'put', {}, body);
    const res = await api(`/v1/sims/${sim.iccid}`, { method: 'PUT', body });
    expect(res.status).toBe(200);
    await conforms(res, 'v1', '/v1/sims/{iccid}', 'put');
    expect(await getSim(sim.iccid)).toMatchObject({ status: 'Disabled', label: 'moved-to-depot' });
    const used = async () =>
      (
        await conforms<{ volume: number }>(
          await api(`/v1/sims/${sim.iccid}/quota/data`),
          'v1',
          '/v1/sims/{iccid}/quota/data',
          'get',
        )
      ).volume;
    const frozen = await used();
    advance(3_600_000);
    expect(await used()).toBe(frozen);
    const v2Body = { status: 'Enabled' };
    requestConforms('v2', '/v2/sims/{iccid}', 'put', {}, v2Body);
    const back = await api(`/v2/sims/${sim.iccid}`, { method: 'PUT', body: v2Body });
    expect(back.status).toBe(200);
    await conforms(back, 'v2', '/v2/sims/{iccid}', 'put');
    expect((await getSim(sim.iccid)).status).toBe('Enabled');
    advance(3_600_000);
    expect(await used()).toBeLessThan(frozen);
  });

  it('refuses an unknown status word and a missing field: v1 bare 422, v2 BadRequest', async () => {
    const sim = (await allSims())[0]!;
    const validate = compile(
      obj(obj(obj(obj(operation('v1', '/v1/sims/{iccid}', 'put').requestBody).content)['application/json']).schema),
      'v1',
    );
    for (const body of [{ iccid: sim.iccid, status: 'Paused' }, { iccid: sim.iccid }, { status: 'Enabled' }]) {
      expect(validate(body)).toBe(false); // the specification refuses these bodies too
      const res = await api(`/v1/sims/${sim.iccid}`, { method: 'PUT', body });
      expect(res.status).toBe(422);
      await conforms(res, 'v1', '/v1/sims/{iccid}', 'put');
    }
    const v2 = await api(`/v2/sims/${sim.iccid}`, { method: 'PUT', body: { status: 'Paused' } });
    expect(v2.status).toBe(400);
    expect(await conforms(v2, 'v2', '/v2/sims/{iccid}', 'put')).toMatchObject({ error_token: 'BadRequest' });
    const malformed = await api(`/v2/sims/${sim.iccid}`, { method: 'PUT', body: '{"status":' });
    expect(malformed.status).toBe(400);
    expect(await conforms(malformed, 'v2', '/v2/sims/{iccid}', 'put')).toMatchObject({ error_token: 'BadRequest' });
  });

  it('refuses any change to an expired SIM: v1 422 (single and bulk), v2 409 Conflict', async () => {
    const expired = Array.from({ length: FLEET }, (_, i) => generateSim(SEED, 1, i)).find(
      (s) => s.expiresAt < clock(),
    )!;
    expect(expired).toBeDefined();
    expect((await getSim(expired.iccid)).status).toBe('Disabled');
    const v2Quota = await conforms<{ status: { description: string } }>(
      await api(`/v2/sims/${expired.iccid}/quota/data`),
      'v2',
      '/v2/sims/{iccid}/quota/data',
      'get',
    );
    expect(v2Quota.status.description).toBe('EXPIRED');
    const put = await api(`/v1/sims/${expired.iccid}`, {
      method: 'PUT',
      body: { iccid: expired.iccid, status: 'Enabled' },
    });
    expect(put.status).toBe(422);
    await conforms(put, 'v1', '/v1/sims/{iccid}', 'put');
    const conflict = await api(`/v2/sims/${expired.iccid}`, { method: 'PUT', body: { status: 'Enabled' } });
    expect(conflict.status).toBe(409);
    expect(await conforms<{ message: string }>(conflict, 'v2', '/v2/sims/{iccid}', 'put')).toMatchObject({
      error_token: 'Conflict',
      message: expect.stringMatching(/expired/),
    });
    const other = (await allSims()).find((s) => s.status === 'Enabled')!;
    const bulk = await api('/v1/sims', {
      method: 'POST',
      body: [
        { iccid: other.iccid, status: 'Disabled' },
        { iccid: expired.iccid, status: 'Enabled' },
      ],
    });
    expect(bulk.status).toBe(422);
    await conforms(bulk, 'v1', '/v1/sims', 'post');
    await new Promise((r) => setTimeout(r, 150));
    expect((await getSim(other.iccid)).status).toBe('Enabled'); // nothing of the refused request was queued
    expect((await getSim(expired.iccid)).status).toBe('Disabled');
  });

  it('bulk POST /v1/sims only queues (201, no tracking id, no cancel); the SIMs change after the delay', async () => {
    const enabled = (await allSims()).filter((s) => s.status === 'Enabled').slice(-3);
    const body = enabled.map((s) => ({ iccid: s.iccid, status: 'Disabled', imei_lock: true }));
    requestConforms('v1', '/v1/sims', 'post', {}, body);
    const res = await api('/v1/sims', { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(await conforms(res, 'v1', '/v1/sims', 'post')).toBeUndefined(); // nothing to track or cancel
    expect((await getSim(enabled[0]!.iccid)).status).toBe('Enabled'); // queued only
    let statuses: string[] = [];
    for (let i = 0; i < 40; i++) {
      statuses = await Promise.all(enabled.map(async (s) => (await getSim(s.iccid)).status));
      if (statuses.every((s) => s === 'Disabled')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(statuses).toEqual(['Disabled', 'Disabled', 'Disabled']);
    expect((await api('/v1/sims', { method: 'DELETE' })).status).toBe(404); // no cancel call exists
  });

  it('bulk POST refuses an unknown ICCID (404), an empty list and a bad item (422) without queuing anything', async () => {
    const sim = (await allSims()).find((s) => s.status === 'Enabled')!;
    const cases: Array<[unknown, number]> = [
      [
        [
          { iccid: sim.iccid, status: 'Disabled' },
          { iccid: '8988228019999999999', status: 'Disabled' },
        ],
        404,
      ],
      [[], 422],
      [[{ iccid: sim.iccid, status: 'Terminated' }], 422],
      [{ iccid: sim.iccid, status: 'Disabled' }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await api('/v1/sims', { method: 'POST', body });
      expect(res.status).toBe(status);
      await conforms(res, 'v1', '/v1/sims', 'post');
    }
    await new Promise((r) => setTimeout(r, 150));
    expect((await getSim(sim.iccid)).status).toBe('Enabled');
  });
});

describeSpecs('rate limit, faults, determinism', () => {
  it('holds /sims to 10 requests per second per organization, v1 and v2 together: bare 429 with Retry-After', async () => {
    await api('/v1/sims?pageSize=1', { account: 2 }); // fresh tokens for both organizations
    await api('/v1/sims?pageSize=1');
    advance(2_000); // a full bucket
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        fetch(`${base}/${i % 2 ? 'v2' : 'v1'}/sims?pageSize=1`, {
          headers: { authorization: `Bearer ${tokens.get(1)!.token}` },
        }),
      ),
    );
    const refused = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.status === 200)).toHaveLength(10);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(await refused[0]!.text()).toBe('');
    // Another organization has its own 10 per second.
    expect(
      (await fetch(`${base}/v1/sims?pageSize=1`, { headers: { authorization: `Bearer ${tokens.get(2)!.token}` } }))
        .status,
    ).toBe(200);
    advance(1_000);
    expect((await api('/v1/sims?pageSize=1')).status).toBe(200);
  });

  it("answers injected faults in the API's shape, and normally again once they are cleared", async () => {
    const [sim] = await conforms<Sim[]>(await api('/v1/sims?pageSize=1'), 'v1', '/v1/sims', 'get');
    expect((await sb.admin('PUT', '/admin/faults/1NCE', { errorRate: 1, errorStatus: 500 })).status).toBe(200);
    const v1 = await api(`/v1/sims/${sim!.iccid}`);
    expect(v1.status).toBe(500);
    expect(await v1.text()).toBe('');
    const v2 = await api(`/v2/sims/${sim!.iccid}`);
    expect(v2.status).toBe(500);
    expect(await conforms(v2, 'v2', '/v2/sims/{iccid}', 'get')).toMatchObject({ error_token: 'InternalServerError' });
    await sb.admin('PUT', '/admin/faults/1NCE', { errorRate: 0, rateLimitRate: 1, retryAfterSeconds: 3 });
    const limited = await api(`/v1/sims/${sim!.iccid}`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await sb.admin('DELETE', '/admin/faults/1NCE')).status).toBe(204);
    expect((await getSim(sim!.iccid)).iccid).toBe(sim!.iccid);
    const unknown = await api('/v2/nothing-here');
    expect(unknown.status).toBe(404);
    check(componentValidator('v2', 'NotFound'), await unknown.json(), 'v2 unknown route');
  });

  it('generates the same SIMs from the same seed, other SIMs from another seed', async () => {
    const fields = (s: Sim) => [s.iccid, s.imsi, s.msisdn, s.imei, s.ip_address, s.status, s.label, s.activation_date];
    const ours = await conforms<Sim[]>(
      await api('/v1/sims?pageSize=10&page=2', { account: 2 }),
      'v1',
      '/v1/sims',
      'get',
    );
    const listFrom = async (seed: string) => {
      const other = await startTestSandbox(
        [
          {
            code: '1NCE',
            factory: oneNceSimulator,
            accounts: [
              { number: 1, name: 'a', size: FLEET },
              { number: 2, name: 'b', size: FLEET },
            ],
          },
        ],
        { seed, now: clock },
      );
      try {
        const { username, password } = other.account(2).credentials;
        expect(username).toBe(sb.account(2).credentials.username);
        const url = `${other.url()}/management-api`;
        const token = (
          (await (
            await fetch(`${url}/oauth/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: basic(username!, password!) },
              body: '{"grant_type":"client_credentials"}',
            })
          ).json()) as { access_token: string }
        ).access_token;
        return (await (
          await fetch(`${url}/v1/sims?pageSize=10&page=2`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as Sim[];
      } finally {
        await other.close();
      }
    };
    expect((await listFrom(SEED)).map(fields)).toEqual(ours.map(fields));
    const different = await listFrom('another-seed');
    expect(different.map((s) => s.iccid)).toEqual(ours.map((s) => s.iccid)); // identifiers follow the index
    expect(different.map(fields)).not.toEqual(ours.map(fields)); // the rest follows the seed
  });
});
