/**
 * The 1NCE simulator against the official 1NCE OpenAPI documents (shared/specs): every request it accepts and every
 * response it gives is validated with ajv against the specification's schemas, status codes and headers. Plus the
 * behaviour the platform documents: auth, paging headers, sync PUT, queued bulk POST, 10 requests/s, faults.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

type Json = Record<string, any>;
const specDir = new URL('../../../shared/specs/', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('1nce-sim-management.openapi.json', specDir), 'utf8')) as Json;
const authSpec = JSON.parse(readFileSync(new URL('1nce-authorization.openapi.json', specDir), 'utf8')) as Json;

/** OpenAPI 3.0 schema objects → JSON Schema for ajv: component refs become definitions, `nullable` a type union. */
function toJsonSchema(node: unknown, doc: string): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, doc));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'example' || k === 'examples' || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', `${doc}#/definitions/`);
    else out[k] = toJsonSchema(v, doc);
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under Node's ESM interop its plugin is the module's default export.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as unknown as (a: Ajv) => void;
addFormats(ajv);
ajv.addSchema({ $id: 'sims', definitions: toJsonSchema(spec.components.schemas, 'sims') as Json });
ajv.addSchema({ $id: 'auth', definitions: toJsonSchema(authSpec.components.schemas, 'auth') as Json });

function responseValidator(path: string, method: string, status: number, doc: 'sims' | 'auth' = 'sims'): ValidateFunction | undefined {
  const op = (doc === 'sims' ? spec : authSpec).paths[path][method];
  const response = op.responses[String(status)];
  if (!response) throw new Error(`the specification lists no ${status} for ${method.toUpperCase()} ${path}`);
  const schema = response.content?.['application/json']?.schema;
  return schema ? ajv.compile(toJsonSchema(schema, doc) as Json) : undefined;
}

