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
    // Says once per run when the spec tests are skipped (no SPECS_DIR: a bare clone).
    globalSetup: ['test/helpers/specs.ts'],
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
