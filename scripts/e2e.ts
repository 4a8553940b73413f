/**
 * `npm run test:e2e`: Playwright with this run's own Redis key prefix and data directory, removed
 * once Playwright has exited. Playwright stops its web server after the global teardown, and the
 * server's workers can still write to Redis while they close (a BullMQ queue's meta key was left
 * behind this way), so the cleaning waits for the whole run, server included. Arguments go to
 * `playwright test` (e.g. one spec file).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deleteKeysWithPrefix } from '../lib/redis'

const prefix = process.env.E2E_REDIS_PREFIX ?? `spe2e${Date.now().toString(36)}`
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-'))
const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js')

const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, E2E_REDIS_PREFIX: prefix, E2E_DATA_DIR: dataDir },
})
// Ctrl+C reaches Playwright through the terminal's process group; wait for it to finish cleaning up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', async (code, signal) => {
  try {
    await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)
    rmSync(dataDir, { recursive: true, force: true })
  } finally {
    process.exit(code ?? (signal ? 1 : 0))
  }
})