async function conforms(res: Response, path: string, method: string, doc: 'sims' | 'auth' = 'sims'): Promise<unknown> {
  const validate = responseValidator(path, method, res.status, doc);
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (validate) {
    const ok = validate(body);
    expect(ok, `${method.toUpperCase()} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
  const headers = (doc === 'sims' ? spec : authSpec).paths[path][method].responses[String(res.status)].headers ?? {};
  for (const name of Object.keys(headers)) expect(res.headers.get(name), `${path} header ${name}`).toMatch(/^\d+$/);
  return body;
}

let sb: TestSandbox;
let token: string;
let url: string;
/** Calls paced under the platform's 10 requests/s, as a well-behaved client (the limit test below bursts on purpose). */
let nextSlot = 0;
const api = async (path: string, init: RequestInit = {}) => {
  const wait = nextSlot - Date.now();
  nextSlot = Math.max(Date.now(), nextSlot) + 120;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return fetch(`${url}/v1${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
};
const burst = (path: string) => fetch(`${url}/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  sb = await startTestSandbox([{ code: '1NCE', factory: oneNceSimulator }], { fleetSize: 35, asyncDelayMs: 600 });
  url = `${sb.url()}/management-api`;
  const { username, password } = sb.account(1).credentials;
  const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
  token = ((await conforms(res, '/oauth/token', 'post', 'auth')) as { access_token: string }).access_token;
});
afterAll(async () => sb?.close());

describe('1NCE simulator against the official OpenAPI', () => {
  it('token endpoint: success and documented 400 bodies', async () => {
    const bad = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('nobody:x').toString('base64')}` }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
    expect(bad.status).toBe(400);
    expect(await conforms(bad, '/oauth/token', 'post', 'auth')).toMatchObject({ errorCode: 'BadCredentials' });
    expect((await fetch(`${url}/v1/sims`)).status).toBe(401);
  });

  it('GET /v1/sims pages with the X-Total-* headers through every SIM once', async () => {
    const seen: Array<{ iccid: string; iccid_with_luhn: string }> = [];
    for (let page = 1; page <= 4; page++) {
      const res = await api(`/sims?page=${page}&pageSize=10`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('35');
      expect(res.headers.get('x-total-pages')).toBe('4');
      seen.push(...((await conforms(res, '/v1/sims', 'get')) as typeof seen));
    }
    expect(new Set(seen.map((s) => s.iccid)).size).toBe(35);
    expect(seen.every((s) => s.iccid.length === 19 && s.iccid_with_luhn.startsWith(s.iccid) && s.iccid_with_luhn.length === 20)).toBe(true);
    expect((await api('/sims?pageSize=101')).status).toBe(422);
  });

  it('single SIM, connectivity status, usage and quotas conform', async () => {
    const [first] = (await (await api('/sims?page=1&pageSize=1')).json()) as Array<{ iccid: string }>;
    await conforms(await api(`/sims/${first!.iccid}`), '/v1/sims/{iccid}', 'get');
    await conforms(await api(`/sims/${first!.iccid}/status`), '/v1/sims/{iccid}/status', 'get');
    const today = new Date().toISOString().slice(0, 10);
    const usage = (await conforms(await api(`/sims/${first!.iccid}/usage?start_dt=${today.slice(0, 8)}01&end_dt=${today}`), '/v1/sims/{iccid}/usage', 'get')) as { stats: unknown[] };
    expect(usage.stats.length).toBeGreaterThan(0);
    await conforms(await api(`/sims/${first!.iccid}/quota/data`), '/v1/sims/{iccid}/quota/data', 'get');
    await conforms(await api(`/sims/${first!.iccid}/quota/sms`), '/v1/sims/{iccid}/quota/sms', 'get');
    const missing = await api('/sims/8988228019999999999');
    expect(missing.status).toBe(404);
    await conforms(missing, '/v1/sims/{iccid}', 'get');
  });

  it('PUT changes the status synchronously; bulk POST is queued and applied later; requests conform', async () => {
    const sims = (await (await api('/sims?page=1&pageSize=35')).json()) as Array<{ iccid: string; status: string }>;
    const enabled = sims.filter((s) => s.status === 'Enabled');
    const validatePut = ajv.compile(toJsonSchema(spec.paths['/v1/sims/{iccid}'].put.requestBody.content['application/json'].schema, 'sims') as Json);
    const putBody = { iccid: enabled[0]!.iccid, status: 'Disabled' };
    expect(validatePut(putBody)).toBe(true);
    const put = await api(`/sims/${enabled[0]!.iccid}`, { method: 'PUT', body: JSON.stringify(putBody) });
    expect(put.status).toBe(200);
    await conforms(put, '/v1/sims/{iccid}', 'put');
    expect(((await (await api(`/sims/${enabled[0]!.iccid}`)).json()) as { status: string }).status).toBe('Disabled');

    const bulkBody = enabled.slice(1, 4).map((s) => ({ iccid: s.iccid, status: 'Disabled' }));
    const validateBulk = ajv.compile(toJsonSchema(spec.paths['/v1/sims'].post.requestBody.content['application/json'].schema, 'sims') as Json);
    expect(validateBulk(bulkBody)).toBe(true);
    const bulk = await api('/sims', { method: 'POST', body: JSON.stringify(bulkBody) });
    expect(bulk.status).toBe(201);
    expect(((await (await api(`/sims/${bulkBody[0]!.iccid}`)).json()) as { status: string }).status).toBe('Enabled'); // queued only
    await new Promise((r) => setTimeout(r, 700));
    expect(((await (await api(`/sims/${bulkBody[0]!.iccid}`)).json()) as { status: string }).status).toBe('Disabled');
    expect((await api(`/sims/${enabled[0]!.iccid}`, { method: 'PUT', body: JSON.stringify({ iccid: enabled[0]!.iccid, status: 'Paused' }) })).status).toBe(422);
  });

  it('holds /sims to 10 requests per second per organization (429), and faults on and off', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const statuses = await Promise.all(Array.from({ length: 15 }, () => burst('/sims?pageSize=1').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 1100));
    await sb.admin('PUT', '/admin/faults/1NCE', { errorRate: 1, errorStatus: 500 });
    expect((await api('/sims?pageSize=1')).status).toBe(500);
    await sb.admin('DELETE', '/admin/faults/1NCE');
    expect((await api('/sims?pageSize=1')).status).toBe(200);
  });
});
