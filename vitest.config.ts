import { defineConfig } from 'vitest/config'
import path from 'node:path'

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'jobs/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Integration tests open an embedded ClickHouse per worker (one process per data directory).
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
