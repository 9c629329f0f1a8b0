/**
 * `npm run admin -- <command>`: manage tenants, platform accounts, applications and signing keys
 * (docs/administration.md; `npm run admin -- --help` lists the commands, `… <command> --help` explains one).
 *
 * Two modes, chosen per run and said in one line on stderr:
 * - through a running gateway's admin API (src/admin/router.ts): the gateway named by ADMIN_URL; on PGlite, the
 *   gateway that holds DATA_DIR's lock (src/admin/lock.ts, which records its URL); on PostgreSQL, a gateway answering
 *   at http://127.0.0.1:PORT when an admin token is at hand (ADMIN_TOKEN, or DATA_DIR/admin-token which the gateway
 *   writes). The gateway applies the command in its own process, so nothing is lost and its caches see it at once;
 * - directly on the store when no gateway is running (or with --direct): on PGlite only after taking DATA_DIR's lock,
 *   which a running gateway holds — so the CLI never writes PGlite files a gateway has open.
 *
 * Both modes run the same checks (src/admin/service.ts). A command that cannot be applied prints why on stderr and
 * exits 1; bad usage exits 2; nothing prints success unless the store has the change. Secrets are printed once.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ADMIN_API_PREFIX, findAdminCredential, type AdminCredential } from '../admin/credential.js';
import { lockHolder, StoreBusyError, StoreLock } from '../admin/lock.js';
import { AdminError, AdminService, credentialFields, parsePlatform, type AccountView } from '../admin/service.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { PLATFORM_CODES } from '../datasources/registry.js';
import type { Application, Tenant } from '../store/tenants.js';

/** Bad usage (exit 2): the command line itself is wrong. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

interface Command {
  name: string;
  args: string;
  summary: string;
  details: string[];
  example: string;
  options: Options;
  positionals: string[];
  /** Checks the command line and says what to do: the admin API call, and the same through the service. */
  plan(p: string[], v: Values): { call: Call; direct: (s: AdminService) => Promise<unknown> };
  print(result: unknown, out: (line: string) => void, note: (line: string) => void): void;
}

