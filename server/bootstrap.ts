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
import { Identity, currentIdentity, setIdentity } from '@/lib/auth/identity'
import type { Scope } from '@/lib/auth/roles'
import { logger, setLogLevel } from '@/lib/log'
import { configurePlausibility } from '@/lib/events/quarantine'
import type { Runtime } from '@/lib/runtime-types'
import { prepareDataDir, sessionPassword, webhookSecret } from './data-dir'
import { createMetrics } from './metrics'
import { deadLetterCount } from '@/lib/clickhouse/queries/dead-letters'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { readRunMarker, removeRunMarker, writeRunMarker } from './ingest/run-marker'
import { repairAfterCrash } from './ingest/crash-repair'

const log = logger('bootstrap')

export async function createRuntime(config: Config): Promise<Runtime> {
  // Before this process inserts anything: every landing row it writes has ingested_at after this.
  const startedAt = new Date()
  setLogLevel(config.LOG_LEVEL)
  configurePlausibility(config.PLAUSIBILITY_BOUNDS)
  prepareDataDir(config.DATA_DIR)
  // First: a secret file others can read stops the start before anything is opened.
  const sessionSecret = sessionPassword(config)
  const signingSecret = webhookSecret(config)
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
  await repairIfCrashed(config, clickhouse)
  writeRunMarker(config.DATA_DIR, startedAt.getTime())
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
    agents: createQueue('agents', redis, redisPrefix),
    summary: createQueue('summary', redis, redisPrefix),
    deliver: createQueue('deliver', redis, redisPrefix),
    settle: createQueue('settle', redis, redisPrefix),
  }
  const simulatorSecret = randomBytes(24).toString('base64url')
  const apiKeys = parseApiKeys(config.API_KEYS)
  apiKeys.push(...parseApiKeys(`simulator:${simulatorSecret}:${'ingest' satisfies Scope}`))
  // Local users and stored API keys (migration 023), cached here and kept fresh over pub/sub.
  const identity = new Identity({ redis, prefix: redisPrefix, clickhouse, demoMode: config.DEMO_MODE })
  await identity.start()
  setIdentity(identity)
  // The simulated retailer's ERP confirms or rejects the actions it received with a key of its
  // own (actions scope only): its callbacks are told apart from the simulator's ingest in logs and
  // the audit trail, and neither key can do the other's work.
  const simulatedErpSecret = randomBytes(24).toString('base64url')
  apiKeys.push(...parseApiKeys(`simulated-erp:${simulatedErpSecret}:${'actions' satisfies Scope}`))
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
    identity,
    sessionPassword: sessionSecret,
    webhookSecret: signingSecret,
    internalKeys: { simulator: simulatorSecret, simulatedErp: simulatedErpSecret },
    startedAt,
    metrics,
  }
}

/**
 * Close what createRuntime opened. `clean`: every insert of this process has returned (its
 * workers closed in time); only then is the run marker removed, so the next start skips the
 * crash repair.
 */
export async function closeRuntime(rt: Runtime, opts: { clean?: boolean } = {}): Promise<void> {
  await Promise.allSettled(Object.values(rt.queues).map((q) => q.close()))
  if (currentIdentity() === rt.identity) setIdentity(undefined)
  await rt.identity.close()
  await rt.clickhouse.close()
  rt.redis.disconnect()
  if (opts.clean ?? true) removeRunMarker(rt.config.DATA_DIR)
}

/**
 * The process before on this DATA_DIR did not stop cleanly: repair the views its last inserts may
 * have left half written (server/ingest/crash-repair.ts), before any worker takes a job. Only the
 * id sets when ClickHouse is a server other writers may share (CLICKHOUSE_URL).
 */
async function repairIfCrashed(config: Config, clickhouse: ClickHouse): Promise<void> {
  const crashed = readRunMarker(config.DATA_DIR)
  if (!crashed) return
  const exclusive = !config.CLICKHOUSE_URL
  const report = await repairAfterCrash(clickhouse.heavy, { since: crashed.startedAt, exclusive })
  log.warn('the process before did not stop cleanly; repaired what its last inserts may have left half written', { ...report, pid: crashed.pid, exclusive })
  if (!exclusive) {
    log.warn('ClickHouse is a server (CLICKHOUSE_URL): rollups and landed_counts were not repaired, as other writers may be inserting; see docs/architecture.md section 2')
  }
}
