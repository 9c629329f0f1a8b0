/**
 * Configuration: environment variables over an optional JSON config file (CONFIG_FILE), validated at start. Every
 * bad value is reported by name with what is expected; `loadConfig` never returns a half-valid config.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `a URL starting with ${protocols.join(' or ')}`,
  );

/** The settings, by environment variable name (the config file uses the same names). */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  /** The URL clients reach the gateway at; the tokens' issuer. Default http://localhost:PORT. */
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** Prefix of every Redis key and channel of this deployment; default derived from the store and Redis database. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, '1 to 64 letters, digits or . _ : -')
    .optional(),
  /** embedded: start the sandbox in-process and create the demo tenant; off: use configured accounts only. Default: embedded, off in production. */
  SANDBOX: z.enum(['embedded', 'off']).optional(),
  SANDBOX_PORT: int(0, 65000).default(4100),
  SANDBOX_FLEET_SIZE: int(1, 1_000_000).default(200),
  SANDBOX_ASYNC_DELAY_MS: int(0, 3_600_000).default(3000),
  SANDBOX_SEED: z.string().min(1).default('sandbox'),
  /** A sandbox's manifest (GET {admin}/admin/manifest): the gateway creates the demo tenant from it. */
  SANDBOX_MANIFEST_URL: url(['http:', 'https:']).optional(),
  DEMO_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{3,64}$/, '3 to 64 letters, digits or . _ ~ -')
    .optional(),
  DEMO_CLIENT_SECRET: z.string().min(12, 'at least 12 characters').max(256).optional(),
  /** 32 bytes (64 hex digits or base64) sealing carrier credentials in the store; default: DATA_DIR/secrets.key. */
  SECRETS_KEY: z
    .string()
    .refine(
      (v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32,
      '32 bytes as 64 hex digits or base64',
    )
    .optional(),
  TOKEN_TTL_SECONDS: int(30, 86_400).default(300),
  /** An external identity provider (Keycloak-style) whose access tokens the gateway also accepts. */
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_JWKS_URL: url(['http:', 'https:']).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** Claim holding the tenant ids (a list, or a space/comma separated string); dotted paths reach nested claims. */
  OIDC_TENANTS_CLAIM: z.string().min(1).default('tenants'),
  /** Claim holding the roles, e.g. realm_access.roles for Keycloak. */
  OIDC_ROLES_CLAIM: z.string().min(1).default('realm_access.roles'),
  OIDC_READ_ROLE: z.string().min(1).default('iot-read'),
  OIDC_WRITE_ROLE: z.string().min(1).default('iot-write'),
  /** Comma-separated allowed origins for CORS, or * for any. */
  /** Failed token requests of one client id from one address answered without delay; later ones wait 1 s, 2 s, 4 s… (≤ 60 s). */
  TOKEN_MAX_FAILURES: int(1, 10_000).default(10),
  /** How long failed token requests are remembered. */
  TOKEN_FAILURE_WINDOW_SECONDS: int(1, 86_400).default(300),
  CORS_ORIGINS: z.string().default('*'),
  /** Default: true, false in production (NODE_ENV=production). */
  GRAPHIQL: bool.optional(),
  INTROSPECTION: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Longest time a GraphQL request may wait on backends, in ms. */
  /** Hold the platforms' published rate limits (on); off only against a sandbox without limits (benchmarks). */
  PLATFORM_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  BACKEND_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Carrier calls one GraphQL request may make; the call over it is refused with QUERY_TOO_COMPLEX. */
  REQUEST_MAX_CARRIER_CALLS: int(1, 100_000).default(200),
  /** A query's budget for its carrier calls, ms (docs/operations.md); mutations keep the carriers' own timeouts. */
  REQUEST_DEADLINE_MS: int(100, 600_000).default(2_000),
  /** How often each process looks for monitors to poll, ms. */
  TRACKER_INTERVAL_MS: int(20, 60_000).default(250),
  /** How long a process's claim on a monitor keeps other processes away; a dead process's monitors wait this long. */
  TRACKER_LEASE_MS: int(1_000, 600_000).default(30_000),
  /** WebSocket connections one tenant may hold open on one process. */
  WS_MAX_CONNECTIONS_PER_TENANT: int(1, 1_000_000).default(20_000),
  /** Subscriptions one WebSocket connection may run at once. */
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 10_000).default(50),
  QUERY_MAX_DEPTH: int(1, 100).default(12),
  QUERY_MAX_ALIASES: int(0, 1000).default(30),
  /** Fields × the page sizes of the lists above them. */
  QUERY_MAX_COST: int(1, 10_000_000).default(50_000),
  /** Fields after fragment expansion. */
  QUERY_MAX_SELECTIONS: int(1, 1_000_000).default(2_000),
  QUERY_MAX_TOKENS: int(10, 1_000_000).default(5_000),
  /** Query cost an application may spend per window (see QUERY_MAX_COST for how cost is counted). */
  APP_COST_PER_WINDOW: int(1, 1_000_000_000).default(1_000_000),
  APP_BUDGET_WINDOW_SECONDS: int(1, 86_400).default(60),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(5_000),
  /** on: reads come from the synced product inventory (default); off: every read asks the platforms (wave 1). */
  INVENTORY: z.enum(['on', 'off']).default('on'),
  /** Seconds between change passes per account (default 60; 5 with the embedded sandbox). */
  INVENTORY_CHANGE_INTERVAL_S: int(1, 86_400).optional(),
  /** Seconds between full listings per account (default 21600; 300 with the embedded sandbox). */
  INVENTORY_FULL_INTERVAL_S: int(10, 604_800).optional(),
  /** Share of each platform's rate budget the sync may use, after interactive calls. */
  INVENTORY_BUDGET_SHARE: z.coerce.number().min(0.01).max(1).default(0.5),
  /** How long a process's claim on an account's sync lasts without renewal (every page renews it). */
  INVENTORY_LEASE_S: int(1, 3_600).default(30),
  /** Stored usage older than this is read live again (and stored). */
  INVENTORY_USAGE_MAX_AGE_S: int(0, 604_800).default(3_600),
  MAX_BODY_BYTES: int(1024, 50_000_000).default(1_000_000),
  /** The admin API under /admin/v1 (docs/administration.md): on, or off to administer with the store directly. */
  ADMIN_API: z.enum(['on', 'off']).default('on'),
  /** The admin API's bearer token; default: generated once into DATA_DIR/admin-token. */
  ADMIN_TOKEN: z.string().min(24, 'at least 24 characters').max(512).regex(/^\S+$/, 'no spaces').optional(),
  /** Where the admin CLI finds the gateway's admin API; default: the URL in DATA_DIR/store.lock, else http://127.0.0.1:PORT. */
  ADMIN_URL: url(['http:', 'https:']).optional(),
  /** Bearer token GET /metrics requires; unset: /metrics is open (keep it on an internal network). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').max(512).optional(),
  /** Comma-separated operation names kept as metric labels (others count as "other"); unset: the first N seen. */
  METRICS_OPERATION_NAMES: z.string().optional(),
  /** Without METRICS_OPERATION_NAMES: how many distinct operation names a process labels before "other". */
  METRICS_OPERATION_NAMES_MAX: int(0, 10_000).default(100),
  /** gzip/br compression of HTTP responses over 1 KiB (off when a proxy in front compresses). */
  COMPRESSION: bool.default(true),
  /** on: serve the schema as an Apollo Federation 2 subgraph (@key on ProductBundle and Monitor, _service, _entities). */
  FEDERATION: z.enum(['on', 'off']).default('off'),
});

