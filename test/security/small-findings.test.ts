/**
 * The smaller findings of issue 16 (item 8), each as a user or operator meets it: `customProperty` filters with an
 * empty name or a 10 kB value are refused with the limits; `backends` lists transitions only for platforms that can
 * change a status (none for TURKCELL); responses with partial platform errors are counted `outcome="partial"`; the
 * start banner keeps a DEMO_CLIENT_SECRET out of the terminal; an oversized WebSocket frame logs one clean line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { turkcellSimulator } from '../../sandbox/simulators/turkcell/index.js';
import { DEMO, startGatewayProcess, type GatewayProcess } from '../helpers/process.js';
import { startStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack(
    [
      { code: 'TMUS', factory: ciscoSimulator },
      { code: 'TURKCELL', factory: turkcellSimulator },
    ],
    { fleetSize: 10 },
  );
});
afterAll(async () => stack?.close());

describe('customProperty list filter', () => {
  it.each(['LIVE', 'INVENTORY'])(
    'refuses an empty name and a 10 kB value, stating the limits (%s)',
    async (consistency) => {
      const LIST = `query($p: CustomPropertyInput!) { products(first: 5, filter: { customProperty: $p }, consistency: ${consistency}) { edges { node { id } } } }`;
      const empty = await stack.query(LIST, { p: { name: '', value: 'x' } });
      expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(empty.errors?.[0]?.message).toMatch(/name must be 1 to 64 characters/);
      const long = await stack.query(LIST, { p: { name: 'colour', value: 'v'.repeat(10_000) } });
      expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(long.errors?.[0]?.message).toMatch(/value must be at most 1024 characters/);
      const fine = await stack.query(LIST, { p: { name: 'colour', value: 'blue' } });
      expect(fine.errors).toBeUndefined();
    },
  );
});

describe('backends', () => {
  it('lists status transitions only for platforms that can change a status', async () => {
    const res = await stack.query('{ backends { platform features simStatusTransitions { from to } } }');
    const backends = (
      res.data as { backends: Array<{ platform: string; features: string[]; simStatusTransitions: unknown[] }> }
    ).backends;
    const turkcell = backends.find((b) => b.platform === 'TURKCELL')!;
    expect(turkcell.features).not.toContain('SIM_STATUS_CHANGE');
    expect(turkcell.simStatusTransitions).toEqual([]);
    expect(backends.find((b) => b.platform === 'TMUS')!.simStatusTransitions.length).toBeGreaterThan(0);
    for (const b of backends) {
      const canChange = b.features.includes('SIM_STATUS_CHANGE') || b.features.includes('TERMINAL_STATUS_CHANGE');
      if (!canChange) expect(b.simStatusTransitions, b.platform).toEqual([]);
    }
  });
});

describe('operation metrics', () => {
  it('count a response with partial platform errors as outcome="partial"', async () => {
    const metric = async () => {
      const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('gateway_graphql_operations_total{') &&
            l.includes('name="PartialList"') &&
            l.includes('outcome="partial"'),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await metric();
    // TURKCELL answers every list call with 500: the TMUS products come back with an error beside them.
    expect(
      (await stack.sandbox.admin('PUT', '/admin/faults/TURKCELL', { errorRate: 1, errorStatus: 500 })).status,
    ).toBe(200);
    try {
      const res = await stack.query(
        'query PartialList { products(first: 5, consistency: LIVE) { edges { node { id platform } } } }',
      );
      expect(res.errors?.length).toBeGreaterThan(0);
      expect((res.data as { products: { edges: unknown[] } }).products.edges.length).toBeGreaterThan(0);
      expect(await metric()).toBe(before + 1);
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults');
    }
  });
});

describe('a gateway process', () => {
  let proc: GatewayProcess;
  beforeAll(async () => {
    proc = await startGatewayProcess({
      SANDBOX_MANIFEST_URL: `${stack.sandbox.sandbox.adminUrl}/admin/manifest`,
      LOG_LEVEL: 'info',
    });
  }, 60_000);
  afterAll(async () => proc?.kill('SIGTERM'));

  it('does not print a DEMO_CLIENT_SECRET in its start banner', () => {
    expect(proc.output()).toContain(`client_id=${DEMO.id}`);
    expect(proc.output()).toContain('client_secret=(from DEMO_CLIENT_SECRET)');
    expect(proc.output()).not.toContain(DEMO.secret);
  });

  it('logs an oversized WebSocket frame as one clean line, without a stack', async () => {
    const token = await proc.token();
    const socket = new WebSocket(`${proc.url.replace('http', 'ws')}/demo/graphql`, 'graphql-transport-ws');
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
    await new Promise((r) => socket.once('message', r));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const before = proc.output().length;
    socket.send('x'.repeat(2_000_000));
    expect(await closed).toBe(1009); // Message Too Big
    await new Promise((r) => setTimeout(r, 300));
    const logged = proc.output().slice(before).split('\n').filter(Boolean);
    expect(logged.join('\n')).not.toMatch(/\n\s+at /);
    expect(logged.join('\n')).not.toMatch(/"stack"/);
    const lines = logged.filter((l) => /too big|too large|max payload/i.test(l));
    expect(lines).toHaveLength(1);
    expect((await proc.query('{ backends { platform } }')).data).toBeTruthy(); // still serving
  });
});
