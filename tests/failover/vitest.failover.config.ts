import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The fail-over tests: real engine processes on a real PostgreSQL, one of them restarting the
 * server. They run one file at a time, after the main suite, so that nothing else uses PostgreSQL
 * meanwhile:
 *
 *   npx vitest run --config tests/failover/vitest.failover.config.ts
 *
 * (`*.failover.ts`, not `*.test.ts`: the main config does not pick them up.)
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/failover/**/*.failover.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
