/**
 * The README runs as written: every ```sh and ```graphql block, in the README's order, against a fresh gateway and
 * embedded sandbox started as `npm start` starts them (scripts/start.ts in a child process), as a new user would
 * run them on a fresh clone. Any error fails the test.
 *
 * How the blocks run:
 * - The gateway runs in a fresh copy of the clone (node_modules linked, no `data/`), so `./data` is the gateway's
 *   own data directory and `npm run …` works there. It runs on free ports, which replace the defaults in the blocks
 *   (gateway `localhost:4000`; sandbox 4100 and its simulators 4101…4110, in the same order); the blocks get PORT.
 * - ```sh (or bash, shell) blocks run one after the other in that directory as one shell session: a variable a block
 *   sets (SECRET=…, TOKEN=…) is there for the next blocks, and nothing else is given to them. A block fails on a
 *   non-zero exit (`set -eo pipefail`; curl runs with --fail-with-body, so an HTTP error status is one) or when it
 *   prints a GraphQL response with `errors`.
 * - ```graphql blocks: each operation of the block in turn, with the token GraphiQL's "Get demo token" button gets;
 *   queries and mutations over HTTP, subscriptions over graphql-ws, taking their first event (when none comes at
 *   once, the test changes a TMSP SIM's status, which every subscription of the README sees). A response with
 *   `errors` fails, and so does a mutation whose monitor (a change the carriers carry out later) does not end DONE.
 *   `monitor-…` stands for "the id of a monitor an earlier example started": the last one seen.
 * - A block marked `no-run` (```sh no-run) is not run: keep those few (starting the gateway itself, placeholders).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Snippet {
  lang: 'sh' | 'graphql';
  code: string;
  line: number;
  /** The README heading the block is under. */
  section: string;
}

/** The README's runnable blocks, in order (fences ``` and ~~~, any info string; `no-run` excluded). */
function readmeSnippets(markdown: string): { run: Snippet[]; skipped: number } {
  const run: Snippet[] = [];
  let skipped = 0;
  let section = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!.trim();
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const info = open[3]!.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trim().startsWith(fence)) body.push(lines[j++]!);
    const start = i + 1;
    i = j;
    const lang = ({ sh: 'sh', bash: 'sh', shell: 'sh', graphql: 'graphql' } as const)[
      info[0] as 'sh' | 'bash' | 'shell' | 'graphql'
    ];
    if (!lang) continue;
    if (info.includes('no-run')) {
      skipped++;
      continue;
    }
    run.push({ lang, code: body.join('\n'), line: start, section });
  }
  return { run, skipped };
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A free port for the gateway and a free run of eleven for the sandbox (admin API, then the ten simulators). */
async function freePorts(): Promise<{ gateway: number; sandbox: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const sandbox = 20_000 + Math.floor(Math.random() * 40_000);
    const gateway = sandbox + 11;
    const ports = Array.from({ length: 12 }, (_, i) => sandbox + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return { gateway, sandbox };
  }
  throw new Error('no free run of 12 ports');
}

