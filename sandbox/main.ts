/**
 * `npm run sandbox`: starts the simulators of all ten carrier platforms on local ports and prints where they are.
 *
 * Settings (environment): SANDBOX_PORT (admin API port; simulators take the next ten; default 4100),
 * SANDBOX_HOST (127.0.0.1), SANDBOX_PUBLIC_HOST (the host name the manifest gives the gateway; default SANDBOX_HOST —
 * set it to the service name when listening on 0.0.0.0 in a container), SANDBOX_SEED ("sandbox"), SANDBOX_FLEET_SIZE (products per account, default 200),
 * SANDBOX_ACCOUNTS (accounts per platform, default 2), SANDBOX_ASYNC_DELAY_MS (default 2000), SANDBOX_RATE_LIMITS
 * (off: do not enforce the platforms' rate limits — for benchmarks of the gateway).
 */
import { startSandbox } from './core/harness.js';
import { PLATFORM_SIMULATORS } from './registry.js';

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

const sandbox = await startSandbox({
  platforms: PLATFORM_SIMULATORS,
  host: process.env.SANDBOX_HOST || '127.0.0.1',
  publicHost: process.env.SANDBOX_PUBLIC_HOST || undefined,
  port: intFromEnv('SANDBOX_PORT', 4100, 0, 65_000),
  seed: process.env.SANDBOX_SEED || 'sandbox',
  fleetSize: intFromEnv('SANDBOX_FLEET_SIZE', 200, 1, 1_000_000),
  accountsPerPlatform: intFromEnv('SANDBOX_ACCOUNTS', 2, 1, 9),
  asyncDelayMs: intFromEnv('SANDBOX_ASYNC_DELAY_MS', 2000, 0, 3_600_000),
  rateLimits: process.env.SANDBOX_RATE_LIMITS !== 'off',
});

console.log(`Sandbox admin API: ${sandbox.adminUrl}/admin/manifest`);
for (const p of sandbox.manifest.platforms) {
  console.log(
    `  ${p.code.padEnd(9)} ${p.baseUrl}  ${p.system} (${p.accounts.length} accounts × ${p.accounts[0]?.size} products)`,
  );
}

const stop = async (signal: string) => {
  console.log(`Sandbox stopping (${signal})`);
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
