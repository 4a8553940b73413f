/** After the end-to-end run: remove this run's Redis keys and data directory, nothing else. */
import { rmSync } from 'node:fs'
import { Redis } from 'ioredis'

export default async function teardown() {
  const prefix = process.env.E2E_REDIS_PREFIX
  if (prefix) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
    redis.disconnect()
  }
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true })
}
