/**
 * `npm run worker`: a worker-only process for scaled mode (CLICKHOUSE_URL set). Works the queues
 * named in WORKERS and reaches browsers through the Redis emitter; web nodes run `npm run web`.
 */
import { loadConfig } from '@/lib/config'
import { logger, setLogLevel } from '@/lib/log'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import { createRedisEmitter } from '@/server/realtime'
import { startWorkers } from '@/jobs/index'
import { connectRedis } from '@/lib/redis'
import { serveMetrics } from '@/server/metrics-server'

const log = logger('worker')

async function main() {
  const config = loadConfig()
  setLogLevel(config.LOG_LEVEL)
  if (!config.CLICKHOUSE_URL) throw new Error('npm run worker needs CLICKHOUSE_URL: embedded ClickHouse allows one process per data directory (use npm start)')
  const rt = await createRuntime(config)
  const emitRedis = connectRedis(config.REDIS_URL, 'worker')
  const workers = startWorkers(rt, createRedisEmitter(emitRedis, rt.redisPrefix))
  const metrics = config.METRICS_PORT ? await serveMetrics(rt, config.METRICS_PORT, config.HOST) : undefined
  if (metrics) log.info('metrics served', { url: metrics.url })
  const stop = async () => {
    log.info('stopping')
    // A job in hand that runs on (a recompute) must not hold the process: BullMQ retries it.
    setTimeout(() => {
      log.warn('workers did not stop within 10 s: exiting; jobs in hand will be retried')
      process.exit(1)
    }, 9_900).unref()
    await metrics?.close()
    await workers.close()
    emitRedis.disconnect()
    await closeRuntime(rt)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err) => {
  console.error(`[stockpulse] ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
