/**
 * The decision loop end to end through the real engines, in one process: a planner approves a
 * transfer card through the alerts API with a session; the action is made once and the deliver
 * worker posts it, signed, to the simulated retailer's receiver (`POST /api/v1/sim/erp`) over HTTP;
 * the running simulator moves its stock and sends the movement through the ingest API like every
 * live event; the receiver's callback confirms the action; the alert is executed. The audit trail
 * holds each step, its chain verifies, and after one row is altered the check names that row.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createSimulation } from '@/lib/sim'
import { nextVersion, withKeyLock, writeAlerts } from '@/lib/alerts/store'
import type { AlertRecord } from '@/lib/alerts/types'
import { actionWithId } from '@/lib/clickhouse/queries/actions'
import { alertWithId } from '@/lib/clickhouse/queries/alerts'
import { defineQuery } from '@/lib/clickhouse/query'
import { handleDecision } from '@/server/api/alerts'
import { handleCallback } from '@/server/api/actions'
import { handleIngest } from '@/server/api/ingest'
import { handleSimErp } from '@/server/api/sim-erp'
import { verifyAuditChain } from '@/server/api/audit'
import { startSimulator, type SimulatorHandle } from '@/server/simulator'
import { createTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps } from '../helpers/agents'
import { sessionCookie } from '../helpers/socket'

let t: TestRuntime
let server: Server
let sim: SimulatorHandle | undefined

// A store of the simulated retailer, its DC, and a SKU both carry: the DC has stock on day 0.
const world = createSimulation({ seed: 42 }).world
const nSku = world.products.length
const store = world.locations.find((l) => l.kind === 'store' && l.parent >= 0)!
const dc = world.locations[store.parent]
const skuIndex = world.products.findIndex((_, i) => world.carried[store.index * nSku + i] && world.carried[dc.index * nSku + i])
const sku = world.products[skuIndex].id

/** The simulator's movements of `sku` at `location` as StockPulse landed them. */
const movements = defineQuery({
  name: 'test.decision_loop_movements',
  sql: `SELECT kind, qty, ref FROM raw_inventory_movements WHERE location = {location:String} AND sku = {sku:String} AND kind = 'transfer_out'`,
  params: z.object({ location: z.string(), sku: z.string() }),
  row: z.object({ kind: z.string(), qty: z.coerce.number(), ref: z.string() }),
})

const auditKinds = defineQuery({
  name: 'test.decision_loop_audit',
  sql: `SELECT seq, kind, subject_type, subject_id FROM audit_log ORDER BY seq`,
  params: z.object({}),
  row: z.object({ seq: z.coerce.number(), kind: z.string(), subject_type: z.string(), subject_id: z.string() }),
})

/** What the simulator and the deliver worker talk to: ingest, the simulated ERP and the action callback, served by their handlers. */
async function serve(): Promise<string> {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined })
    const cb = /^\/api\/v1\/actions\/([^/]+)\/callback$/.exec(req.url ?? '')
    const answer =
      req.url === '/api/v1/events' ? await handleIngest(t.rt, request)
      : req.url === '/api/v1/sim/erp' ? await handleSimErp(t.rt, request)
      : cb ? await handleCallback(t.rt, request, decodeURIComponent(cb[1]))
      : new Response(null, { status: 404 })
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** An open transfer card: move 5 units of `sku` from the DC to the store (cost 40: an approval rule auto-approves it unless told otherwise). */
async function transferCard(id: string): Promise<AlertRecord> {
  const now = new Date().toISOString()
  const scope = { sku, location: store.id, channel: 'store', supplier: '' }
  const alert: AlertRecord = {
    id, key: `transfer_opportunity|${sku}|${store.id}|store|`, type: 'transfer_opportunity', scope, status: 'open', severity: 'high',
    value_at_risk: 600, signal: 0.7, why: `${store.id} runs out in 2 days; ${dc.id} holds 40 days of cover.`,
    recommendation: { action: 'transfer', quantity: 5, from_location: dc.id, cost: 40, value: 300, summary: `Transfer 5 units from ${dc.id}` },
    confidence: 0.9, agent: 'transfers', model_version: 'test-1', chart: null, opened_at: now, updated_at: now, snoozed_until: null,
    revision: 1, cleared_reason: null, decided_quantity: null,
  }
  const deps = alertStoreDeps(t)
  const done = await withKeyLock(deps, alert.key, () =>
    writeAlerts(deps, [{ ...alert, version: nextVersion(null) }], [{
      alert_id: id, transition_id: randomUUID(), at: now, actor: { kind: 'agent', id: 'transfers', name: 'transfers agent' },
      from: 'none', to: 'open', reason: 'opened', quantity_before: 5, quantity_after: 5, revision: 1,
    }], new Set()),
  )
  if (!done.ok) throw new Error('the card is locked')
  return alert
}

