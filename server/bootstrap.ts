/** Opens what a Runtime holds (Redis, ClickHouse, migrations, queues, keys) and closes it again. */
import { randomBytes } from 'node:crypto'
import { runsWorker, type Config } from '@/lib/config'
import { IngestBatches } from '@/lib/ingest-batches'
import { openClickHouse } from '@/lib/clickhouse/client'
import { migrate, truthDatabase } from '@/lib/clickhouse/migrate'
import { connectRedis, waitReady } from '@/lib/redis'
import { createQueue } from '@/lib/queues'
import { deploymentPrefix } from '@/lib/redis-keys'
import { legacyIngestBacklog, resolveDeploymentId } from './deployment'
import { parseApiKeys } from '@/lib/auth/api-keys'
import type { Scope } from '@/lib/auth/roles'
import { logger, setLogLevel } from '@/lib/log'
import { configurePlausibility } from '@/lib/events/quarantine'
import type { Runtime } from './runtime'
import { prepareDataDir, sessionPassword } from './data-dir'
import { createMetrics } from './metrics'
import { deadLetterCount } from '@/lib/clickhouse/queries/dead-letters'

const log = logger('bootstrap')

export async function createRuntime(config: Config): Promise<Runtime> {
  setLogLevel(config.LOG_LEVEL)
  configurePlausibility(config.PLAUSIBILITY_BOUNDS)
  prepareDataDir(config.DATA_DIR)
  // First: a secret file others can read stops the start before anything is opened.
  const sessionSecret = sessionPassword(config)
  const redis = connectRedis(config.REDIS_URL, 'producer')
  await waitReady(redis, 5_000)
  const clickhouse = await openClickHouse({
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
    dataDir: config.DATA_DIR,
  })
  await migrate(clickhouse.heavy, { cluster: config.CLICKHOUSE_CLUSTER, truthDb: truthDatabase(config.CLICKHOUSE_URL ? config.CLICKHOUSE_DATABASE : undefined) })
  const deploymentId = await resolveDeploymentId(clickhouse.heavy, config.DEPLOYMENT_ID)
  const redisPrefix = deploymentPrefix(config.REDIS_PREFIX, deploymentId)
  const legacy = await legacyIngestBacklog(redis, config.REDIS_PREFIX).catch(() => 0)
  if (legacy) {
    log.warn(`${legacy} ingest batches wait in the queue of a version before deployment ids (${config.REDIS_PREFIX}:ingest); this version does not land them. Drain them with that version before upgrading (README: Upgrading)`, { deployment: deploymentId })
  }
  const queues = {
    ingest: createQueue('ingest', redis, redisPrefix),
    kpiRefresh: createQueue('kpiRefresh', redis, redisPrefix),
    riskRefresh: createQueue('riskRefresh', redis, redisPrefix),
    recompute: createQueue('recompute', redis, redisPrefix),
  }
  const simulatorSecret = randomBytes(24).toString('base64url')
  const apiKeys = parseApiKeys(config.API_KEYS)
  apiKeys.push(...parseApiKeys(`simulator:${simulatorSecret}:${'ingest' satisfies Scope}`))
  const metrics = createMetrics(queues)
  metrics.setDeadLetterCount(async () => (await deadLetterCount(clickhouse.interactive)).batches)
  return {
    config,
    redis,
    clickhouse,
    deploymentId,
    redisPrefix,
    batches: new IngestBatches(redis, redisPrefix, config.MAX_BATCH_EVENTS, runsWorker(config, 'ingest')),
    queues,
    apiKeys,
    sessionPassword: sessionSecret,
    internalKeys: { simulator: simulatorSecret },
    startedAt: new Date(),
    metrics,
  }
}

export async function closeRuntime(rt: Runtime): Promise<void> {
  await Promise.allSettled(Object.values(rt.queues).map((q) => q.close()))
  await rt.clickhouse.close()
  rt.redis.disconnect()
}
