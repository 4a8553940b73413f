/**
 * The demo loop, simulator side: the simulated ERP receiver (`POST /api/v1/sim/erp`) with the
 * real simulator running live in this process (no backfill, today only). A request signed as the
 * Standard Webhooks specification says (signed here by hand with node:crypto, independent of the
 * receiver's package) is applied once on the next tick: the PO lands through the ingest API like
 * every live event, and the outcome is called back with the simulated ERP's actions key. A bad
 * signature and a malformed body change nothing; a redelivery of the same webhook-id applies once.
 */
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionPayload } from '@/lib/actions/types'
import { createSimulation } from '@/lib/sim'
import { simActionsKey, simErpInboxKey, simErpSeenKey } from '@/lib/redis-keys'
import { openPurchaseOrdersAt } from '@/lib/clickhouse/queries/agent-inputs'
import { handleSimErp } from '@/server/api/sim-erp'
import { handleIngest } from '@/server/api/ingest'
import { webhookSecret } from '@/server/data-dir'
import { startSimulator, type SimulatorHandle } from '@/server/simulator'
import { createTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime'

let t: TestRuntime
let server: Server
let baseUrl = ''
let sim: SimulatorHandle | undefined
const callbacks: { id: string; auth: string; body: { status: string; note: string } }[] = []
const RUN = 'seed-42'

const world = createSimulation({ seed: 42 }).world
const dc = world.locations.find((l) => l.kind === 'dc')!.id
const sku = world.products[0].id

function action(p: Partial<ActionPayload> = {}): ActionPayload {
  return {
    action_id: `act-${Math.random().toString(36).slice(2)}`, kind: 'reorder', alert_id: 'al-1', sku, location: dc, channel: '', supplier: '',
    quantity: 96, cost: 100, value: 250, rule_version: 3, approved_by: { kind: 'rule', rule_version: 3 }, created_at: new Date().toISOString(), ...p,
  }
}

/** Standard Webhooks signing, by hand: v1,base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")). */
function signed(id: string, body: string, opts: { secret?: string; ts?: number } = {}): Request {
  const secret = opts.secret ?? webhookSecret(t.rt.config)
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000))
  const sig = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${ts}.${body}`).digest('base64')
  return new Request('http://t/api/v1/sim/erp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` },
    body,
  })
}
const envelope = (a: ActionPayload) => JSON.stringify({ type: `action.${a.kind}`, timestamp: new Date().toISOString(), data: a })
const applied = async () => (await t.rt.redis.lrange(simActionsKey(t.rt.redisPrefix, RUN), 0, -1)).map((s) => JSON.parse(s) as { at: number; action: ActionPayload })
const inbox = () => t.rt.redis.llen(simErpInboxKey(t.rt.redisPrefix))
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  t = await createTestRuntime({ env: { SIMULATOR_BACKFILL_DAYS: '0', DEMO_MODE: 'on', SIM_REPLENISHMENT: 'stockpulse', WEBHOOK_SECRET: '' } })
  // What the simulator talks to: the ingest route, and the action callback (not in this build: 404, as it must tolerate).
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    const cb = /^\/api\/v1\/actions\/([^/]+)\/callback$/.exec(req.url ?? '')
    if (req.method === 'POST' && cb) {
      callbacks.push({ id: decodeURIComponent(cb[1]), auth: req.headers.authorization ?? '', body: JSON.parse(body.toString('utf8')) })
      res.writeHead(404).end()
      return
    }
    if (req.method === 'POST' && req.url === '/api/v1/events') {
      const answer = await handleIngest(t.rt, new Request(`http://t${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body }))
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()))
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  await sim?.stop()
  await new Promise((r) => server?.close(r))
  await t?.cleanup()
})

describe('POST /api/v1/sim/erp', () => {
  it('is not there (404) unless demo mode is on and the simulator runs in this process', async () => {
    const a = action()
    const res = await handleSimErp(t.rt, signed(a.action_id, envelope(a)))
    expect(res.status).toBe(404)
    // Nor with the simulator running but demo mode off.
    const notDemo = { ...t.rt, config: { ...t.rt.config, DEMO_MODE: false }, simulator: { phase: 'live' as const } }
    expect((await handleSimErp(notDemo, signed(a.action_id, envelope(a)))).status).toBe(404)
    expect(await inbox()).toBe(0)
    expect(await t.rt.redis.exists(simErpSeenKey(t.rt.redisPrefix, a.action_id))).toBe(0)
  })

  it('applies a signed action once on the next tick, lands its PO through ingest and calls back the outcome', async () => {
    sim = startSimulator(t.rt, { baseUrl, apiKey: t.rt.internalKeys.simulator, actionsKey: t.rt.internalKeys.simulatedErp, emitter: { emit() {} } })
    await sim.backfilled
    expect(t.rt.simulator?.phase).toBe('live')

    const a = action()
    const body = envelope(a)
    const res = await handleSimErp(t.rt, signed(a.action_id, body))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'received', action_id: a.action_id })

    await waitFor(async () => (await applied()).length === 1, 20_000)
    const [entry] = await applied()
    expect(entry.action).toEqual(a)
    await waitFor(() => callbacks.length === 1, 20_000)
    expect(callbacks[0]).toMatchObject({ id: a.action_id, auth: `Bearer ${t.rt.internalKeys.simulatedErp}`, body: { status: 'confirmed' } })
    expect(callbacks[0].body.note).toMatch(new RegExp(`^PO sim-42-PO\\d+-A1 placed with SUP\\d+ for 96 units, due `))
    const poId = /^PO (\S+)/.exec(callbacks[0].body.note)![1]
    // The PO reached StockPulse the way every live event does: the ingest API, the writer, the product's own view.
    await waitFor(async () => (await openPurchaseOrdersAt(t.rt.clickhouse.interactive, { location: dc })).some((p) => p.po_id === poId && p.open_qty === 96), 30_000)

    // A redelivery of the same webhook-id (signed again, later): 200, and nothing applied twice.
    const again = await handleSimErp(t.rt, signed(a.action_id, body, { ts: Math.floor(Date.now() / 1000) + 1 }))
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ status: 'duplicate', action_id: a.action_id })
    await pause(2_500)
    expect(await applied()).toHaveLength(1)
    expect(callbacks).toHaveLength(1)
    expect((await openPurchaseOrdersAt(t.rt.clickhouse.interactive, { location: dc })).filter((p) => p.po_id.includes('-A'))).toHaveLength(1)
  }, 120_000)

  it('answers 401 to a bad signature, a foreign secret, a stale timestamp or missing headers, with no effect', async () => {
    const before = (await applied()).length
    const a = action()
    const body = envelope(a)
    const forged = new Request('http://t/api/v1/sim/erp', { method: 'POST', headers: signed(a.action_id, body).headers, body: body.replace('"quantity":96', '"quantity":9600') })
    const cases = [
      // Signed for one body, sent with another.
      forged,
      signed(a.action_id, body, { secret: `whsec_${Buffer.from('another deployment secret 1234567').toString('base64')}` }),
      signed(a.action_id, body, { ts: Math.floor(Date.now() / 1000) - 3_600 }),
      new Request('http://t/api/v1/sim/erp', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    ]
    for (const req of cases) {
      const res = await handleSimErp(t.rt, req)
      expect(res.status).toBe(401)
      expect((await res.json()).error).toMatch(/signature does not verify/)
    }
    expect(await t.rt.redis.exists(simErpSeenKey(t.rt.redisPrefix, a.action_id))).toBe(0)
    expect(await inbox()).toBe(0)
    await pause(2_500)
    expect(await applied()).toHaveLength(before)
  }, 30_000)

  it('answers 400 naming the field to a signed but malformed body, with no effect', async () => {
    const before = (await applied()).length
    const cases: [string, string, string][] = []
    const neg = action({ quantity: -5 })
    cases.push([neg.action_id, envelope(neg), 'data.quantity'])
    const kind = action()
    cases.push([kind.action_id, envelope(kind).replace('"kind":"reorder"', '"kind":"teleport"'), 'data.kind'])
    const noSku = action()
    cases.push([noSku.action_id, envelope(noSku).replace(`"sku":"${sku}",`, ''), 'data.sku'])
    const other = action()
    cases.push(['some-other-id', envelope(other), 'webhook-id'])
    cases.push([other.action_id, 'not json at all', '(body)'])
    for (const [id, body, field] of cases) {
      const res = await handleSimErp(t.rt, signed(id, body))
      expect(res.status, field).toBe(400)
      const answer = (await res.json()) as { errors: { path: string }[] }
      expect(answer.errors.map((e) => e.path)).toContain(field)
      expect(await t.rt.redis.exists(simErpSeenKey(t.rt.redisPrefix, id))).toBe(0)
    }
    expect(await inbox()).toBe(0)
    await pause(2_500)
    expect(await applied()).toHaveLength(before)
  }, 30_000)

  it('calls back a rejection with the reason when the simulated retailer cannot carry it out', async () => {
    const a = action({ kind: 'transfer', location: world.locations[1].id, from_location: 'NOWHERE', quantity: 4 })
    expect((await handleSimErp(t.rt, signed(a.action_id, envelope(a)))).status).toBe(202)
    await waitFor(() => callbacks.some((c) => c.id === a.action_id), 20_000)
    expect(callbacks.find((c) => c.id === a.action_id)!.body).toEqual({ status: 'rejected', note: 'unknown location NOWHERE' })
  }, 30_000)

  it('after a restart, replays the run: an action applied before is recognised and not applied again', async () => {
    const before = await applied()
    const calls = callbacks.length
    expect(before.length).toBeGreaterThanOrEqual(2)
    await sim!.stop()
    sim = startSimulator(t.rt, { baseUrl, apiKey: t.rt.internalKeys.simulator, actionsKey: t.rt.internalKeys.simulatedErp, emitter: { emit() {} } })
    await sim.backfilled
    // Straight into the inbox, past the receiver's dedupe: only the simulator's replayed state can refuse it.
    await t.rt.redis.rpush(simErpInboxKey(t.rt.redisPrefix), JSON.stringify(before[0].action))
    await waitFor(async () => (await inbox()) === 0, 20_000)
    await pause(1_500)
    expect(await applied()).toEqual(before)
    expect(callbacks).toHaveLength(calls)
    // A new action still applies after the restart.
    const a = action({ quantity: 48 })
    expect((await handleSimErp(t.rt, signed(a.action_id, envelope(a)))).status).toBe(202)
    await waitFor(() => callbacks.some((c) => c.id === a.action_id), 20_000)
    expect(callbacks.find((c) => c.id === a.action_id)!.body.note).toMatch(/^PO sim-42-PO\d+-A\d+ placed .* for 48 units/)
  }, 60_000)
})