const need = (value: string | boolean | undefined, what: string, command: string): string => {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${command}: missing ${what}`, command);
  return value;
};
const enc = encodeURIComponent;

const COMMANDS: Command[] = [
  {
    name: 'tenants list',
    args: '',
    summary: 'list the tenants (id, name)',
    details: ['Prints one tenant a line: id, tab, name.'],
    example: 'npm run admin -- tenants list',
    options: {},
    positionals: [],
    plan: () => ({ call: { method: 'GET', path: '/tenants' }, direct: (s) => s.listTenants() }),
    print: (r, out, note) => {
      const list = r as Tenant[];
      if (!list.length) note('(no tenants)');
      for (const t of list) out(`${t.id}\t${t.name}`);
    },
  },
  {
    name: 'tenants create',
    args: '<id> <name>',
    summary: 'create a tenant',
    details: [
      "<id>: lowercase letters, digits and -, up to 63 characters; it is the path of the tenant's GraphQL endpoint",
      '(/<id>/graphql). <name>: a label for people. Fails if the tenant exists.',
    ],
    example: 'npm run admin -- tenants create fleet-co "Fleet Co"',
    options: {},
    positionals: ['<id>', '<name>'],
    plan: (p) => {
      const body = { id: need(p[0], '<id>', 'tenants create'), name: need(p[1], '<name>', 'tenants create') };
      return { call: { method: 'POST', path: '/tenants', body }, direct: (s) => s.createTenant(body) };
    },
    print: (r, out) => out(`tenant ${(r as Tenant).id} created`),
  },
  {
    name: 'accounts list',
    args: '<tenant>',
    summary: "list a tenant's platform accounts (never their credentials)",
    details: ['Prints one account a line: account id, platform, id at the platform, name, base URL (tab-separated).'],
    example: 'npm run admin -- accounts list fleet-co',
    options: {},
    positionals: ['<tenant>'],
    plan: (p) => {
      const tenant = need(p[0], '<tenant>', 'accounts list');
      return {
        call: { method: 'GET', path: `/tenants/${enc(tenant)}/accounts` },
        direct: (s) => s.listAccounts(tenant),
      };
    },
    print: (r, out, note) => {
      const list = r as AccountView[];
      if (!list.length) note('(no accounts)');
      for (const a of list) out(`${a.id}\t${a.platform}\t${a.backendAccountId}\t${a.name}\t${a.baseUrl}`);
    },
  },
  {
    name: 'accounts add',
    args: '<tenant> --platform <CODE> --name <name> --backend-id <id> --base-url <url> --credentials <json>',
    summary: 'give a tenant a carrier platform account',
    details: [
      `--platform     one of ${PLATFORM_CODES.join(', ')} (ONE_NCE is accepted for 1NCE)`,
      '--name         a label for people',
      "--backend-id   the account's id at the platform (organization, partner or account id)",
      "--base-url     the platform API's base URL (http or https)",
      '--credentials  a JSON object of strings; the fields each platform needs:',
      ...PLATFORM_CODES.map((code) => {
        const f = credentialFields(code);
        return `                 ${code.padEnd(9)} ${f.required.join(', ')}${f.optional.length ? ` (optional: ${f.optional.join(', ')})` : ''}`;
      }),
      'The credentials are stored encrypted (SECRETS_KEY) and never shown again.',
    ],
    example:
      'npm run admin -- accounts add fleet-co --platform 1NCE --name "1NCE main" --backend-id 26001 \\\n' +
      '    --base-url https://api.1nce.com --credentials \'{"username":"api-user","password":"…"}\'',
    options: {
      platform: { type: 'string' },
      name: { type: 'string' },
      'backend-id': { type: 'string' },
      'base-url': { type: 'string' },
      credentials: { type: 'string' },
    },
    positionals: ['<tenant>'],
    plan: (p, v) => {
      const c = 'accounts add';
      const tenant = need(p[0], '<tenant>', c);
      let platform: string;
      try {
        platform = parsePlatform(need(v.platform, '--platform', c));
      } catch (err) {
        throw err instanceof AdminError ? new UsageError(`--platform: ${err.message}`, c) : err;
      }
      const raw = need(v.credentials, '--credentials', c);
      let credentials: unknown;
      try {
        credentials = JSON.parse(raw);
      } catch (err) {
        throw new UsageError(
          `--credentials is not valid JSON (${(err as Error).message}); write a JSON object in single quotes, e.g. '{"username":"u","password":"p"}'`,
          c,
        );
      }
      const body = {
        platform,
        name: need(v.name, '--name', c),
        backendId: need(v['backend-id'], '--backend-id', c),
        baseUrl: need(v['base-url'], '--base-url', c),
        credentials,
      };
      return {
        call: { method: 'POST', path: `/tenants/${enc(tenant)}/accounts`, body },
        direct: (s) => s.addAccount(tenant, body),
      };
    },
    print: (r, out) => out(`account ${(r as AccountView).id} added`),
  },
  {
    name: 'accounts remove',
    args: '<account-id>',
    summary: 'remove a platform account (its products disappear from the tenant)',
    details: ['<account-id>: the first column of accounts list.'],
    example: 'npm run admin -- accounts remove fleet-co-1nce-1a2b3c4d',
    options: {},
    positionals: ['<account-id>'],
    plan: (p) => {
      const id = need(p[0], '<account-id>', 'accounts remove');
      return { call: { method: 'DELETE', path: `/accounts/${enc(id)}` }, direct: (s) => s.removeAccount(id) };
    },
    print: (r, out) => out(`account ${(r as { id: string }).id} removed`),
  },
  {
    name: 'apps list',
    args: '',
    summary: 'list the applications (client id, grant, tenants, state, name)',
    details: ['Prints one application a line, tab-separated; state is active or revoked.'],
    example: 'npm run admin -- apps list',
    options: {},
    positionals: [],
    plan: () => ({ call: { method: 'GET', path: '/apps' }, direct: (s) => s.listApplications() }),
    print: (r, out, note) => {
      const list = r as Application[];
      if (!list.length) note('(no applications)');
      for (const a of list)
        out(`${a.clientId}\t${a.grant}\t${a.tenants.join(',')}\t${a.revoked ? 'revoked' : 'active'}\t${a.name}`);
    },
  },
  {
    name: 'apps create',
    args: '--name <name> --grant read|read_write --tenants <t1,t2> [--client-id <id>]',
    summary: 'create an application; prints client_id=… and client_secret=… (the secret once)',
    details: [
      '--grant      read: queries and subscriptions; read_write: mutations too',
      '--tenants    comma-separated tenant ids the application may call (each must exist)',
      '--client-id  3 to 64 letters, digits or . _ ~ - (default: app-<uuid>)',
      'Prints client_id=<id> and client_secret=<secret> on stdout, one a line (the secret is not kept: only its hash).',
      'The application gets tokens with POST /oauth/token (grant_type=client_credentials).',
    ],
    example: 'npm run admin -- apps create --name "fleet dashboard" --grant read --tenants fleet-co',
    options: {
      name: { type: 'string' },
      grant: { type: 'string' },
      tenants: { type: 'string' },
      'client-id': { type: 'string' },
    },
    positionals: [],
    plan: (_p, v) => {
      const c = 'apps create';
      const grant = need(v.grant, '--grant', c);
      if (grant !== 'read' && grant !== 'read_write')
        throw new UsageError(`--grant must be read or read_write (got "${grant}")`, c);
      const tenants = need(v.tenants, '--tenants', c)
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const body = {
        name: need(v.name, '--name', c),
        grant,
        tenants,
        clientId: typeof v['client-id'] === 'string' ? v['client-id'] : undefined,
      };
      return { call: { method: 'POST', path: '/apps', body }, direct: (s) => s.createApplication(body) };
    },
    print: (r, out, note) => {
      const { application, clientSecret } = r as { application: Application; clientSecret: string };
      out(`client_id=${application.clientId}`);
      out(`client_secret=${clientSecret}`);
      note('admin: the client secret is shown once: keep it now');
    },
  },
  {
    name: 'apps rotate-secret',
    args: '<client-id>',
    summary: 'give an application a new secret (printed once); the old one stops working at once',
    details: ['Tokens already issued stay valid until they expire (TOKEN_TTL_SECONDS); revoke to stop them too.'],
    example: 'npm run admin -- apps rotate-secret app-0b6f…',
    options: {},
    positionals: ['<client-id>'],
    plan: (p) => {
      const id = need(p[0], '<client-id>', 'apps rotate-secret');
      return { call: { method: 'POST', path: `/apps/${enc(id)}/rotate-secret` }, direct: (s) => s.rotateSecret(id) };
    },
    print: (r, out, note) => {
      out(`client_secret=${(r as { clientSecret: string }).clientSecret}`);
      note('admin: the new secret is shown once; the old secret no longer works');
    },
  },
  {
    name: 'apps revoke',
    args: '<client-id>',
    summary: 'revoke an application: its secret and its live tokens are refused',
    details: ['Final: a revoked application cannot be restored; create a new one.'],
    example: 'npm run admin -- apps revoke app-0b6f…',
    options: {},
    positionals: ['<client-id>'],
    plan: (p) => {
      const id = need(p[0], '<client-id>', 'apps revoke');
      return { call: { method: 'POST', path: `/apps/${enc(id)}/revoke` }, direct: (s) => s.revokeApplication(id) };
    },
    print: (r, out) =>
      out(`application ${(r as { clientId: string }).clientId} revoked: its secret and live tokens are refused`),
  },
  {
    name: 'keys rotate',
    args: '[--withdraw-old]',
    summary: 'make a new token signing key',
    details: [
      'The previous key keeps verifying the tokens it signed until they expire (TOKEN_TTL_SECONDS).',
      '--withdraw-old: for a key that may have leaked — the previous keys stop verifying at once; their tokens are refused within seconds on every replica, WebSocket connections included.',
    ],
    example: 'npm run admin -- keys rotate',
    options: { 'withdraw-old': { type: 'boolean' } },
    positionals: [],
    plan: (_p, v) => {
      const withdrawOld = v['withdraw-old'] === true;
      return {
        call: { method: 'POST', path: '/keys/rotate', body: { withdrawOld } },
        direct: (s) => s.rotateKeys(withdrawOld),
      };
    },
    print: (r, out) => {
      const { kid, previousKeyValidSeconds } = r as { kid: string; previousKeyValidSeconds: number };
      if (previousKeyValidSeconds === 0)
        return out(
          `new signing key ${kid}; tokens signed by the previous keys are refused within seconds, WebSocket connections included`,
        );
      out(`new signing key ${kid}; the previous key keeps verifying tokens for ${previousKeyValidSeconds} s`);
    },
  },
];

const GLOBAL_OPTIONS = [
  '--direct     write the store directly instead of through a running gateway (refused on PGlite while a gateway runs)',
  "-h, --help   this help; after a command, that command's help",
];

export function usage(command?: string): string {
  const found = COMMANDS.find((c) => c.name === command);
  if (found) {
    return [
      `Usage: npm run admin -- ${found.name}${found.args ? ` ${found.args}` : ''}`,
      '',
      `${found.summary[0]!.toUpperCase()}${found.summary.slice(1)}.`,
      ...found.details.map((d) => `  ${d}`),
      '',
      'Example:',
      `  ${found.example}`,
      '',
      'More: docs/administration.md',
    ].join('\n');
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run admin -- [--direct] <command> [arguments]',
    '',
    'Manage tenants, platform accounts, applications and signing keys. With a gateway running, commands go through',
    'its admin API (ADMIN_URL, default http://127.0.0.1:PORT; token from ADMIN_TOKEN or DATA_DIR/admin-token);',
    'without one, the CLI opens the store itself (DATABASE_URL, or PGlite under DATA_DIR).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...GLOBAL_OPTIONS.map((o) => `  ${o}`),
    '',
    "Run `npm run admin -- <command> --help` for a command's arguments and an example. More: docs/administration.md",
  ].join('\n');
}

/** Where the commands go: a gateway's admin API, or the store directly. */
interface Target {
  describe: string;
  run(call: Call, direct: (s: AdminService) => Promise<unknown>): Promise<unknown>;
  close(): Promise<void>;
}

class ApiTarget implements Target {
  constructor(
    readonly url: string,
    private readonly credential: AdminCredential,
  ) {}
  get describe(): string {
    return `through the gateway's admin API at ${this.url}`;
  }
  async run(call: Call): Promise<unknown> {
    const res = await apiFetch(this.url, call, this.credential.token);
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AdminError(
        'INTERNAL',
        `the gateway at ${this.url} answered ${res.status} with a body that is not JSON`,
      );
    }
    if (!res.ok) {
      const error = (body as { error?: { code?: string; message?: string } }).error;
      const code = (error?.code ?? 'INTERNAL') as AdminError['code'];
      if (res.status === 401)
        throw new AdminError(
          'UNAUTHENTICATED',
          `the gateway at ${this.url} refused the admin token from ${this.credential.source}: ${error?.message ?? res.status}`,
        );
      throw new AdminError(code, error?.message ?? `the gateway answered ${res.status}`);
    }
    return body;
  }
  async close(): Promise<void> {}
}

