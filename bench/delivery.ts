/**
 * bench:delivery: from a person's approval (POST /api/v1/alerts/{id}/decision) to the signed
 * webhook received by the ERP. A StockPulse runtime of its own (Redis under a prefix of its own,
 * embedded ClickHouse in a temporary directory, the deliver worker), the decision API served over
 * HTTP by a plain node server calling the same handler the Next.js route calls (the route is a
 * one-line call to it), and a local receiver that answers 200. BENCH_APPROVALS open cards are
 * written through the alert store, then approved one after another; each is timed from just
 * before its POST to the moment its webhook arrives. Target: p95 <= 1 s.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import { loadConfig } from '@/lib/config'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import { startWorkers } from '@/jobs/index'
import { handleDecision } from '@/server/api/alerts'
import { nextVersion, writeAlerts, type AlertStoreDeps } from '@/lib/alerts/store'
import type { AlertRecord } from '@/lib/alerts/types'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { latencyRow, latencyStats, loadAverage, printTable } from './lib'

const N = Number(process.env.BENCH_APPROVALS ?? 200)
const KEY = 'bench-delivery-secret'
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

const body = (req: IncomingMessage) => new Promise<Buffer>((resolve) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => resolve(Buffer.concat(chunks)))
})

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const a = server.address()
  return typeof a === 'object' && a ? a.port : 0
}

function card(i: number, now: string): AlertRecord {
  const scope = { sku: `BD-SKU-${i}`, location: `BD-${i % 10}`, channel: 'store', supplier: 'SUP-B' }
  return {
    id: `bd-alert-${i}-${randomBytes(3).toString('hex')}`, key: `stockout_risk|${scope.sku}|${scope.location}|store|SUP-B`, type: 'stockout_risk', scope,
    status: 'open', severity: 'high', value_at_risk: 500, signal: 0.7, why: 'bench', confidence: 0.8, agent: 'stockout-risk', model_version: 'bench',
    recommendation: { action: 'reorder', quantity: 24, cost: 120, value: 400, summary: 'Order 24 units' }, chart: null,
    opened_at: now, updated_at: now, snoozed_until: null, revision: 1, cleared_reason: null, decided_quantity: null,
  }
}

async function main() {
  const arrived = new Map<string, number>()
  const waiters = new Map<string, () => void>()
  const receiver = createServer((req, res) => {
    void body(req).then(() => {
      const id = String(req.headers['webhook-id'] ?? '')
      if (!arrived.has(id)) arrived.set(id, performance.now())
      waiters.get(id)?.()
      res.writeHead(200).end('ok')
    })
  })
  const rxPort = await listen(receiver)

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-delivery-'))
  const prefix = `spbench-${randomBytes(4).toString('hex')}`
  const rt = await createRuntime(loadConfig({
    DATA_DIR: dataDir, REDIS_URL, REDIS_PREFIX: prefix, SIMULATOR: 'off', LOG_LEVEL: 'warn', WORKERS: 'deliver',
    API_KEYS: `erp:${KEY}:actions`, WEBHOOK_URL: `http://127.0.0.1:${rxPort}/erp`,
  }))
  // Pushes are made (to no browser) as in production: the card's push is part of the path.
  rt.emitter = { emit: () => {} }
  const workers = startWorkers(rt, rt.emitter)
  const api = createServer((req, res) => {
    void body(req).then(async (b) => {
      const id = decodeURIComponent(/^\/api\/v1\/alerts\/([^/]+)\/decision$/.exec(req.url ?? '')?.[1] ?? '')
      const r = await handleDecision(rt, new Request(`http://bench${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(b) }), id)
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text())
    })
  })
  const apiPort = await listen(api)

  try {
    const deps: AlertStoreDeps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }
    const now = new Date().toISOString()
    const cards = Array.from({ length: N }, (_, i) => card(i, now))
    await writeAlerts(deps, cards.map((c) => ({ ...c, version: nextVersion(null) })), cards.map((c) => ({
      alert_id: c.id, transition_id: randomUUID(), at: now, actor: { kind: 'agent' as const, id: 'stockout-risk', name: 'stockout-risk agent' },
      from: 'none' as const, to: 'open' as const, reason: 'opened', quantity_before: 24, quantity_after: 24, revision: 1,
    })), new Set())

    const samples: number[] = []
    const answers: number[] = []
    for (const c of cards) {
      const t0 = performance.now()
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/alerts/${c.id}/decision`, {
        method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }),
      })
      const answered = performance.now()
      if (res.status !== 200) throw new Error(`decision on ${c.id}: ${res.status} ${await res.text()}`)
      const actionId = ((await res.json()) as { action?: { id: string } }).action?.id
      if (!actionId) throw new Error(`decision on ${c.id} made no action`)
      if (!arrived.has(actionId)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`webhook of ${actionId} not received in 30 s`)), 30_000)
          waiters.set(actionId, () => (clearTimeout(timer), resolve()))
        })
      }
      samples.push(arrived.get(actionId)! - t0)
      answers.push(answered - t0)
    }
    const s = latencyStats(samples)
    printTable(`bench:delivery: approval -> signed webhook received (${N} approvals one after another, load ${loadAverage()})`, [
      latencyRow('approval to webhook received', samples, 1_000),
      latencyRow('approval answered (POST decision)', answers),
      { metric: 'webhooks received / approvals', value: `${arrived.size} / ${N}` },
    ])
    if (s.p95 > 1_000) process.exitCode = 1
  } finally {
    await workers.close()
    await closeRuntime(rt)
    await new Promise<void>((r) => api.close(() => r()))
    receiver.closeAllConnections()
    await new Promise<void>((r) => receiver.close(() => r()))
    await deleteKeysWithPrefix(REDIS_URL, prefix)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
