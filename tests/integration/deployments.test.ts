/**
 * Two StockPulse deployments on one Redis with the same REDIS_PREFIX (as two default-configured
 * instances both have `sp`), each with its own data directory: a KPI push in one never reaches a
 * board of the other and their queues are apart, while two nodes of one deployment (the same
 * id, as scaled-mode nodes sharing a ClickHouse database find it) share rooms. The other node
 * runs in a process of its own (tests/helpers/realtime-node.ts) with real sockets over Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import type { Socket } from 'socket.io-client'
import { createTestRuntime, expectNoKeysLeft, waitFor, type TestRuntime } from '../helpers/runtime'
import { sessionCookie, signedInSocket, startRealtime } from '../helpers/socket'
import { createRedisEmitter } from '@/server/realtime'
import { createQueue } from '@/lib/queues'
import { legacyIngestBacklog, resolveDeploymentId } from '@/server/deployment'
import { connectRedis } from '@/lib/redis'
import { KPI_EVENT } from '@/lib/kpis/definitions'

interface Node {
  url: string
  deploymentId: string
  redisPrefix: string
  cookie: string
  emit(room: string, payload: unknown): void
  stop(): Promise<void>
}

/** Another web node, in its own process, with its own data directory. */
async function startNode(env: Record<string, string>): Promise<Node> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/realtime-node.ts'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)))
  })
  const info = JSON.parse(first)
  return {
    ...info,
    emit: (room, payload) => child.stdin!.write(`emit ${room} ${KPI_EVENT} ${JSON.stringify(payload)}\n`),
    async stop() {
      child.stdin!.write('quit\n')
      await exited
    },
  }
}

const sharedPrefix = `sptest-dep${randomBytes(3).toString('hex')}`
const open: { close(): unknown }[] = []
let a: TestRuntime

beforeAll(async () => {
  a = await createTestRuntime({ workers: false, env: { REDIS_PREFIX: sharedPrefix } })
}, 60_000)

afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close()
})

afterAll(async () => {
  await a?.cleanup()
  // Every runtime removed its deployment's keys (the other nodes theirs as they quit), the test
  // the queue it made under the bare prefix: nothing of this test is left on the shared Redis.
  if (a) await expectNoKeysLeft(a.rt.config.REDIS_URL, sharedPrefix)
})

/** Everything a socket is pushed on the KPI event. */
function received(socket: Socket): unknown[] {
  const got: unknown[] = []
  socket.on(KPI_EVENT, (p) => got.push(p))
  return got
}

const settle = () => new Promise((r) => setTimeout(r, 700))

describe('two deployments on one Redis, same REDIS_PREFIX', () => {
  it('never push into each other\'s boards, from a web node or from a worker process, and keep their queues apart', async () => {
    const b = await startNode({ REDIS_PREFIX: sharedPrefix })
    open.push({ close: () => b.stop() })
    expect(b.deploymentId).not.toBe(a.rt.deploymentId)

    const sa = await startRealtime(a.rt)
    open.push(sa)
    const clientA = await signedInSocket(sa.url, await sessionCookie(a.rt))
    const clientB = await signedInSocket(b.url, b.cookie)
    open.push(clientA, clientB)
    const gotA = received(clientA)
    const gotB = received(clientB)

    const redis = connectRedis(a.rt.config.REDIS_URL, 'worker')
    open.push({ close: () => redis.disconnect() })
    sa.realtime.emitter.emit('kpi:all', KPI_EVENT, { from: 'a-web' })
    createRedisEmitter(redis, a.rt.redisPrefix).emit('kpi:all', KPI_EVENT, { from: 'a-worker' })
    b.emit('kpi:all', { from: 'b-web' })
    createRedisEmitter(redis, b.redisPrefix).emit('kpi:all', KPI_EVENT, { from: 'b-worker' })

    await waitFor(() => gotA.length >= 2 && gotB.length >= 2)
    await settle()
    expect(gotA).toEqual([{ from: 'a-web' }, { from: 'a-worker' }])
    expect(gotB.toSorted((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([{ from: 'b-web' }, { from: 'b-worker' }])

    // A job queued by one deployment is not the other's to take.
    const queueB = createQueue('kpiRefresh', redis, b.redisPrefix)
    open.push(queueB)
    const job = await a.rt.queues.kpiRefresh.add('refresh', {})
    expect(await a.rt.queues.kpiRefresh.getJob(job.id!)).toBeDefined()
    expect(await queueB.getJob(job.id!)).toBeUndefined()
    expect(await queueB.count()).toBe(0)
    expect(a.rt.redisPrefix).toBe(`${sharedPrefix}:${a.rt.deploymentId}`)
  })

  it('while two nodes of one deployment (same id) share rooms through Redis', async () => {
    const peer = await startNode({ REDIS_PREFIX: sharedPrefix, DEPLOYMENT_ID: a.rt.deploymentId })
    open.push({ close: () => peer.stop() })
    expect(peer.redisPrefix).toBe(a.rt.redisPrefix)
    const sa = await startRealtime(a.rt)
    open.push(sa)
    const clientA = await signedInSocket(sa.url, await sessionCookie(a.rt))
    open.push(clientA)
    const gotA = received(clientA)

    peer.emit('kpi:all', { from: 'peer-web' })
    await waitFor(() => gotA.length >= 1)
    await settle()
    expect(gotA).toEqual([{ from: 'peer-web' }])
  })

  it('at shutdown drops its browsers so that they reconnect (to another node, or to this one restarted)', async () => {
    const sa = await startRealtime(a.rt)
    open.push(sa)
    const client = await signedInSocket(sa.url, await sessionCookie(a.rt))
    open.push(client)
    const reason = new Promise<string>((resolve) => client.once('disconnect', resolve))
    sa.realtime.disconnectAll()
    // "io server disconnect" would leave the board disconnected until a reload.
    expect(await reason).toBe('transport close')
  })

  it('keeps its id with its data, and nodes starting together agree on one', async () => {
    const ch = a.rt.clickhouse
    expect(await resolveDeploymentId(ch.interactive, '')).toBe(a.rt.deploymentId)
    // A fresh store: two nodes racing to create the id both end up with the first one inserted.
    await ch.heavy.command({ query: 'TRUNCATE TABLE deployment' })
    const [x, y] = await Promise.all([resolveDeploymentId(ch.heavy, ''), resolveDeploymentId(ch.interactive, '')])
    expect(x).toBe(y)
    expect(await resolveDeploymentId(ch.bulk, '')).toBe(x)
    expect(await resolveDeploymentId(ch.bulk, 'from-env')).toBe('from-env')
  })

  it('counts the batches an earlier version left in the queue under bare REDIS_PREFIX', async () => {
    expect(await legacyIngestBacklog(a.rt.redis, sharedPrefix)).toBe(0)
    // What the earlier version's producer left behind: BullMQ's queue at `REDIS_PREFIX:ingest`.
    const legacy = createQueue('ingest', a.rt.redis, sharedPrefix)
    open.push({
      async close() {
        await legacy.obliterate({ force: true })
        await legacy.close()
      },
    })
    await legacy.add('batch', { source: 'pos', received_at: new Date().toISOString(), format: 'json', events: 1 })
    await legacy.add('batch', { source: 'pos', received_at: new Date().toISOString(), format: 'json', events: 1 }, { delay: 60_000 })
    expect(await legacyIngestBacklog(a.rt.redis, sharedPrefix)).toBe(2)
    expect(await legacyIngestBacklog(a.rt.redis, a.rt.redisPrefix)).toBe(0)
  })
})