beforeAll(async () => {
  const baseUrl = await serve()
  t = await createTestRuntime({
    env: { SIMULATOR_BACKFILL_DAYS: '0', DEMO_MODE: 'on', SIM_REPLENISHMENT: 'stockpulse', WORKERS: 'ingest,deliver', WEBHOOK_URL: `${baseUrl}/api/v1/sim/erp`, WEBHOOK_SECRET: '' },
  })
  sim = startSimulator(t.rt, { baseUrl, apiKey: t.rt.internalKeys.simulator, actionsKey: t.rt.internalKeys.simulatedErp, emitter: { emit() {} } })
  await sim.backfilled
}, 120_000)

afterAll(async () => {
  await sim?.stop()
  await new Promise((r) => server?.close(r))
  await t?.cleanup()
})

describe('the decision loop', () => {
  it('a planner approves a transfer; it is delivered, the simulated stock moves, the receiver confirms, and the trail holds every step', async () => {
    expect(skuIndex, 'a SKU the store and its DC both carry').toBeGreaterThanOrEqual(0)
    const alertId = `loop-${randomUUID().slice(0, 8)}`
    await transferCard(alertId)

    const cookie = await sessionCookie(t.rt, 'u-planner')
    const res = await handleDecision(
      t.rt,
      new Request(`http://t/api/v1/alerts/${alertId}/decision`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }) }),
      alertId,
    )
    expect(res.status, await res.clone().text()).toBe(200)
    const actionId = ((await res.json()) as { action?: { id: string } }).action!.id

    // Delivered to the simulated ERP, applied on its next tick, confirmed by its callback.
    const confirmed = await waitFor(async () => {
      const a = await actionWithId(t.rt.clickhouse.interactive, actionId)
      return a?.status === 'confirmed' ? a : undefined
    }, 60_000)
    expect(confirmed).toMatchObject({ kind: 'transfer', sku, location: store.id, from_location: dc.id, quantity: 5, approved_by: { kind: 'person' } })
    expect(confirmed.detail).toMatch(new RegExp(`^transfer \\S+: 5 units ${dc.id} -> ${store.id}`))
    const transferId = /^transfer (\S+):/.exec(confirmed.detail)![1]

    // The simulated stock moved: the DC's transfer_out reached StockPulse through the ingest API.
    const out = await waitFor(async () => {
      const rows = await movements(t.rt.clickhouse.interactive, { location: dc.id, sku })
      return rows.find((r) => r.ref === transferId)
    }, 30_000)
    expect(out.qty).toBe(5)

    // The card is executed, by the system, after the delivery.
    await waitFor(async () => (await alertWithId(t.rt.clickhouse.interactive, alertId))?.status === 'executed', 20_000)

    // The trail holds each step, in order, and its chain verifies.
    const trail = await waitFor(async () => {
      const rows = await auditKinds(t.rt.clickhouse.interactive, {})
      return rows.some((r) => r.kind === 'action.callback') && rows.filter((r) => r.subject_id === alertId).length >= 3 ? rows : undefined
    }, 20_000)
    const steps = trail.filter((r) => r.subject_id === alertId || r.subject_id === actionId).map((r) => r.kind)
    expect(steps).toEqual(expect.arrayContaining(['alert.transition', 'action.created', 'action.delivery', 'action.callback']))
    // Created before it was tried or confirmed. The receiver may confirm before the worker has
    // written its record of the try (it applies the action and calls back while the worker waits
    // for the POST's answer), so delivery and callback are in the order they were written.
    expect(steps.indexOf('action.created')).toBeLessThan(steps.indexOf('action.delivery'))
    expect(steps.indexOf('action.created')).toBeLessThan(steps.indexOf('action.callback'))
    const ok = await verifyAuditChain(t.rt)
    expect(ok).toMatchObject({ ok: true, first_broken: null })
    expect(ok.checked).toBe(trail.length)

    // Altering one row (the delivery's) breaks the chain at that row, and the check names it.
    const tampered = trail.find((r) => r.kind === 'action.delivery' && r.subject_id === actionId)!
    await t.rt.clickhouse.interactive.command({
      query: `ALTER TABLE audit_log UPDATE reason = 'nothing happened' WHERE seq = {seq:UInt64}`,
      query_params: { seq: tampered.seq },
      clickhouse_settings: { mutations_sync: '2' },
    })
    const broken = await verifyAuditChain(t.rt)
    expect(broken.ok).toBe(false)
    expect(broken.first_broken?.seq).toBe(tampered.seq)
  }, 180_000)
})
