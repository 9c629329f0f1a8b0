/**
 * The traffic the Cisco (TMUS, JASPER), Aeris (IOTA) and 1NCE adapters actually send and receive, validated against
 * the carriers' published specifications (SPECS_DIR; skipped with one line without it).
 *
 * A gateway and the sandbox run in this process; a recording proxy sits between them (each account's base URL is
 * rewritten to it), so every HTTP exchange is kept. The gateway is driven through GraphQL — live lists over two
 * pages, look-ups with SIM card, connectivity and usage, unknown ICCIDs, multi-id look-ups, status changes single and
 * batched with their request tracking — and then each exchange is checked with ajv: method and path matched to a
 * documented operation, path and query parameters, the request body, a documented status and the response body.
 *
 * Specifications: Cisco — the community OpenAPI of Control Center REST v1 (it publishes no response schema for
 * Search Devices and ctdUsages, INDEX.md: those responses are checked for a documented status only, said below);
 * Aeris — the published originals (auth 3.0, subscription search, subscription management, change history), and
 * the extract for the state-change request the originals do not cover; 1NCE — the official v1 and authorization
 * specifications.
 *
 * The last test lists, per platform, the adapter operations whose traffic was validated and asserts it covers every
 * operation the adapter source names (`operation: '…'`) and every one the gateway's metrics saw called.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aerisSimulator } from '../../sandbox/simulators/aeris/index.js';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { oneNceSimulator } from '../../sandbox/simulators/onence/index.js';
import { luhnDigit } from '../../sandbox/core/identifiers.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';
import { startTestGateway, type GraphQLBody, type TestGateway } from '../helpers/gateway.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { specsDir } from '../helpers/specs.js';
import { SpecSet, type Validation } from './openapi.js';
import { startRecordingProxy, type Exchange, type RecordingProxy } from './proxy.js';

const specs = specsDir();

interface Platform {
  /** Sandbox / gateway platform code and GraphQL enum name. */
  code: string;
  graphql: string;
  /** Adapter folder under src/datasources. */
  folder: string;
  files: string[];
  /** Adapter operation name → the documented operation its calls must match ("METHOD template"). */
  operations: Record<string, string>;
  /** Operations whose success response the specification publishes no schema for (said, not hidden). */
  noResponseSchema?: string[];
  /** Properties the carrier documents as possibly null that the specification file does not mark `nullable`. */
  documentedNulls?: Record<string, string[]>;
}

const CISCO_OPS = {
  searchDevices: 'GET /v{apiVersion}/devices',
  getDevice: 'GET /v{apiVersion}/devices/{iccid}',
  sessionInfo: 'GET /v{apiVersion}/devices/{iccid}/sessionInfo',
  ctdUsages: 'GET /v{apiVersion}/devices/{iccid}/ctdUsages',
  editDevice: 'PUT /v{apiVersion}/devices/{iccid}',
};
const CISCO_FILES = ['cisco-control-center-rest-v1.community.openapi.yaml'];
// The community spec documents no 200 schema for Search Devices, ctdUsages and Edit Device's answer (shared/specs/INDEX.md,
// research/reviews/carrier-fidelity.md): their responses are checked for a documented status only.
const CISCO_NO_SCHEMA = ['searchDevices', 'ctdUsages', 'editDevice'];
// Cisco's Get Session Details page: a device without a session answers every field but the ICCID null, and a session
// still open has no end date. The community spec's SessionInfos leaves out `nullable` (carrier-fidelity.md: "a spec gap").
const CISCO_NULLS = { SessionInfos: ['ipAddress', 'dateSessionStarted', 'dateSessionEnded', 'apn'] };

const PLATFORMS: Platform[] = [
  {
    code: 'TMUS',
    graphql: 'TMUS',
    folder: 'cisco',
    files: CISCO_FILES,
    operations: CISCO_OPS,
    noResponseSchema: CISCO_NO_SCHEMA,
    documentedNulls: CISCO_NULLS,
  },
  {
    code: 'JASPER',
    graphql: 'JASPER',
    folder: 'cisco',
    files: CISCO_FILES,
    operations: CISCO_OPS,
    noResponseSchema: CISCO_NO_SCHEMA,
    documentedNulls: CISCO_NULLS,
  },
  {
    code: 'IOTA',
    graphql: 'IOTA',
    folder: 'aeris',
    files: [
      'aeris-auth-3.0.openapi.yaml',
      'aeris-subscription-search.openapi.yaml',
      'aeris-subscription-management.openapi.yaml',
      'aeris-subscription-change-history.openapi.yaml',
      'aeris-iot-accelerator-subscriptions.extract.openapi.yaml',
    ],
    operations: {
      token: 'POST /token',
      searchSubscriptions: 'GET /details',
      subscriptionDetails: 'POST /details',
      stateChange: 'POST /iot/api/sica/subscriptions/requests/state-changes',
      subscriptionRequest: 'GET /subscriptions/requests/{requestId}',
      changeHistoryRequest: 'POST /requests',
      changeHistory: 'GET /requests/{request-id}',
    },
  },
  {
    code: '1NCE',
    graphql: 'ONE_NCE',
    folder: 'onence',
    files: ['1nce-authorization.openapi.json', '1nce-sim-management.openapi.json'],
    operations: {
      token: 'POST /oauth/token',
      listSims: 'GET /v1/sims',
      getSim: 'GET /v1/sims/{iccid}',
      connectivityStatus: 'GET /v1/sims/{iccid}/status',
      usage: 'GET /v1/sims/{iccid}/usage',
      updateSim: 'PUT /v1/sims/{iccid}',
      bulkUpdateSims: 'POST /v1/sims',
    },
  },
];

