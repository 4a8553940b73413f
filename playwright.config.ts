/**
 * End-to-end tests: Debian's Chromium (never a downloaded browser) against the real server,
 * started as `npm start` starts it, on its own port, data directory and Redis key prefix. Run them
 * with `npm run test:e2e` (scripts/e2e.ts): it removes the prefix's keys and the data directory
 * once Playwright and its server have stopped.
 */
import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const PORT = Number(process.env.E2E_PORT ?? 3217)
export const E2E_INGEST_KEY = 'e2e-ingest-secret'
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-'))
// A Redis key prefix of this run's own: queued job ids from an earlier run must not shadow this one's.
process.env.E2E_REDIS_PREFIX ??= `spe2e${Date.now().toString(36)}`

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node --import tsx scripts/start.ts',
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.E2E_DATA_DIR,
      REDIS_PREFIX: process.env.E2E_REDIS_PREFIX,
      SIMULATOR: 'off',
      API_KEYS: `e2e:${E2E_INGEST_KEY}:ingest+read+actions`,
      LOG_LEVEL: 'warn',
    },
  },
})
