/**
 * The board's decision rates panel against the API it reads: decisions recorded through the real
 * store (chDB, Redis locks) by two people on cards of two agents, SKUs of two categories and one
 * without a product row, at two locations. GET /api/v1/alerts/rates answers DESIGN.md's figures;
 * the panel's table, rendered from that answer, shows the same figures row for row, and its total
 * is the alert feed's line whichever dimension is shown. A decision made through the API is pushed
 * to `alerts:all` over real Socket.IO as a push the panel refetches on (a new card is not), and
 * the next answer, and so the panel, counts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { Socket } from 'socket.io-client'
import { alertWithId } from '@/lib/clickhouse/queries/alerts'
import type { AlertBody, RatesAnswer } from '@/lib/alerts/api-schemas'
import { alertKey } from '@/lib/alerts/hygiene'
import { applyDecision, type DecisionInput } from '@/lib/alerts/lifecycle'
import { nextVersion, writeAlerts } from '@/lib/alerts/store'
import { ALERT_EVENT, type Actor, type AlertRecord } from '@/lib/alerts/types'
import { changesRates, formatRate, type RatesBy } from '@/lib/alerts/rates-view'
import { FeedRatesLine, RatesTable } from '@/components/board/DecisionRates'
import { createTestRuntime, drainIngest, ingestRequest, INGEST_SECRET, READ_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps } from '../helpers/agents'
import { handleDecideAlert, handleDecisionRates, handleIngest } from '../helpers/api'
import { sessionCookie, signedInSocket, startRealtime } from '../helpers/socket'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('board-rates.test.ts')

const ACTIONS_SECRET = 'test-actions-secret'
const DAY = 86_400_000
let t: TestRuntime
let rt: Awaited<ReturnType<typeof startRealtime>>
let socket: Socket
const pushed: AlertBody[] = []

const priya: Actor = { kind: 'person', id: 'u-p', name: 'Priya Planner' }
const sam: Actor = { kind: 'person', id: 'u-s', name: 'Sam Second' }
const deps = () => alertStoreDeps(t)

async function open(id: string, sku: string, location: string, agent: string): Promise<void> {
  const now = new Date().toISOString()
  const scope = { sku, location, channel: '', supplier: '' }
  const alert: AlertRecord = {
    id, key: alertKey('stockout_risk', scope), type: 'stockout_risk', scope, status: 'open', severity: 'high', value_at_risk: 100, signal: 0.6,
    why: 'seeded', recommendation: { action: 'reorder', quantity: 24, cost: 48, value: 90, summary: 'Order 24 units' }, confidence: 0.8, agent,
    model_version: 'test', chart: null, opened_at: now, updated_at: now, snoozed_until: null, revision: 1, cleared_reason: null, decided_quantity: null,
  }
  const agentActor: Actor = { kind: 'agent', id: agent, name: agent }
  await writeAlerts(deps(), [{ ...alert, version: nextVersion(null) }], [{ alert_id: id, transition_id: `${id}-open`, at: now, actor: agentActor, from: 'none', to: 'open', reason: 'seeded', quantity_before: 24, quantity_after: 24, revision: 1 }], new Set([id]))
}

async function decide(id: string, d: DecisionInput, actor: Actor): Promise<void> {
  const current = (await alertWithId(t.rt.clickhouse.interactive, id))!
  const step = applyDecision(current, d, actor, new Date().toISOString(), `${id}-${d.decision}`)
  if (!step.ok) throw new Error(step.message)
  await writeAlerts(deps(), [{ ...step.alert, version: nextVersion(current) }], [step.transition], new Set([id]))
}

async function ratesApi(q: string): Promise<RatesAnswer> {
  const res = await handleDecisionRates(t.rt, new Request(`http://t/api/v1/alerts/rates?${q}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return res.json()
}

/** The panel's table as the browser gets it, read back into figures per row key. */
function panel(answer: RatesAnswer, by: RatesBy): Map<string, { decided: number; accepted: string; overridden: string }> {
  const html = renderToStaticMarkup(createElement(RatesTable, { answer, by }))
  const text = (s: string) => s.replace(/<[^>]*>/g, '').trim()
  const out = new Map<string, { decided: number; accepted: string; overridden: string }>()
  for (const row of html.split('<tr').slice(1)) {
    const key = /data-key="([^"]*)"/.exec(row)?.[1]
    if (key === undefined) continue
    const col = (c: string) => text(new RegExp(`data-col="${c}">(.*?)</td>`).exec(row)![1])
    out.set(key, { decided: Number(/([\d,]+)$/.exec(col('decided'))![1].replace(/,/g, '')), accepted: col('accepted'), overridden: col('overridden') })
  }
  return out
}

