/** Runs the subscriber curve alone (`npx tsx bench/subscriptions-only.ts [sizes, comma-separated]`), as `npm run bench` does. */
import { startBenchEnv, useBuiltGateway } from './lib.js';
import { subscriptions } from './subscriptions.js';

const sizes = (process.argv[2] ?? '1000,5000,10000,20000').split(',').map(Number);
useBuiltGateway();
const r = await subscriptions(() => startBenchEnv({ fleetSize: 200, rateLimits: false }), { clients: sizes });
console.log(`## ${r.title}\n\n${r.table}\n\n${r.notes.map((n) => `- ${n}`).join('\n')}`);
