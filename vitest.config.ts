import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel on both, each file's tests in order.
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
