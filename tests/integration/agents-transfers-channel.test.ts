/**
 * The transfers and channel-allocation agents through the real engines (ingest, recompute,
 * ClickHouse, Redis) and the sweep.
 * Transfers, region east: E1 sells T once a day and holds 300; E2 sells it ten times a day and holds
 * 5 (no DC); E3 sells ten a day, holds 2, and is fed by DC-E holding 150, less than E3 needs (its
 * DC feeds it: no lateral transfer to E3, and DC-E, a donor with no demand of its own, keeps its
 * stock for E3 instead of giving it to E2). Region north: N1 (holds 5) and N2 (holds 3, fed by
 * DC-E of region east, which has stock for it) sell ten a day, N3 sells one a day and holds 300;
 * region south: C2 is at risk with no one to give. Exactly two transfers open, after two sweeps
 * (open_after 2): E1 -> E2 and N3 -> N1 (N2 is its DC's, the neediest though it is); a restock of
 * E2 clears its transfer after two more.
 * Channel allocation, region west: C1 sells C in store (about 10 a day) and ships web orders taken
 * by WEB (region online, about 6 a day, fulfilment_location C1) with 40 in stock; C2 (region south) sells only in
 * store with 10 in stock (at risk, not contested). Exactly one channel conflict opens at C1; a restock clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { latestPoliciesIn } from '@/lib/clickhouse/queries/agent-inputs'
import { alertsQuery, type AlertBody } from '@/lib/alerts/api-schemas'
import { pairPlan, type TransferNode } from '@/lib/agents/transfers'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, ingestLanded, stopScheduledSweeps, everyCardToAPerson } from '../helpers/agents'

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const deps = () => alertStoreDeps(t)

async function alerts(type: string, status: 'all' | 'active' = 'all'): Promise<AlertBody[]> {
  return (await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status, type, limit: 500 }))).alerts
}

const ingest = (events: Record<string, unknown>[]) => ingestLanded(t, events)

async function policy(location: string, sku: string): Promise<PolicyRow> {
  const [row] = (await latestPoliciesIn(t.rt.clickhouse.interactive, { locations: [location] })).filter((r) => r.sku === sku)
  return row
}

const node = (r: PolicyRow): TransferNode => ({ ...r, kind: 'store', parent_dc: null, days_since_last_sale: 0 })

/** Sales of `sku` at `location` for the last 90 days: `qty(d)` units at noon of d days ago. */
function sales(sku: string, location: string, channel: string, price: number, qty: (d: number) => number, extra: Record<string, unknown> = {}) {
  const out: Record<string, unknown>[] = []
  for (let d = 90; d >= 1; d--) {
    out.push({ type: 'sale', event_id: `s-${sku}-${location}-${channel}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location, channel, qty: qty(d), unit_price: price, ...extra })
  }
  return out
}

const snapshot = (sku: string, location: string, on_hand: number, at = today - DAY + 13 * 3600_000) =>
  ({ type: 'inventory_snapshot', event_id: `snap-${sku}-${location}-${at}`, ts: iso(at), sku, location, on_hand })

beforeAll(async () => {
  t = await createTestRuntime()
  await everyCardToAPerson(t)
  const since = iso(today - 100 * DAY)
  const loc = (location: string, kind: string, region: string, parent?: string) => ({ type: 'location', event_id: `loc-${location}`, ts: since, location, kind, region, ...(parent ? { parent } : {}) })
  const events: Record<string, unknown>[] = [
    loc('E1', 'store', 'east'), loc('E2', 'store', 'east'), loc('DC-E', 'dc', 'east'), loc('E3', 'store', 'east', 'DC-E'), loc('N1', 'store', 'north'), loc('N2', 'store', 'north', 'DC-E'), loc('N3', 'store', 'north'),
    loc('C1', 'store', 'west'), loc('C2', 'store', 'south'), loc('WEB', 'ecom_node', 'online'),
    { type: 'product', event_id: 'prod-T', ts: since, sku: 'T', name: 'Item T', category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1 },
    { type: 'product', event_id: 'prod-C', ts: since, sku: 'C', name: 'Item C', category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1 },
    ...sales('T', 'E1', 'store', 10, () => 1),
    ...sales('T', 'E2', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    ...sales('T', 'E3', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    ...sales('T', 'N1', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    ...sales('T', 'N2', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    ...sales('T', 'N3', 'store', 10, () => 1),
    ...sales('C', 'C1', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    ...sales('C', 'WEB', 'ecommerce', 12, (d) => (d % 3 ? 5 : 8), { fulfilment_location: 'C1' }),
    ...sales('C', 'C2', 'store', 10, (d) => (d % 2 ? 8 : 12)),
    snapshot('T', 'E1', 300), snapshot('T', 'E2', 5), snapshot('T', 'E3', 2), snapshot('T', 'DC-E', 150), snapshot('T', 'N1', 5), snapshot('T', 'N2', 3), snapshot('T', 'N3', 300),
    snapshot('C', 'C1', 40), snapshot('C', 'C2', 10),
  ]
  await ingest(events)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
  // The sweeps counted below are this file's own: no scheduled sweep in between.
  await stopScheduledSweeps(t)
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('transfers and channel allocation wired to the sweep', () => {
  it('opens nothing on the first sweep (open_after 2) and counts both agents', async () => {
    const run = await runSweep(deps())
    expect(run.by_agent['transfers']).toMatchObject({ evaluated: 2, opened: 0, errors: 0 })
    expect(run.by_agent['channel-allocation']).toMatchObject({ evaluated: 1, opened: 0, errors: 0 })
    expect(await alerts('transfer_opportunity')).toEqual([])
    expect(await alerts('channel_conflict')).toEqual([])
  })

  it('opens exactly two transfers on the second sweep, E1 -> E2 and N3 -> N1', async () => {
    const run = await runSweep(deps())
    expect(run.by_agent['transfers']).toMatchObject({ evaluated: 2, opened: 2, errors: 0 })
    const cards = await alerts('transfer_opportunity')
    expect(cards.map((c) => [c.scope.location, c.recommendation.from_location, c.status]).sort()).toEqual([['E2', 'E1', 'open'], ['N1', 'N3', 'open']])
    const card = cards.find((c) => c.scope.location === 'E2')!
    expect(card.status).toBe('open')
    expect(card.scope).toEqual({ sku: 'T', location: 'E2', channel: '', supplier: '' })
    expect(card.agent).toBe('transfers')
    expect(card.recommendation.action).toBe('transfer')
    expect(card.recommendation.from_location).toBe('E1')
    // The figures are the decision's on the stored policy rows (E1 has sold daily: not aging).
    const plan = pairPlan(node(await policy('E1', 'T')), node(await policy('E2', 'T')))!
    expect(plan.quantity).toBeGreaterThan(0)
    expect(card.recommendation.quantity).toBe(plan.quantity)
    expect(card.recommendation.value).toBeCloseTo(plan.benefit, 1)
    expect(card.recommendation.cost).toBeCloseTo(15 + 0.25 * plan.quantity, 2)
    expect(card.recommendation.summary).toBe(`Move ${plan.quantity} units from E1 to E2`)
    // DC-E's 150 units are less than E3 needs: all kept for E3, none offered to E2.
    const e3 = await policy('E3', 'T')
    expect(e3.order_up_to - e3.position).toBeGreaterThan(150)
  })

  it('opens exactly one channel conflict, at C1, showing both channels', async () => {
    const [card, ...rest] = await alerts('channel_conflict')
    expect(rest).toEqual([])
    expect(card.status).toBe('open')
    expect(card.scope).toEqual({ sku: 'C', location: 'C1', channel: '', supplier: '' })
    expect(card.agent).toBe('channel-allocation')
    const p = await policy('C1', 'C')
    const stock = Math.floor(p.on_hand - p.reserved)
    expect(stock).toBe(40)
    // Window: the last 56 whole days. Store 8/12 alternating = 10 a day; web 5,5,8 = 6 a day.
    let store = 0
    let web = 0
    for (let d = 56; d >= 1; d--) {
      store += d % 2 ? 8 : 12
      web += d % 3 ? 5 : 8
    }
    const L = Math.max(1, p.lead_time_days)
    expect(card.signal).toBeCloseTo(((store + web) / 56) * L / stock, 3)
    expect(card.recommendation.action).toBe('reallocate')
    const split = card.recommendation.split as Record<string, number>
    expect(Object.keys(split).sort()).toEqual(['ecommerce', 'store'])
    expect(split.ecommerce + split.store).toBe(40)
    // Both channels' forecasts over the lead time: mean x L and sd, and the realised margin (12 - 5, 10 - 5).
    expect(card.why).toContain(`ecommerce ${Math.round((web / 56) * L * 10) / 10} ± `)
    expect(card.why).toContain(`store ${Math.round((store / 56) * L * 10) / 10} ± `)
    expect(card.why).toMatch(/ecommerce [\d.]+ ± [\d.]+ units \(margin £7\.00\), store [\d.]+ ± [\d.]+ units \(margin £5\.00\)/)
    expect(split.ecommerce).toBeGreaterThan(split.store)
  })

  it('clears the transfer and the channel conflict after two sweeps once E2 and C1 are restocked', async () => {
    const transfer = (await alerts('transfer_opportunity', 'active')).find((a) => a.scope.location === 'E2')!
    const [conflict] = await alerts('channel_conflict', 'active')
    await ingest([snapshot('T', 'E2', 2000, Date.now() - 1000), snapshot('C', 'C1', 2000, Date.now() - 1000)])
    await runRecompute(t.rt.clickhouse, { threads: 1 })
    const first = await runSweep(deps())
    expect(first.by_agent['transfers']).toMatchObject({ evaluated: 2, cleared: 0, errors: 0 })
    expect((await alerts('transfer_opportunity', 'active')).map((a) => a.scope.location).sort()).toEqual(['E2', 'N1'])
    expect((await alerts('channel_conflict', 'active')).map((a) => a.id)).toEqual([conflict.id])
    const second = await runSweep(deps())
    expect(second.by_agent['transfers']).toMatchObject({ evaluated: 2, cleared: 1, errors: 0 })
    expect(second.by_agent['channel-allocation']).toMatchObject({ evaluated: 1, cleared: 1, errors: 0 })
    const t2 = (await alerts('transfer_opportunity')).find((a) => a.id === transfer.id)!
    expect(t2.status).toBe('cleared')
    expect(t2.cleared_reason).toContain('No transfer into this location is worth its cost any more')
    const c2 = (await alerts('channel_conflict')).find((a) => a.id === conflict.id)!
    expect(c2.status).toBe('cleared')
    expect(c2.cleared_reason).toContain('back within the 2000 units in stock')
    // E2's is cleared and no longer judged; N1's stands.
    const third = await runSweep(deps())
    expect(third.by_agent['transfers']).toMatchObject({ evaluated: 1, cleared: 0, errors: 0 })
    expect((await alerts('transfer_opportunity', 'active')).map((a) => a.scope.location)).toEqual(['N1'])
  })
})
