/** After the end-to-end run: remove this run's Redis keys and data directory, nothing else. */
import { rmSync } from 'node:fs'
import { deleteKeysWithPrefix } from '../lib/redis'

export default async function teardown() {
  const prefix = process.env.E2E_REDIS_PREFIX
  if (prefix) await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true })
}
