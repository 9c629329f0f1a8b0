import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql realm: Node resolves the bare `graphql` that type-graphql, Apollo and graphql-ws import to its CJS
    // entry (graphql 16 has no exports map); Vite would pick the `module` entry (index.mjs) for our own sources
    // and create a second realm ("Cannot use GraphQLSchema from another module or realm").
    alias: [
      { find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time on the 2-core CI machine (vitest's default is one fewer than the cores: one). The
    // files wait on servers and timers far more than they compute: the suite takes about 9 minutes instead of 16.
    // Each file starts its own servers on free ports, its own databases and Redis key prefix, so none share state.
    maxWorkers: 2,
    minWorkers: 1,
    // Says once per run when the spec tests are skipped (no SPECS_DIR: a bare clone).
    globalSetup: ['test/helpers/specs.ts'],
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
