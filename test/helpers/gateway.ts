/**
 * Starts a gateway in-process on a free port for a test file (PGlite in memory unless a database URL is given),
 * with helpers to create tenants and applications and to get tokens.
 */
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/logging.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import type { Grant } from '../../src/store/tenants.js';

export interface TestGateway {
  gateway: RunningGateway;
  url: string;
  config: Config;
  /** Creates an application for the tenants (creating missing tenants) and returns a fresh token. */
  token(tenants: string[], grant?: Grant): Promise<string>;
  /** Creates an application and returns its credentials. */
  application(tenants: string[], grant?: Grant): Promise<{ clientId: string; secret: string }>;
  graphql(
    tenant: string,
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  // Wave 1's suites test the live path: the inventory is on only where a test asks for it, and a query's deadline
  // (REQUEST_DEADLINE_MS) cuts nothing off unless a test sets it (test/gateway/deadline.test.ts does): on a loaded
  // machine their rate-limited pages may take longer than the default 2 s.
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    SANDBOX: 'off',
    INVENTORY: 'off',
    REQUEST_DEADLINE_MS: '60000',
    ...env,
  } as NodeJS.ProcessEnv);
  const gateway = await startGateway(config, createLogger(config.LOG_LEVEL));
  const url = gateway.url;
  let n = 0;
  const application = async (tenants: string[], grant: Grant = 'read_write') => {
    for (const t of tenants) {
      if (!(await gateway.deps.tenants.getTenant(t))) await gateway.deps.tenants.createTenant(t, `Tenant ${t}`);
    }
    const { application: app, secret } = await gateway.deps.tenants.createApplication({
      name: `test app ${++n}`,
      grant,
      tenants,
    });
    return { clientId: app.clientId, secret };
  };
  const token = async (tenants: string[], grant: Grant = 'read_write') => {
    const { clientId, secret } = await application(tenants, grant);
    const res = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    });
    if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  return {
    gateway,
    url,
    config,
    token,
    application,
    graphql: async (tenant, tok, query, variables) => {
      const res = await fetch(`${url}/${tenant}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLBody };
    },
    close: () => gateway.close(),
  };
}
