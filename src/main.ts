/**
 * The gateway's entry point. `runGateway` loads and checks the configuration (exiting with a list of bad values,
 * no stack trace), starts the server, creates the demo tenants when a sandbox manifest is configured, prints where
 * GraphiQL is, and shuts down cleanly on SIGTERM/SIGINT.
 *
 * `npm start` runs scripts/start.ts, which starts the sandbox in-process first; `node … src/main.ts` alone runs the
 * gateway against configured carrier accounts (production).
 */
import { pathToFileURL } from 'node:url';
import { findAdminCredential } from './admin/credential.js';
import { ensureDemoTenants, fetchManifest, type DemoCredentials } from './bootstrap/demo.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createLogger } from './logging.js';
import { startGateway, type RunningGateway } from './server.js';

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

export async function runGateway(config: Config, onStop: Array<() => Promise<void>> = []): Promise<RunningGateway> {
  const logger = createLogger(config.LOG_LEVEL);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`PORT ${config.PORT} is already in use: set PORT to a free port`);
    else console.error(`The gateway could not start: ${(err as Error).message}`);
    process.exit(1);
  }

  let demo: DemoCredentials | undefined;
  if (config.SANDBOX_MANIFEST_URL) {
    demo = await ensureDemoTenants(gateway.deps, await fetchManifest(config.SANDBOX_MANIFEST_URL));
  }
  printBanner(config, gateway, demo);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 5_000).unref();
    try {
      await gateway.close();
      for (const fn of onStop) await fn();
    } finally {
      clearTimeout(timer);
      logger.info('stopped');
      logger.flush?.();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return gateway;
}

function printBanner(config: Config, gateway: RunningGateway, demo?: DemoCredentials): void {
  const base = config.PUBLIC_URL;
  const lines = ['', `IoT connectivity gateway listening on ${gateway.url} (store: ${gateway.deps.db.kind})`];
  if (demo) {
    // A secret the operator set stays out of logs and terminals; a generated one is shown (it is in DATA_DIR anyway).
    const fromEnv = config.DEMO_CLIENT_SECRET !== undefined;
    const secret = fromEnv ? '(from DEMO_CLIENT_SECRET)' : demo.clientSecret;
    const secretArg = fromEnv ? '"$DEMO_CLIENT_SECRET"' : demo.clientSecret;
    lines.push(
      `  GraphiQL:       ${base}/${demo.tenant}/graphql   (open in a browser)`,
      `  Demo tenant:    ${demo.tenant}`,
      `  Demo client:    client_id=${demo.clientId}  client_secret=${secret}`,
      `  Get a token:    curl -s -X POST ${base}/oauth/token -d grant_type=client_credentials -d client_id=${demo.clientId} -d client_secret=${secretArg}`,
      `  Then in GraphiQL's Headers tab: { "Authorization": "Bearer <access_token>" }`,
    );
  } else {
    lines.push(`  GraphQL:        ${base}/{tenant}/graphql`);
  }
  const admin = config.ADMIN_API === 'on' ? findAdminCredential(config) : undefined;
  if (admin) lines.push(`  Admin API:      ${base}/admin/v1   token: ${admin.source}   (npm run admin -- --help)`);
  lines.push(`  Health:         ${base}/healthz  ${base}/readyz   Metrics: ${base}/metrics`, '');
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runGateway(loadConfigOrExit());
}