async function apiFetch(url: string, call: Call, token: string | undefined, timeoutMs = 30_000): Promise<Response> {
  return fetch(`${url}${ADMIN_API_PREFIX}${call.path}`, {
    method: call.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

class DirectTarget implements Target {
  private constructor(
    readonly describe: string,
    private readonly service: AdminService,
    private readonly done: () => Promise<void>,
  ) {}

  static async open(config: Config, why: string): Promise<DirectTarget> {
    let lock: StoreLock | undefined;
    if (!config.DATABASE_URL) {
      if (config.DATA_DIR.startsWith('memory://'))
        throw new AdminError(
          'BAD_REQUEST',
          "DATA_DIR=memory:// is a store in this process's memory only: nothing would be kept. Set DATA_DIR to the gateway's data directory, or DATABASE_URL",
        );
      try {
        lock = StoreLock.acquire(config.DATA_DIR, 'admin-cli');
      } catch (err) {
        if (err instanceof StoreBusyError) {
          throw new AdminError(
            'CONFLICT',
            err.holder.role === 'gateway'
              ? `${err.message}: run the command without --direct to send it through that gateway`
              : err.message,
          );
        }
        throw err;
      }
    }
    try {
      // Loaded only here: the API mode needs neither PGlite nor pg, and starts faster without them.
      const [{ openDb }, { migrate }, { TenantStore }, { KeyStore }, { SecretBox }] = await Promise.all([
        import('../store/db.js'),
        import('../store/migrations.js'),
        import('../store/tenants.js'),
        import('../auth/keys.js'),
        import('../security/secret-box.js'),
      ]);
      const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await migrate(db);
      const service = new AdminService({
        tenants: new TenantStore(db, SecretBox.fromConfig(config.SECRETS_KEY, config.DATA_DIR)),
        keys: new KeyStore(db, config.TOKEN_TTL_SECONDS),
        tokenTtlSeconds: config.TOKEN_TTL_SECONDS,
      });
      const store = config.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `PGlite in ${config.DATA_DIR}`;
      return new DirectTarget(`directly on the store (${store}); ${why}`, service, async () => {
        await db.close();
        lock?.release();
      });
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  run(_call: Call, direct: (s: AdminService) => Promise<unknown>): Promise<unknown> {
    return direct(this.service);
  }
  close(): Promise<void> {
    return this.done();
  }
}

function unreachable(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return err instanceof TypeError || (err as Error).name === 'TimeoutError' || !!cause?.code;
}

/** Chooses the mode (see the header): the admin API of a gateway running on this store, else the store directly. */
async function connect(config: Config, forceDirect: boolean): Promise<Target> {
  if (forceDirect) return DirectTarget.open(config, '--direct');
  const credential = findAdminCredential(config);
  const holder = config.DATABASE_URL ? undefined : lockHolder(config.DATA_DIR);
  const gatewayHolds = holder?.role === 'gateway';
  const url = (
    config.ADMIN_URL ??
    (gatewayHolds ? holder.url : undefined) ??
    `http://127.0.0.1:${config.PORT}`
  ).replace(/\/$/, '');
  const mustUseApi = !!config.ADMIN_URL || gatewayHolds;
  if (gatewayHolds && !holder.url)
    throw new AdminError(
      'CONFLICT',
      `a gateway (pid ${holder.pid}) is starting on ${config.DATA_DIR}; try again once it listens`,
    );
  if (!mustUseApi && !config.DATABASE_URL) return DirectTarget.open(config, 'no gateway has it open');
  if (!mustUseApi && !credential)
    return DirectTarget.open(config, 'no admin token at hand (ADMIN_TOKEN, DATA_DIR/admin-token) to reach a gateway');
  const why = config.ADMIN_URL ? 'ADMIN_URL' : gatewayHolds ? `the gateway holding ${config.DATA_DIR}` : 'default';
  let res: Response;
  try {
    res = await apiFetch(url, { method: 'GET', path: '/status' }, credential?.token, 5_000);
  } catch (err) {
    if (!unreachable(err)) throw err;
    if (mustUseApi) {
      throw new AdminError(
        'CONFLICT',
        gatewayHolds
          ? `a gateway (pid ${holder.pid}) holds the PGlite store in ${config.DATA_DIR} but does not answer at ${url}; its admin API is needed while it runs`
          : `no gateway answers at ADMIN_URL ${url}; unset ADMIN_URL to use the store directly when no gateway runs`,
      );
    }
    return DirectTarget.open(config, `no gateway answers at ${url}`);
  }
  if (res.status === 404 && !mustUseApi) return DirectTarget.open(config, `the server at ${url} has no admin API`);
  if (res.status === 404) {
    throw new AdminError(
      'CONFLICT',
      `the gateway at ${url} (${why}) has no admin API (ADMIN_API=off?)${gatewayHolds ? `; while it holds the PGlite store in ${config.DATA_DIR}, switch ADMIN_API on and restart it, or stop it and run the command again` : ''}`,
    );
  }
  if (res.status === 401) {
    throw new AdminError(
      'UNAUTHENTICATED',
      credential
        ? `the gateway at ${url} refused the admin token from ${credential.source}; use the token the gateway was started with (its ADMIN_TOKEN, or its DATA_DIR/admin-token)`
        : `the gateway at ${url} needs an admin token: set ADMIN_TOKEN to the gateway's ADMIN_TOKEN, or DATA_DIR to the gateway's data directory (which holds admin-token)`,
    );
  }
  if (!res.ok)
    throw new AdminError('INTERNAL', `the gateway at ${url} answered ${res.status} to ${ADMIN_API_PREFIX}/status`);
  return new ApiTarget(url, credential!);
}

function splitCommand(argv: string[]): { words: string[]; rest: string[]; help: boolean; direct: boolean } {
  const words: string[] = [];
  const rest: string[] = [];
  let help = false;
  let direct = false;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--direct') direct = true;
    else if (words.length < 2 && rest.length === 0 && !arg.startsWith('-')) words.push(arg);
    else rest.push(arg);
  }
  return { words, rest, help, direct };
}

/**
 * Runs one command. Results go to `out` (stdout: lists and secrets, one item a line), the mode line and notes to
 * `note` (stderr). Throws UsageError for a bad command line and AdminError when the command cannot be applied.
 */
export async function runAdmin(
  argv: string[],
  out: (line: string) => void = console.log,
  note: (line: string) => void = (l) => console.error(l),
): Promise<void> {
  const { words, rest, help, direct } = splitCommand(argv);
  if (words[0] === 'help') return void out(usage(words.slice(1).join(' ')));
  if (!words.length) {
    if (help) return void out(usage());
    throw new UsageError('no command given', '');
  }
  const name = words.join(' ');
  const command = COMMANDS.find((c) => c.name === name);
  if (!command && help) return void out(usage());
  if (!command) {
    const nouns = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))];
    const verbs = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `)).map((c) => c.name.split(' ')[1]);
    if (verbs.length)
      throw new UsageError(
        words[1]
          ? `unknown command "${name}": ${words[0]} takes ${verbs.join(', ')}`
          : `${words[0]}: say what to do: ${verbs.join(', ')}`,
        '',
      );
    throw new UsageError(`unknown command "${name}": the commands start with ${nouns.join(', ')}`, '');
  }
  if (help) return void out(usage(command.name));

  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true }) as {
      values: Values;
      positionals: string[];
    };
  } catch (err) {
    throw new UsageError(
      `${command.name}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}`,
      command.name,
    );
  }
  if (parsed.positionals.length > command.positionals.length) {
    const extra = parsed.positionals
      .slice(command.positionals.length)
      .map((a) => `"${a}"`)
      .join(' ');
    throw new UsageError(
      `${command.name}: unexpected ${extra}${command.positionals.length ? ` (it takes ${command.positionals.join(' ')}; quote a name with spaces)` : ''}`,
      command.name,
    );
  }
  const plan = command.plan(parsed.positionals, parsed.values);

  const config = loadConfig();
  const target = await connect(config, direct);
  try {
    note(`admin: ${target.describe}`);
    const result = await target.run(plan.call, plan.direct);
    command.print(result, out, note);
  } finally {
    await target.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAdmin(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`admin: ${err.message}`);
        console.error(
          err.help === undefined ? '' : `Run \`npm run admin -- ${err.help ? `${err.help} ` : ''}--help\` for usage.`,
        );
        process.exit(2);
      }
      if (err instanceof ConfigError) console.error(err.message);
      else if (err instanceof AdminError) console.error(`admin: ${err.message}`);
      else if (unreachable(err))
        console.error(
          `admin: the gateway stopped answering (${(err as Error).message}); a change may or may not have been applied: check with a list command`,
        );
      else console.error(`admin: the command failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
