/** Runs the overhead benchmark alone (`npx tsx bench/overhead-only.ts [seconds] [connections]`), as `npm run bench` does. */
import { startBenchEnv, useBuiltGateway } from './lib.js';
import { overhead } from './overhead.js';

useBuiltGateway();
const env = await startBenchEnv({ fleetSize: 200, rateLimits: false });
try {
  const r = await overhead(env, { seconds: Number(process.argv[2] ?? 10), connections: Number(process.argv[3] ?? 10) });
  console.log(`## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`);
} finally {
  await env.stop();
}
