/**
 * Execution through the real engines: a person approves (or modifies) a card through the alerts
 * API, an action record is made once, the deliver worker POSTs it to a local receiver signed as
 * Standard Webhooks says (checked here with node:crypto alone), retries after a 500 with the same
 * webhook-id and body, goes dead after the last try, steps the alert to executed, and the
 * receiver's callback confirms it. Every answer is checked against the OpenAPI document.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALERT_EVENT, alertRoom, type AlertTransition } from '@/lib/alerts/types'
import type { AlertBody, AlertDetail } from '@/lib/alerts/api-schemas'
import type { ActionDetail, ActionsAnswer } from '@/lib/actions/api-schemas'
import { ACTION_EVENT } from '@/lib/actions/store'
import { executeApproved } from '@/lib/actions/execute'
import { repairMissingActions } from '@/lib/actions/repair'
import { nextVersion, writeAlerts } from '@/lib/alerts/store'
import { actionWithId, listActions } from '@/lib/clickhouse/queries/actions'
import { alertWithId } from '@/lib/clickhouse/queries/alerts'
import { deliverOnce } from '@/jobs/deliver'
import { createTestRuntime, READ_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps } from '../helpers/agents'
import { decisionRequest, seedAlert } from '../helpers/actions'
import { startReceiver, verifySignature, type Receiver } from '../helpers/webhook-receiver'
import { handleActionCallback, handleDecideAlert, handleGetAction, handleGetAlert, handleListActions } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('actions.test.ts')

const ACTIONS_SECRET = 'test-actions-secret'
const SECRET = `whsec_${randomBytes(32).toString('base64')}`
const ATTEMPTS = 3
let t: TestRuntime
let rx: Receiver
let n = 0
const nextId = () => `act-test-${++n}-${randomBytes(3).toString('hex')}`

const get = (path: string, secret: string | null = READ_SECRET) => new Request(`http://t${path}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} })
const decide = (id: string, body: unknown) => handleDecideAlert(t.rt, decisionRequest(id, body, ACTIONS_SECRET), id)
const callback = (id: string, body: unknown, opts: { secret?: string | null; contentType?: string } = {}) =>
  handleActionCallback(
    t.rt,
    new Request(`http://t/api/v1/actions/${id}/callback`, {
      method: 'POST',
      headers: { ...(opts.secret === null ? {} : { authorization: `Bearer ${opts.secret ?? ACTIONS_SECRET}` }), 'content-type': opts.contentType ?? 'application/json' },
      body: JSON.stringify(body),
    }),
    id,
  )

async function action(id: string): Promise<ActionDetail> {
  const res = await handleGetAction(t.rt, get(`/api/v1/actions/${id}`), id)
  expect(res.status).toBe(200)
  return res.json()
}

async function until(id: string, status: string, timeoutMs = 20_000): Promise<ActionDetail> {
  return waitFor(async () => {
    const a = await actionWithId(t.rt.clickhouse.interactive, id)
    return a?.status === status ? action(id) : undefined
  }, timeoutMs)
}

/** Approve (or modify) a fresh card; its action id from the answer. */
async function approved(location: string, decision: Record<string, unknown> = { decision: 'approve' }): Promise<{ alertId: string; actionId: string; body: AlertDetail }> {
  const alertId = nextId()
  await seedAlert(alertStoreDeps(t), alertId, location)
  const res = await decide(alertId, decision)
  expect(res.status).toBe(200)
  const body = (await res.json()) as AlertDetail
  expect(body.action, 'the answer carries the action').toBeTruthy()
  return { alertId, actionId: body.action!.id, body }
}

beforeAll(async () => {
  rx = await startReceiver()
  t = await createTestRuntime({
    env: {
      API_KEYS: `dash:${READ_SECRET}:read,erp:${ACTIONS_SECRET}:actions`,
      WORKERS: 'deliver',
      WEBHOOK_URL: rx.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_ATTEMPTS: String(ATTEMPTS),
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
    },
  })
  t.rt.emitter = { emit: (room, event, payload) => t.emitted.push({ room, event, payload }) }
}, 60_000)

afterAll(async () => {
  await t?.cleanup()
  await rx?.close()
})