/** Prints of a GraphQL error response anywhere in a block's output (responses are often printed back to back). */
const graphqlErrors = (output: string) => /"errors"\s*:\s*\[\s*\{/.test(output);

let dir: string;
let child: ChildProcess;
let output = '';
let port: number;
let sandboxPort: number;
let base: string;
let token: string;
let lastMonitorId: string | undefined;
const triggered: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'readme-'));
  // A copy of the checkout (node_modules linked): scripts that check `import.meta.url === argv[1]` need real files.
  for (const entry of readdirSync(ROOT)) {
    if (['data', '.git', 'node_modules', 'test-results'].includes(entry)) continue;
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, 'data'));
  ({ gateway: port, sandbox: sandboxPort } = await freePorts());
  base = `http://localhost:${port}`;
  const {
    DATABASE_URL: _d,
    REDIS_URL: _r,
    DEMO_CLIENT_ID: _i,
    DEMO_CLIENT_SECRET: _s,
    PORT: _p,
    DATA_DIR: _dd,
    ...env
  } = process.env;
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: dir,
    env: {
      ...env,
      NODE_ENV: 'development',
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_ASYNC_DELAY_MS: '500',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/listening on/.test(output) && output.includes('Health:')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start (scripts/start.ts) exited with ${code}:\n${output}`));
    });
  });
  // What GraphiQL's "Get demo token" button does.
  const res = await post(`${base}/sandbox/demo-token`, '', {});
  const body = (await res.json()) as { access_token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  token = body.access_token;
  // The README says the demo tenant's ten accounts are in the inventory within seconds of the start: hold it to
  // that before its inventory examples run (ordering needs the inventory).
  const deadline = Date.now() + 120_000;
  for (;;) {
    const sync = await post(`${base}/demo/graphql`, JSON.stringify({ query: '{ inventorySync { lastFullSyncAt } }' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    const rows =
      ((await sync.json()) as { data?: { inventorySync: Array<{ lastFullSyncAt: string | null }> } }).data
        ?.inventorySync ?? [];
    if (rows.length === 10 && rows.every((r) => r.lastFullSyncAt)) break;
    if (Date.now() > deadline) throw new Error(`the demo tenant's inventory did not sync: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The README's default ports (gateway 4000, sandbox 4100 and the simulators 4101…4110) → this run's. */
const localize = (code: string) =>
  code
    .replace(/\b(localhost|127\.0\.0\.1):4000\b/g, `$1:${port}`)
    .replace(
      /\b(localhost|127\.0\.0\.1):41(0\d|10)\b/g,
      (_m, host: string, n: string) => `${host}:${sandboxPort + Number(n)}`,
    );

/** The monitor ids in an answer; the last one stands for `monitor-…` in later examples. */
function noteMonitors(text: string): string[] {
  const ids = [...new Set([...text.matchAll(/"(monitor-[0-9a-f-]{36})"/g)].map((m) => m[1]!))];
  if (ids.length) lastMonitorId = ids.at(-1);
  return ids;
}

/**
 * A change the carriers carry out later succeeds only when its monitor ends DONE: an example whose batch half
 * fails (say, because an earlier example already suspended one of its SIMs) fails here.
 */
async function expectMonitorsDone(ids: string[], where: string): Promise<void> {
  for (const id of ids) {
    const deadline = Date.now() + 90_000;
    let monitor:
      { state: string; responses: Array<{ productId: string; state: string; message: string | null }> } | undefined;
    for (;;) {
      const body = (await (
        await graphqlHttp('query($id: ID!) { monitor(id: $id) { state responses { productId state message } } }', {
          id,
        })
      ).json()) as {
        data?: { monitor: typeof monitor };
      };
      monitor = body.data?.monitor ?? undefined;
      if (!monitor || monitor.state !== 'IN_PROGRESS' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(monitor?.state, `${where}: monitor ${id} did not end DONE:\n${JSON.stringify(monitor, null, 2)}`).toBe(
      'DONE',
    );
  }
}

/** Every variable name a shell block assigns, so that the next blocks see it. */
const assignedNames = (code: string) =>
  [...code.matchAll(/(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
const shellNames = new Set<string>();

async function runShell(snippet: Snippet): Promise<void> {
  for (const name of assignedNames(snippet.code)) shellNames.add(name);
  const state = path.join(dir, '.readme-shell-state');
  const script = [
    'set -eo pipefail',
    'curl() { command curl --fail-with-body "$@"; }',
    `if [ -f ${JSON.stringify(state)} ]; then source ${JSON.stringify(state)}; fi`,
    localize(snippet.code),
    `declare -p ${[...shellNames].join(' ')} 2>/dev/null > ${JSON.stringify(state)} || true`,
  ].join('\n');
  const { HOME, PATH, LANG, TMPDIR } = process.env;
  const shell = spawn('bash', ['-c', script], {
    cwd: dir,
    env: {
      HOME: HOME ?? dir,
      PATH: PATH ?? '/usr/bin:/bin',
      LANG: LANG ?? 'C.UTF-8',
      ...(TMPDIR ? { TMPDIR } : {}),
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  shell.stdout!.on('data', (d) => (out += d));
  shell.stderr!.on('data', (d) => (err += d));
  const timer = setTimeout(() => shell.kill('SIGKILL'), 180_000);
  const code = await new Promise<number | null>((resolve) => shell.once('exit', resolve));
  clearTimeout(timer);
  const where = `README.md:${snippet.line} (${snippet.section})`;
  expect(code, `${where} exited with ${code}\n--- stdout\n${out}\n--- stderr\n${err}`).toBe(0);
  expect(graphqlErrors(out), `${where} printed a GraphQL error:\n${out}`).toBe(false);
  const monitors = noteMonitors(out);
  if (/\bmutation\b/.test(snippet.code)) await expectMonitorsDone(monitors, where);
}

/** The operations of a block, each as its own document with the fragments it uses. */
function operations(code: string): Array<{ name?: string; kind: string; text: string }> {
  const doc = parse(code);
  const fragments = doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return doc.definitions
    .filter((d: DefinitionNode): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => {
      let text = print(op);
      for (const f of fragments) if (text.includes(`...${f.name.value}`)) text += `\n${print(f)}`;
      return { name: op.name?.value, kind: op.operation, text };
    });
}

/** Changes the status of a TMSP SIM (asynchronous: a monitor and, when done, a status event) that no example uses. */
async function triggerEvents(): Promise<void> {
  const list = (await (
    await graphqlHttp(
      '{ products(first: 50, filter: { platforms: [TMSP], statuses: [ACTIVE] }) { edges { node { id } } } }',
    )
  ).json()) as {
    data: { products: { edges: Array<{ node: { id: string } }> } };
  };
  const id = list.data.products.edges.map((e) => e.node.id).find((i) => !README.includes(i) && !triggered.includes(i));
  if (!id) throw new Error('no spare ACTIVE TMSP product to cause an event with');
  triggered.push(id);
  const res = (await (
    await graphqlHttp('mutation($id: ID!) { updateSimCardStatus(productId: $id, status: SUSPENDED) { mode } }', { id })
  ).json()) as { errors?: unknown };
  if (res.errors) throw new Error(`could not cause an event: ${JSON.stringify(res.errors)}`);
}

/**
 * POST over a fresh connection each time (no keep-alive): between blocks a kept-alive socket may be closed by the
 * server's idle timeout just as the next request goes out ("other side closed"), which is not the README's fault.
 */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json(): Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(text) as unknown }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const graphqlHttp = (query: string, variables?: Record<string, unknown>) =>
  post(`${base}/demo/graphql`, JSON.stringify({ query, variables }), {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });

/** The first thing a subscription answers: its first event, its errors, or its completion. */
async function firstEvent(query: string): Promise<{ data?: unknown; errors?: unknown }> {
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/demo/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { Authorization: `Bearer ${token}` },
  });
  try {
    return await new Promise((resolve, reject) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        fn();
      };
      client.subscribe(
        { query },
        {
          next: (value) => settle(() => resolve(value)),
          error: (error) =>
            settle(() =>
              resolve({
                errors: Array.isArray(error)
                  ? error
                  : [{ message: String((error as { reason?: string }).reason ?? error) }],
              }),
            ),
          complete: () => settle(() => resolve({})),
        },
      );
      timers.push(setTimeout(() => void triggerEvents().catch((e: Error) => settle(() => reject(e))), 1_500));
      timers.push(setTimeout(() => settle(() => reject(new Error('no event within 60 s'))), 60_000));
    });
  } finally {
    await client.dispose();
  }
}

async function runGraphql(snippet: Snippet): Promise<void> {
  const where = `README.md:${snippet.line} (${snippet.section})`;
  let ops;
  try {
    ops = operations(snippet.code);
  } catch (err) {
    throw new Error(`${where} is not valid GraphQL: ${(err as Error).message}`);
  }
  expect(ops.length, `${where} holds no operation`).toBeGreaterThan(0);
  for (const op of ops) {
    let text = op.text;
    if (text.includes('monitor-…')) {
      expect(lastMonitorId, `${where}: "monitor-…" but no earlier example started a monitor`).toBeDefined();
      text = text.replaceAll('monitor-…', lastMonitorId!);
    }
    const label = `${where} ${op.kind} ${op.name ?? '(anonymous)'}`;
    const result =
      op.kind === 'subscription'
        ? await firstEvent(text)
        : ((await (await graphqlHttp(text)).json()) as { data?: unknown; errors?: unknown });
    expect(result.errors, `${label} answered errors:\n${JSON.stringify(result, null, 2)}`).toBeUndefined();
    const monitors = noteMonitors(JSON.stringify(result));
    if (op.kind === 'mutation') await expectMonitorsDone(monitors, label);
  }
}

describe('README.md', () => {
  const { run, skipped } = readmeSnippets(README);

  it('has runnable examples, and few that are not run', () => {
    expect(run.filter((s) => s.lang === 'sh').length).toBeGreaterThanOrEqual(2);
    expect(run.filter((s) => s.lang === 'graphql').length).toBeGreaterThanOrEqual(3);
    expect(skipped).toBeLessThanOrEqual(Math.max(3, Math.ceil(run.length / 3)));
  });

  // In the README's order (vitest runs a file's tests one after the other), against one fresh npm start.
  for (const snippet of run) {
    it(`runs README.md:${snippet.line}, a ${snippet.lang} block in "${snippet.section}"`, async () => {
      if (snippet.lang === 'sh') await runShell(snippet);
      else await runGraphql(snippet);
    }, 240_000);
  }
});