/**
 * The operation names an adapter folder's source gives its HTTP calls: `operation: 'name'`, and the first argument
 * of a local helper declared with an `operation: string` first parameter (1NCE's `get('getSim', …)`).
 */
function sourceOperations(folder: string): Set<string> {
  const dir = path.resolve('src/datasources', folder);
  const text = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const names = new Set([...text.matchAll(/operation: '(\w+)'/g)].map((m) => m[1]!));
  for (const helper of text.matchAll(/const (\w+) = (?:async )?(?:<[^>]*>)?\(operation: string/g)) {
    for (const call of text.matchAll(new RegExp(`\\b${helper[1]}(?:<[^>]*>)?\\(\\s*'(\\w+)'`, 'g')))
      names.add(call[1]!);
  }
  return names;
}

let sandbox: TestSandbox;
let gateway: TestGateway;
let token: string;
const proxies: RecordingProxy[] = [];
const exchanges: Exchange[] = [];
const query = async (q: string, variables?: Record<string, unknown>): Promise<GraphQLBody> =>
  (await gateway.graphql('demo', token, q, variables)).body;
const ok = (res: GraphQLBody) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as Record<string, any>;
};

describe.skipIf(!specs)('adapter traffic against the carrier specifications', () => {
  const sets = new Map<string, SpecSet>();
  const results: Array<{ platform: Platform; exchange: Exchange; validation: Validation }> = [];

  beforeAll(async () => {
    for (const p of PLATFORMS)
      sets.set(
        p.code,
        SpecSet.load(specs!, p.files, {
          documentedNulls: p.documentedNulls,
          contentless: p.folder === 'cisco' ? 'unknown' : 'empty',
        }),
      );
    sandbox = await startTestSandbox(
      [
        { code: 'TMUS', factory: ciscoSimulator },
        { code: 'JASPER', factory: ciscoSimulator },
        { code: 'IOTA', factory: aerisSimulator },
        { code: '1NCE', factory: oneNceSimulator },
      ],
      { fleetSize: 60, asyncDelayMs: 50 },
    );
    gateway = await startTestGateway();
    const manifest = await fetchManifest(`${sandbox.sandbox.adminUrl}/admin/manifest`);
    for (const p of manifest.platforms) {
      const proxy = await startRecordingProxy(p.code, p.baseUrl, exchanges);
      proxies.push(proxy);
      p.baseUrl = proxy.url;
    }
    await ensureDemoTenants(gateway.gateway.deps, manifest);
    token = await gateway.token(['demo']);
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all(proxies.map((p) => p.close()));
    await sandbox?.close();
  });

  for (const p of PLATFORMS) {
    it(`${p.code}: lists over pages, reads a product with its SIM card, connectivity and usage, looks up many and unknown ICCIDs`, async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 2; page++) {
        const data = ok(
          await query(
            'query($f: ProductFilter, $after: String) { products(first: 40, after: $after, filter: $f, consistency: LIVE) { edges { node { id iccid } } pageInfo { hasNextPage endCursor } } }',
            { f: { platforms: [p.graphql] }, after },
          ),
        );
        ids.push(...data.products.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!data.products.pageInfo.hasNextPage) break;
        after = data.products.pageInfo.endCursor;
      }
      expect(ids.length).toBeGreaterThan(40);
      const detail = ok(
        await query(
          `query($id: ID!) { product(id: $id, consistency: LIVE) { id status imsi msisdn
        simCard { iccid imsi status } dataConnectivity { apns connectivityTypes } usage { buckets { usageType used { amount units } } } } }`,
          { id: ids[1] },
        ),
      );
      expect(detail.product.id).toBe(ids[1]);
      expect(detail.product.simCard.iccid).toBeTruthy();
      const iccids = ids.slice(2, 5).map((id) => id.slice(id.indexOf('-') + 1));
      const unknown = '8999999999999999999' + luhnDigit('8999999999999999999');
      const found = ok(
        await query(
          'query($i: [String!]) { productsByBusinessId(iccids: $i) { products { id simCard { imsi } dataConnectivity { apns } usage { buckets { usageType } } } notFound } }',
          { i: [...iccids, unknown] },
        ),
      );
      expect(found.productsByBusinessId.products).toHaveLength(3);
      expect(found.productsByBusinessId.notFound).toEqual([unknown]);
    }, 60_000);

    it(`${p.code}: changes SIM statuses, one and a batch, following the carrier's request to the end`, async () => {
      const data = ok(
        await query(
          'query($f: ProductFilter) { products(first: 100, filter: $f, consistency: LIVE) { edges { node { id status } } } }',
          { f: { platforms: [p.graphql], statuses: ['ACTIVE'] } },
        ),
      );
      const active = data.products.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(active.length).toBeGreaterThanOrEqual(4);
      const one = ok(
        await query(
          'mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode product { status } monitor { id state } } }',
          { id: active[0] },
        ),
      );
      await settled(one.updateSimCardStatus.monitor?.id);
      const batch = ok(
        await query(
          'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id state } }',
          { ids: active.slice(1, 4) },
        ),
      );
      expect(await settled(batch.batchUpdate.id)).toBe('DONE');
    }, 90_000);
  }

  /** Waits for a monitor to leave IN_PROGRESS; its final state. */
  async function settled(id: string | undefined): Promise<string> {
    if (!id) return 'DONE';
    for (let i = 0; i < 300; i++) {
      const m = ok(await query('query($id: ID!) { monitor(id: $id) { state } }', { id })).monitor;
      if (m.state !== 'IN_PROGRESS') return m.state;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`monitor ${id} still IN_PROGRESS`);
  }

  it('every request and response of those platforms conforms to its specification', () => {
    const mine = exchanges.filter((x) => PLATFORMS.some((p) => p.code === x.platform));
    expect(mine.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const x of mine) {
      const platform = PLATFORMS.find((p) => p.code === x.platform)!;
      const validation = sets.get(platform.code)!.validate(x);
      results.push({ platform, exchange: x, validation });
      problems.push(...validation.problems.map((m) => `${x.platform} ${m}`));
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('lists the adapter operations validated per platform: every operation of the Cisco, Aeris and 1NCE adapters', async () => {
    expect(results.length).toBeGreaterThan(0);
    const metricsSeen = new Map<string, Set<string>>();
    // The gateway's own count of the calls each adapter made, by operation name.
    for (const { labels } of (await gateway.gateway.deps.metrics.backendCalls.get()).values) {
      if (!metricsSeen.has(String(labels.platform))) metricsSeen.set(String(labels.platform), new Set());
      metricsSeen.get(String(labels.platform))!.add(String(labels.operation));
    }
    const report: string[] = [];
    for (const p of PLATFORMS) {
      const named = sourceOperations(p.folder);
      const called = metricsSeen.get(p.code) ?? new Set<string>();
      // Every operation the adapter names or was seen calling has its documented operation in the table above.
      for (const op of [...named, ...called])
        expect(Object.keys(p.operations), `${p.code} adapter operation ${op} has a documented operation`).toContain(op);
      const validated = new Map<string, { requests: number; bodies: number }>();
      for (const r of results.filter((x) => x.platform === p && x.validation.operation)) {
        const op = Object.entries(p.operations).find(([, doc]) => doc === r.validation.operation!.name)?.[0];
        if (!op) continue;
        const v = validated.get(op) ?? { requests: 0, bodies: 0 };
        v.requests++;
        if (r.validation.responseSchema) v.bodies++;
        validated.set(op, v);
      }
      for (const op of named) {
        expect(validated.has(op), `${p.code} ${op}: its traffic was recorded and validated`).toBe(true);
        if (!p.noResponseSchema?.includes(op))
          expect(
            validated.get(op)!.bodies,
            `${p.code} ${op}: a response body was validated against a schema`,
          ).toBeGreaterThan(0);
      }
      report.push(
        `${p.code}: ${[...named]
          .sort()
          .map(
            (op) =>
              `${op} (${validated.get(op)?.requests ?? 0} exchanges${p.noResponseSchema?.includes(op) ? ', the spec publishes no response schema: status checked' : ''})`,
          )
          .join(', ')}`,
      );
    }
    console.log(`validated adapter operations:\n  ${report.join('\n  ')}`);
  });
});