beforeAll(async () => {
  t = await createTestRuntime({ env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read,erp:${ACTIONS_SECRET}:actions+read` } })
  rt = await startRealtime(t.rt)
  t.rt.emitter = rt.realtime.emitter
  socket = await signedInSocket(rt.url, await sessionCookie(t.rt))
  expect((await socket.timeout(5_000).emitWithAck('watch', { room: 'alerts:all' })).ok).toBe(true)
  socket.on(ALERT_EVENT, (a: AlertBody) => pushed.push(a))

  const ts = new Date(Date.now() - 10 * DAY).toISOString()
  const products = [['RA', 'Bakery'], ['RB', 'Dairy']].map(([sku, category]) => ({ type: 'product', event_id: `prod-${sku}`, ts, sku, name: `Rates ${sku}`, category, price: 2, unit_cost: 1, case_pack: 6, moq: 6 }))
  expect((await handleIngest(t.rt, ingestRequest(products))).status).toBe(202)
  await drainIngest(t.rt)

  // Six decided (4 approved, 1 modified, 1 rejected), one acknowledged and one snoozed (not decided).
  const cards: [string, string, string, string][] = [
    ['r1', 'RA', 'L1', 'stockout-risk'], ['r2', 'RA', 'L1', 'stockout-risk'], ['r3', 'RB', 'L1', 'stockout-risk'], ['r4', 'RB', 'L2', 'stockout-risk'],
    ['r5', 'RC', 'L2', 'stockout-risk'], ['r6', 'RA', 'L1', 'shrink'], ['r7', 'RB', 'L1', 'shrink'], ['r8', 'RA', 'L2', 'shrink'],
  ]
  for (const [id, sku, location, agent] of cards) await open(id, sku, location, agent)
  await decide('r1', { decision: 'approve' }, priya)
  await decide('r2', { decision: 'approve' }, priya)
  await decide('r3', { decision: 'modify', quantity: 12, reason: 'quantity too high' }, priya)
  await decide('r4', { decision: 'reject', reason: 'already handled' }, sam)
  await decide('r5', { decision: 'approve' }, sam)
  await decide('r6', { decision: 'approve' }, sam)
  await decide('r7', { decision: 'acknowledge' }, priya)
  await decide('r8', { decision: 'snooze', until: new Date(Date.now() + DAY).toISOString() }, priya)
}, 90_000)

afterAll(async () => {
  socket?.close()
  await rt?.close()
  await t?.cleanup()
})

describe('the board’s decision rates panel', () => {
  it('shows, by agent, category and planner, the figures the API answers', async () => {
    const expected: Record<RatesBy, Record<string, [number, string, string]>> = {
      agent: { 'stockout-risk': [5, '60%', '40%'], shrink: [1, '100%', '0%'] },
      category: { Bakery: [3, '100%', '0%'], Dairy: [2, '0%', '100%'], '(unknown)': [1, '100%', '0%'] },
      planner: { 'Priya Planner': [3, '67%', '33%'], 'Sam Second': [3, '67%', '33%'] },
    }
    for (const by of ['agent', 'category', 'planner'] as const) {
      const answer = await ratesApi(`by=${by}&days=30`)
      const shown = panel(answer, by)
      // Row for row, the API's figures (DESIGN.md: 4 approved of 6 decided; 2 overridden).
      expect(answer.total).toMatchObject({ decided: 6, approved: 4, modified: 1, rejected: 1 })
      expect(shown.get('all')).toEqual({ decided: 6, accepted: '67%', overridden: '33%' })
      for (const r of [...answer.rows, answer.total]) {
        expect(shown.get(r.key), `${by} ${r.key}`).toEqual({ decided: r.decided, accepted: formatRate(r.acceptance_rate), overridden: formatRate(r.override_rate) })
      }
      expect(shown.size).toBe(answer.rows.length + 1)
      expect(Object.fromEntries([...shown].filter(([k]) => k !== 'all').map(([k, v]) => [k, [v.decided, v.accepted, v.overridden]]))).toEqual(expected[by])
      // The feed's line says the panel's total.
      expect(renderToStaticMarkup(createElement(FeedRatesLine, { rates: answer }))).toContain('Last 30 days: 6 decided · 67% accepted · 33% overridden')
    }
  })

  it('follows the location filter, and says so when nothing was decided', async () => {
    const l1 = await ratesApi('by=planner&location=L1')
    expect(panel(l1, 'planner').get('all')).toEqual({ decided: 4, accepted: '75%', overridden: '25%' })
    const none = await ratesApi('by=agent&location=NOWHERE')
    const html = renderToStaticMarkup(createElement(RatesTable, { answer: none, by: 'agent' }))
    expect(html).toContain('data-testid="decision-rates-empty"')
    expect(html).not.toContain('<table')
  })

  it('marks a rate on too few decisions', () => {
    const html = renderToStaticMarkup(createElement(RatesTable, { answer: { by: 'agent', since: new Date().toISOString(), rows: [{ key: 'shrink', decided: 1, approved: 1, modified: 0, rejected: 0, acceptance_rate: 1, override_rate: 0 }], total: { key: 'all', decided: 1, approved: 1, modified: 0, rejected: 0, acceptance_rate: 1, override_rate: 0 } }, by: 'agent' }))
    expect(html).toMatch(/data-key="shrink".*few<span class="sr-only"> \(too few decisions to call a trend\)/)
  })

  it('a decision through the API is pushed as one that changes the rates, and the next answer counts it', async () => {
    await waitFor(() => pushed.some((a) => a.id === 'r6' && a.status === 'approved') || undefined)
    // What was pushed while seeding: the opening cards do not trigger a refetch, the decisions do.
    expect(pushed.filter((a) => a.status === 'open').every((a) => !changesRates(a, 'all'))).toBe(true)
    expect(pushed.filter((a) => changesRates(a, 'all')).map((a) => a.id).sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'])
    expect(pushed.filter((a) => changesRates(a, 'L2')).map((a) => a.id).sort()).toEqual(['r4', 'r5'])

    await open('r9', 'RB', 'L2', 'shrink')
    // The new card's own push changes nothing; the next push of r9 is the decision's.
    expect(changesRates(await waitFor(() => pushed.find((a) => a.id === 'r9')), 'all')).toBe(false)
    pushed.length = 0
    const res = await handleDecideAlert(
      t.rt,
      new Request('http://t/api/v1/alerts/r9/decision', { method: 'POST', headers: { authorization: `Bearer ${ACTIONS_SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'reject', reason: 'stock figure wrong' }) }),
      'r9',
    )
    expect(res.status).toBe(200)
    const push = await waitFor(() => pushed.find((a) => a.id === 'r9'))
    expect(changesRates(push, 'all')).toBe(true)
    expect(changesRates(push, 'L2')).toBe(true)
    expect(changesRates(push, 'L1')).toBe(false)

    const after = await ratesApi('by=agent')
    expect(panel(after, 'agent').get('all')).toEqual({ decided: 7, accepted: '57%', overridden: '43%' })
    expect(panel(after, 'agent').get('shrink')).toEqual({ decided: 2, accepted: '50%', overridden: '50%' })
    expect(renderToStaticMarkup(createElement(FeedRatesLine, { rates: after }))).toContain('7 decided · 57% accepted · 43% overridden')
  })
})