/** The settings whose default depends on NODE_ENV (see `productionDefaults`). */
type EnvDependent = 'SANDBOX' | 'GRAPHIQL' | 'INTROSPECTION';
export type Config = Omit<
  z.infer<typeof ConfigSchema>,
  'INVENTORY_CHANGE_INTERVAL_S' | 'INVENTORY_FULL_INTERVAL_S' | EnvDependent
> & {
  PUBLIC_URL: string;
  INVENTORY_CHANGE_INTERVAL_S: number;
  INVENTORY_FULL_INTERVAL_S: number;
  SANDBOX: 'embedded' | 'off';
  GRAPHIQL: boolean;
  INTROSPECTION: boolean;
};

/** The query limits a config sets (same on HTTP and WebSocket). */
export function queryLimits(config: Config) {
  return {
    maxDepth: config.QUERY_MAX_DEPTH,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxCost: config.QUERY_MAX_COST,
    maxSelections: config.QUERY_MAX_SELECTIONS,
    maxTokens: config.QUERY_MAX_TOKENS,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads CONFIG_FILE (if set) and the environment; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let fileValues: Record<string, unknown> = {};
  if (env.CONFIG_FILE) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.CONFIG_FILE, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('the file must hold one JSON object');
      fileValues = parsed as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError([`CONFIG_FILE (${env.CONFIG_FILE}): cannot be read as JSON: ${(err as Error).message}`]);
    }
    const known = new Set(Object.keys(ConfigSchema.shape));
    const unknown = Object.keys(fileValues).filter((k) => !known.has(k));
    if (unknown.length) throw new ConfigError(unknown.map((k) => `${k} (in CONFIG_FILE): unknown setting`));
  }
  const raw: Record<string, unknown> = { ...fileValues };
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(config)';
        const shown =
          name in raw && !/SECRET|PASSWORD|DATABASE_URL|REDIS_URL|KEY|ADMIN_TOKEN/.test(name)
            ? ` (got "${String(raw[name])}")`
            : '';
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const config = { ...result.data, ...productionDefaults(result.data) };
  const problems: string[] = [];
  if ((config.DEMO_CLIENT_ID === undefined) !== (config.DEMO_CLIENT_SECRET === undefined)) {
    problems.push('DEMO_CLIENT_ID and DEMO_CLIENT_SECRET: set both or neither');
  }
  if ((config.OIDC_ISSUER === undefined) !== (config.OIDC_JWKS_URL === undefined)) {
    problems.push('OIDC_ISSUER and OIDC_JWKS_URL: set both to trust an external identity provider, or neither');
  }
  if (
    config.NODE_ENV === 'production' &&
    (config.SANDBOX === 'embedded' || config.SANDBOX_MANIFEST_URL) &&
    !config.DEMO_CLIENT_SECRET
  ) {
    problems.push(
      'NODE_ENV=production with a demo tenant (SANDBOX=embedded or SANDBOX_MANIFEST_URL): the demo application would get a generated secret kept in DATA_DIR; set DEMO_CLIENT_ID and DEMO_CLIENT_SECRET, or run without the sandbox',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  const sandboxed = config.SANDBOX === 'embedded';
  return {
    ...config,
    PUBLIC_URL: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
    INVENTORY_CHANGE_INTERVAL_S: config.INVENTORY_CHANGE_INTERVAL_S ?? (sandboxed ? 5 : 60),
    INVENTORY_FULL_INTERVAL_S: config.INVENTORY_FULL_INTERVAL_S ?? (sandboxed ? 300 : 21_600),
  };
}

/**
 * NODE_ENV=production switches off what a public deployment must not expose unless it is asked for explicitly:
 * GraphiQL, introspection and the embedded sandbox (GRAPHIQL=true, INTROSPECTION=true, SANDBOX=embedded turn them
 * back on). Elsewhere all three default to on, for `npm start`.
 */
function productionDefaults(values: z.infer<typeof ConfigSchema>): Pick<Config, EnvDependent> {
  const production = values.NODE_ENV === 'production';
  return {
    SANDBOX: values.SANDBOX ?? (production ? 'off' : 'embedded'),
    GRAPHIQL: values.GRAPHIQL ?? !production,
    INTROSPECTION: values.INTROSPECTION ?? !production,
  };
}
