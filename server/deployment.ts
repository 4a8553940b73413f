/**
 * Which deployment this process belongs to. A deployment is one set of data: one DATA_DIR in
 * embedded mode, one ClickHouse database in scaled mode (web nodes and workers sharing it). Its
 * id namespaces every Redis key, BullMQ queue and the Socket.IO channel
 * (`lib/redis-keys.ts: deploymentPrefix`), so two deployments on one Redis with the same
 * REDIS_PREFIX never take each other's jobs or push into each other's boards.
 *
 * DEPLOYMENT_ID, when set, wins. Otherwise the id is made on first start and stored in
 * ClickHouse (migration 014), where every process of the deployment finds the same one. The id
 * made is the ClickHouse database's own UUID (its first 12 hex digits), not a random one: two
 * nodes starting together on an empty store then insert the same id, so they agree whichever
 * inserts or reads first (with random ids, a node that read between the two inserts kept its own).
 */
import { randomBytes } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import type { Redis } from 'ioredis'
import { QUEUES } from '@/lib/queues'
import { z } from 'zod'
import { defineQuery } from '@/lib/clickhouse/query'

const databaseUuid = defineQuery({
  name: 'deployment.database_uuid',
  sql: 'SELECT toString(uuid) AS uuid FROM system.databases WHERE name = currentDatabase()',
  params: z.object({}),
  row: z.object({ uuid: z.string() }),
})

const firstDeployment = defineQuery({
  name: 'deployment.first',
  sql: 'SELECT id FROM deployment ORDER BY created_at, id LIMIT 1',
  params: z.object({}),
  row: z.object({ id: z.string() }),
})

export async function resolveDeploymentId(client: ClickHouseClient, configured: string): Promise<string> {
  if (configured) return configured
  const [known] = await firstDeployment(client, {})
  if (known) return known.id
  const [db] = await databaseUuid(client, {})
  const uuid = db?.uuid.replace(/-/g, '').slice(0, 12)
  // An Ordinary database has the zero UUID: then a random id, and the race above is back.
  const id = uuid && !/^0+$/.test(uuid) ? uuid : randomBytes(6).toString('hex')
  await client.insert({ table: 'deployment', values: [{ id }], format: 'JSONEachRow' })
  const [first] = await firstDeployment(client, {})
  if (!first) throw new Error('deployment id: the row just inserted is not readable')
  return first.id
}

/**
 * Ingest batches still queued under bare REDIS_PREFIX, where versions before deployment ids kept
 * the queue: this version never takes them (it cannot tell which deployment accepted them), so
 * the start warns about them rather than leaving them to wait unseen.
 */
export async function legacyIngestBacklog(redis: Redis, redisPrefix: string): Promise<number> {
  const queue = `${redisPrefix}:${QUEUES.ingest.name}`
  const [wait, active, delayed, prioritized] = await Promise.all([
    redis.llen(`${queue}:wait`),
    redis.llen(`${queue}:active`),
    redis.zcard(`${queue}:delayed`),
    redis.zcard(`${queue}:prioritized`),
  ])
  return wait + active + delayed + prioritized
}