describe('execution', () => {
  it('delivers an approved reorder once, signed so an independent check verifies it, and executes the alert', async () => {
    const { alertId, actionId, body } = await approved('L1')
    expect(body.status).toBe('approved')
    // Queued before the answer; the worker may have delivered it already by then.
    expect(body.action).toMatchObject({ kind: 'reorder', quantity: 48 })
    expect(['pending', 'delivered']).toContain(body.action!.status)
    const done = await until(actionId, 'delivered')
    // rule_version 1: the default approval rules (lib/actions/rules.ts) were in force when it was decided.
    expect(done).toMatchObject({ action_id: actionId, alert_id: alertId, kind: 'reorder', quantity: 48, supplier: 'SUP-A', rule_version: 1, attempts: 1, detail: '' })
    expect(done.approved_by).toMatchObject({ kind: 'person', actor: { kind: 'system', id: 'key:erp' } })
    expect(done.deliveries.map((d) => [d.attempt, d.http_status, d.error])).toEqual([[1, 200, '']])

    const got = rx.received.filter((r) => r.id === actionId)
    expect(got).toHaveLength(1)
    expect(verifySignature(SECRET, got[0])).toBe(true)
    expect(verifySignature(`whsec_${randomBytes(32).toString('base64')}`, got[0])).toBe(false)
    expect(verifySignature(SECRET, { ...got[0], body: got[0].body.replace('"quantity":48', '"quantity":480') })).toBe(false)
    expect(Math.abs(Number(got[0].timestamp) - Date.now() / 1000)).toBeLessThan(60)
    const sent = JSON.parse(got[0].body)
    expect(sent).toMatchObject({ type: 'action.reorder', data: { action_id: actionId, alert_id: alertId, sku: `SKU-${alertId}`, location: 'L1', quantity: 48, cost: 240 } })

    // The alert stepped to executed, by the system; its card shows the action delivered, pushed to its rooms.
    const alert = await waitFor(async () => ((await alertWithId(t.rt.clickhouse.interactive, alertId))?.status === 'executed' ? true : undefined))
    expect(alert).toBe(true)
    // The alert's row lands just before its transition's: wait for both.
    const card = await waitFor(async () => {
      const c = (await (await handleGetAlert(t.rt, get(`/api/v1/alerts/${alertId}`), alertId)).json()) as AlertDetail
      return c.history.at(-1)?.to === 'executed' ? c : undefined
    })
    expect(card.status).toBe('executed')
    expect(card.action).toMatchObject({ id: actionId, status: 'delivered', attempts: 1 })
    expect(card.history.at(-1)).toMatchObject({ to: 'executed', actor: { kind: 'system' }, reason: `action ${actionId} delivered` })
    expect(t.emitted.some((e) => e.room === alertRoom('L1') && e.event === ACTION_EVENT && (e.payload as { status: string; action_id: string }).action_id === actionId && (e.payload as { status: string }).status === 'delivered')).toBe(true)
    expect(t.emitted.some((e) => e.room === alertRoom('all') && e.event === ALERT_EVENT && (e.payload as AlertBody).id === alertId && (e.payload as AlertBody).action?.status === 'delivered')).toBe(true)

    // Approving again is refused (already decided) and makes no second action.
    const again = await decide(alertId, { decision: 'approve' })
    expect(again.status).toBe(409)
    expect((await listActions(t.rt.clickhouse.interactive, { alert_id: alertId, limit: 10, offset: 0 })).total).toBe(1)
  })

  it('retries after a 500 with the same webhook-id and body, then delivers; a modify delivers the decided quantity', async () => {
    const alertId = nextId()
    await seedAlert(alertStoreDeps(t), alertId, 'L2')
    // The id is known only from the answer; the receiver fails the first try of whatever comes for it.
    rx.setDefault(500)
    let actionId = ''
    try {
      const res = await decide(alertId, { decision: 'modify', quantity: 24, reason: 'quantity too high' })
      expect(res.status).toBe(200)
      actionId = ((await res.json()) as AlertDetail).action!.id
      rx.script(actionId, [500, 200])
      await waitFor(() => rx.received.some((r) => r.id === actionId) || undefined)
    } finally {
      rx.setDefault(200)
    }
    const done = await until(actionId, 'delivered')
    expect(done.quantity).toBe(24)
    expect(done.cost).toBe(120)
    expect(done.attempts).toBe(2)
    expect(done.deliveries.map((d) => [d.attempt, d.http_status])).toEqual([[1, 500], [2, 200]])
    expect(done.deliveries[0].error).toMatch(/^HTTP 500/)
    const got = rx.received.filter((r) => r.id === actionId)
    expect(got).toHaveLength(2)
    expect(got[1].body).toBe(got[0].body)
    for (const r of got) expect(verifySignature(SECRET, r)).toBe(true)
    expect(JSON.parse(got[0].body).data.quantity).toBe(24)
  })

  it('is dead after the last try, with the reason; its alert expires (nothing ran) and the card says it needs attention', async () => {
    rx.setDefault(503)
    let ids: { alertId: string; actionId: string }
    try {
      ids = await approved('L3')
      await waitFor(() => rx.received.some((r) => r.id === ids.actionId) || undefined)
      rx.script(ids.actionId, [503])
    } finally {
      rx.setDefault(200)
    }
    const dead = await until(ids.actionId, 'dead')
    expect(dead.attempts).toBe(ATTEMPTS)
    expect(dead.detail).toMatch(/^HTTP 503/)
    expect(dead.deliveries.map((d) => d.http_status)).toEqual([503, 503, 503])
    expect(rx.received.filter((r) => r.id === ids.actionId)).toHaveLength(ATTEMPTS)
    const job = await t.rt.queues.deliver.getJob(ids.actionId)
    expect(await waitFor(async () => ((await job?.getState()) === 'failed' ? true : undefined))).toBe(true)
    const card = (await (await handleGetAlert(t.rt, get(`/api/v1/alerts/${ids.alertId}`), ids.alertId)).json()) as AlertDetail
    expect(card.status).toBe('expired')
    expect(card.action).toMatchObject({ status: 'dead', attempts: ATTEMPTS })
    expect(card.history.map((h) => h.to)).toEqual(expect.arrayContaining(['approved', 'expired']))
    expect(card.history.find((h) => h.to === 'expired')).toMatchObject({ from: 'approved', actor: { kind: 'system' }, reason: expect.stringMatching(/dead \(HTTP 503.*\): nothing ran/) })
    // Dead is final: a late confirmation is refused, naming the state.
    const late = await callback(ids.actionId, { status: 'confirmed' })
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ status: 'dead' })
  })

  it('makes one action of one decision however often it is executed or its job retried', async () => {
    const { alertId, actionId } = await approved('L4')
    await until(actionId, 'delivered')
    const alert = (await alertWithId(t.rt.clickhouse.interactive, alertId))!
    const history = ((await (await handleGetAlert(t.rt, get(`/api/v1/alerts/${alertId}`), alertId)).json()) as AlertDetail).history
    const approval = history.find((h) => h.to === 'approved')!
    const deps = { ...alertStoreDeps(t), emitter: t.rt.emitter, deliver: t.rt.queues.deliver, attempts: ATTEMPTS }
    const replay = await executeApproved(deps, { ...alert, status: 'approved' }, { ...approval, from: approval.from as AlertTransition['from'] }, { kind: 'person', actor: approval.actor }, 0)
    expect(replay).toMatchObject({ ok: true, created: false, action: { action_id: actionId } })
    // The job run again (as after a crash) delivers nothing more.
    const before = rx.received.filter((r) => r.id === actionId).length
    const again = await deliverOnce({ ...alertStoreDeps(t), config: t.rt.config, secret: SECRET }, { data: { action_id: actionId, alert_id: alertId, location: 'L4' }, attemptsMade: 0, opts: { attempts: ATTEMPTS } })
    expect(again).toBe('already delivered')
    // Re-adding its job is a no-op (job id = action id).
    await t.rt.queues.deliver.add('deliver', { action_id: actionId, alert_id: alertId, location: 'L4' }, { jobId: actionId })
    await new Promise((r) => setTimeout(r, 500))
    expect(rx.received.filter((r) => r.id === actionId)).toHaveLength(before)
    expect((await listActions(t.rt.clickhouse.interactive, { alert_id: alertId, limit: 10, offset: 0 })).actions.map((a) => a.action_id)).toEqual([actionId])
  })

  it('gives a card approved just before a crash its action when the worker starts, once', async () => {
    const alertId = nextId()
    const open = await seedAlert(alertStoreDeps(t), alertId, 'L7')
    // The decision's row landed, its action did not (the process died in between).
    const at = new Date().toISOString()
    const current = (await alertWithId(t.rt.clickhouse.interactive, alertId))!
    await writeAlerts(alertStoreDeps(t), [{ ...open, status: 'approved', updated_at: at, version: nextVersion(current) }], [{
      alert_id: alertId, transition_id: `crash-${alertId}`, at, actor: { kind: 'person', id: 'u-9', name: 'Pat Planner' }, from: 'open', to: 'approved',
      reason: '', quantity_before: 48, quantity_after: 48, revision: 1,
    }], new Set())
    const deps = { ...alertStoreDeps(t), emitter: t.rt.emitter, deliver: t.rt.queues.deliver, attempts: ATTEMPTS }
    expect(await repairMissingActions(deps)).toEqual([alertId])
    const [made] = (await listActions(t.rt.clickhouse.interactive, { alert_id: alertId, limit: 10, offset: 0 })).actions
    expect(made.approved_by).toEqual({ kind: 'person', actor: { kind: 'person', id: 'u-9', name: 'Pat Planner' } })
    await until(made.action_id, 'delivered')
    expect(await repairMissingActions(deps)).toEqual([])
    expect((await listActions(t.rt.clickhouse.interactive, { alert_id: alertId, limit: 10, offset: 0 })).total).toBe(1)
  })

  it('takes the receiver callback once: confirmed, the same again, a contradiction refused', async () => {
    const { actionId } = await approved('L5')
    await until(actionId, 'delivered')
    const ok = await callback(actionId, { status: 'confirmed', note: 'PO 4711' })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ status: 'confirmed', detail: 'PO 4711' })
    const same = await callback(actionId, { status: 'confirmed', note: 'PO 4711' })
    expect(same.status).toBe(200)
    const rows = await t.rt.clickhouse.interactive.query({ query: "SELECT count() AS n FROM actions WHERE action_id = {id:String} AND status = 'confirmed'", query_params: { id: actionId }, format: 'JSONEachRow' })
    expect(Number((await rows.json<{ n: string }>())[0].n)).toBe(1)
    const contra = await callback(actionId, { status: 'rejected' })
    expect(contra.status).toBe(409)
    expect((await action(actionId)).status).toBe('confirmed')
  })

  it('turns a rejection into dead with the receiver note, and expires its alert', async () => {
    const { alertId, actionId } = await approved('L5')
    await until(actionId, 'delivered')
    const res = await callback(actionId, { status: 'rejected', note: 'supplier blocked' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'dead', detail: 'rejected by the receiver: supplier blocked' })
    // The refusal lapses the decision: the alert expires (from executed, or from approved when the
    // callback beat the worker's step), and its scope re-arms.
    const card = (await (await handleGetAlert(t.rt, get(`/api/v1/alerts/${alertId}`), alertId)).json()) as AlertDetail
    expect(card.status).toBe('expired')
    expect(card.history.find((h) => h.to === 'expired')).toMatchObject({ actor: { kind: 'system' }, reason: expect.stringContaining('rejected by the receiver: supplier blocked') })
  })

  it('refuses hostile callbacks and changes nothing', async () => {
    const { actionId } = await approved('L6')
    await until(actionId, 'delivered')
    const bad = await callback(actionId, { status: 'done' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('status')
    expect((await callback(actionId, { status: 'confirmed' }, { secret: null })).status).toBe(401)
    expect((await callback(actionId, { status: 'confirmed' }, { secret: READ_SECRET })).status).toBe(403)
    expect((await callback(actionId, { status: 'confirmed' }, { contentType: 'text/plain' })).status).toBe(415)
    expect((await callback('act_nope', { status: 'confirmed' })).status).toBe(404)
    const huge = await callback(actionId, { status: 'confirmed', note: 'x'.repeat(20_000) })
    expect(huge.status).toBe(413)
    expect((await handleGetAction(t.rt, get(`/api/v1/actions/${actionId}`, null), actionId)).status).toBe(401)
    expect((await handleGetAction(t.rt, get(`/api/v1/actions/${actionId}`, ACTIONS_SECRET), actionId)).status).toBe(403)
    expect((await action(actionId)).status).toBe('delivered')
  })

  it('lists actions with filters and pages, and refuses a bad filter', async () => {
    const list = async (q: string, secret: string | null = READ_SECRET) => handleListActions(t.rt, get(`/api/v1/actions${q}`, secret))
    const all = (await (await list('?limit=500')).json()) as ActionsAnswer
    expect(all.total).toBeGreaterThanOrEqual(8)
    const l5 = (await (await list('?location=L5')).json()) as ActionsAnswer
    expect(l5.actions.map((a) => a.status).sort()).toEqual(['confirmed', 'dead'])
    const dead = (await (await list('?status=dead')).json()) as ActionsAnswer
    expect(dead.actions.every((a) => a.status === 'dead')).toBe(true)
    expect(dead.total).toBe(2)
    const p1 = (await (await list('?limit=2&offset=0')).json()) as ActionsAnswer
    const p2 = (await (await list('?limit=2&offset=2')).json()) as ActionsAnswer
    expect(p1.actions).toHaveLength(2)
    expect(p1.total).toBe(all.total)
    expect(p2.actions.map((a) => a.action_id)).toEqual(all.actions.slice(2, 4).map((a) => a.action_id))
    const one = all.actions[0]
    const byAlert = (await (await list(`?alert_id=${one.alert_id}`)).json()) as ActionsAnswer
    expect(byAlert.actions.map((a) => a.action_id)).toEqual([one.action_id])
    const bad = await list('?status=sent')
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('status')
    expect((await list('', null)).status).toBe(401)
    expect((await list('', ACTIONS_SECRET)).status).toBe(403)
    expect((await handleGetAction(t.rt, get('/api/v1/actions/a%20b'), 'a b')).status).toBe(400)
    expect((await handleGetAction(t.rt, get('/api/v1/actions/act_none'), 'act_none')).status).toBe(404)
  })
})
