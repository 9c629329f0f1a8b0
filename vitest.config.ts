import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // graphql must stay external (one realm): never inline it or its consumers.
    server: { deps: { inline: [] } },
    reporters: ['default'],
  },
});
