/**
 * `npm start`: the embedded default. Starts the sandbox (simulators of all ten carrier platforms) in this process,
 * then the gateway on PGlite, pointed at the sandbox's manifest over HTTP — the two share no code, exactly as a
 * gateway and real carriers. SANDBOX=off starts the gateway alone.
 */
import { startSandbox } from '../sandbox/core/harness.js';
import { PLATFORM_SIMULATORS } from '../sandbox/registry.js';
import { loadConfigOrExit, runGateway } from '../src/main.js';

const config = loadConfigOrExit();
const stops: Array<() => Promise<void>> = [];
if (config.SANDBOX === 'embedded' && !config.SANDBOX_MANIFEST_URL) {
  const sandbox = await startSandbox({
    platforms: PLATFORM_SIMULATORS,
    port: config.SANDBOX_PORT,
    seed: config.SANDBOX_SEED,
    fleetSize: config.SANDBOX_FLEET_SIZE,
    asyncDelayMs: config.SANDBOX_ASYNC_DELAY_MS,
  }).catch((err: NodeJS.ErrnoException) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `SANDBOX_PORT ${config.SANDBOX_PORT} (or one of the next ten) is in use: set SANDBOX_PORT to a free range, or 0`
        : `The sandbox could not start: ${err.message}`,
    );
    process.exit(1);
  });
  console.log(
    `Sandbox: ${sandbox.manifest.platforms.length} carrier simulators, admin API ${sandbox.adminUrl}/admin/manifest`,
  );
  config.SANDBOX_MANIFEST_URL = `${sandbox.adminUrl}/admin/manifest`;
  stops.push(() => sandbox.close());
}
await runGateway(config, stops);
