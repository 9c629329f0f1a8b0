/** Runs the request-deadline section alone (`npx tsx bench/deadline-only.ts [runs]`), on the same environment as `npm run bench`. */
import { deadline } from './deadline.js';
import { startBenchEnv, useBuiltGateway } from './lib.js';

useBuiltGateway();
const env = await startBenchEnv({ fleetSize: 200 });
try {
  const r = await deadline(env, { runs: Number(process.argv[2] ?? 10) });
  console.log(`## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`);
} finally {
  await env.stop();
}
