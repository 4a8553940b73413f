/**
 * Data for pages that must show something when checked: two locations, three categories, SKUs
 * at risk, on watch and healthy, sales in the last hour, then a recompute, so the board's heatmap
 * has red, amber, green and empty cells, the at-risk list has rows and the trend has bars.
 * Replaying it is harmless (events dedupe by event_id); the recompute runs again each time.
 */
import { expect, type APIRequestContext } from '@playwright/test'

export const INGEST_KEY = 'e2e-ingest-secret'
const auth = { authorization: `Bearer ${INGEST_KEY}` }
const DAY = 86_400_000

/** A SKU-location that the seed puts at risk: the drill-down page to check. */
export const SEEDED_AT_RISK = { sku: 'A11Y-B1', location: 'A11Y-N' }
export const SEEDED_LOCATIONS = ['A11Y-N', 'A11Y-S']

interface Series { sku: string; location: string; category: string; onHand: number }

function seriesOf(): Series[] {
  const s: Series[] = [{ sku: 'A11Y-B1', location: 'A11Y-N', category: 'Bakery', onHand: 6 }]
  // Dairy at A11Y-N: 1 of 10 at risk (a watch cell); produce healthy; A11Y-S has dairy only.
  for (let i = 1; i <= 10; i++) s.push({ sku: `A11Y-D${i}`, location: 'A11Y-N', category: 'Dairy', onHand: i === 1 ? 6 : 2_000 })
  for (let i = 1; i <= 2; i++) s.push({ sku: `A11Y-P${i}`, location: 'A11Y-N', category: 'Produce', onHand: 2_000 })
  s.push({ sku: 'A11Y-D1', location: 'A11Y-S', category: 'Dairy', onHand: 2_000 })
  return s
}

function seedEvents(now: number): Record<string, unknown>[] {
  const today = now - (now % DAY)
  const iso = (ms: number) => new Date(ms).toISOString()
  const series = seriesOf()
  const events: Record<string, unknown>[] = SEEDED_LOCATIONS.map((l, i) => ({
    type: 'location', event_id: `a11y-loc-${l}`, ts: iso(today - 90 * DAY), location: l, name: i ? 'South Street' : 'North Street', kind: 'store', region: 'a11y',
  }))
  for (const { sku, category } of new Map(series.map((s) => [s.sku, s])).values()) {
    events.push({ type: 'product', event_id: `a11y-prod-${sku}`, ts: iso(today - 90 * DAY), sku, name: `${category} item ${sku}`, category, price: 4, unit_cost: 2, case_pack: 6, moq: 12 })
  }
  for (const s of series) {
    const key = `${s.sku}-${s.location}`
    events.push({ type: 'inventory_snapshot', event_id: `a11y-snap-${key}`, ts: iso(today - DAY + 23 * 3600_000), sku: s.sku, location: s.location, on_hand: s.onHand })
    for (let d = 60; d >= 1; d--) {
      events.push({ type: 'sale', event_id: `a11y-s-${key}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: s.sku, location: s.location, channel: 'store', qty: 6, unit_price: 4 })
    }
  }
  return events
}

/** Sales in the last hour (new ids each call), so the trend chart has bars to draw. */
function recentSales(now: number): Record<string, unknown>[] {
  return [5, 15, 25, 35, 45].map((m, i) => ({
    type: 'sale', event_id: `a11y-recent-${now}-${i}`, ts: new Date(now - m * 60_000).toISOString(), sku: 'A11Y-P1', location: 'A11Y-N', channel: 'store', qty: 2 + i, unit_price: 4,
  }))
}

async function seededCells(request: APIRequestContext): Promise<number> {
  const kpis = await (await request.get('/api/v1/kpis', { headers: auth })).json()
  return (kpis.heatmap ?? []).filter((c: { location: string }) => SEEDED_LOCATIONS.includes(c.location)).length
}

/** Run a recompute (or wait for the one already running, then start one of ours) to completion. */
export async function recompute(request: APIRequestContext): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = await request.post('/api/v1/recompute', { headers: auth })
    expect(started.status()).toBe(202)
    const { job_id, already_running } = await started.json()
    await expect(async () => {
      const job = await (await request.get(`/api/v1/jobs/${job_id}`, { headers: auth })).json()
      expect(job.state).toBe('completed')
    }).toPass({ timeout: 90_000 })
    if (!already_running) return
  }
}

/**
 * Sales in the last hour every time; the history and a recompute when the board does not show
 * the seeded locations yet (a second spec in the same run finds them there).
 */
export async function seedBoard(request: APIRequestContext): Promise<void> {
  const now = Date.now()
  const recent = await request.post('/api/v1/events', { headers: auth, data: recentSales(now) })
  expect(recent.status(), await recent.text()).toBe(202)
  if ((await seededCells(request)) >= 4) return
  const history = seedEvents(now)
  const posted = await request.post('/api/v1/events', { headers: auth, data: history })
  expect(posted.status(), await posted.text()).toBe(202)
  const sales = history.filter((e) => e.type === 'sale').length
  await expect(async () => {
    const st = await (await request.get('/api/v1/ingest/status', { headers: auth })).json()
    expect(st.by_type.sale ?? 0).toBeGreaterThanOrEqual(sales)
    expect(st.by_type.inventory_snapshot ?? 0).toBeGreaterThanOrEqual(seriesOf().length)
  }).toPass({ timeout: 30_000 })
  await recompute(request)
  // The board's snapshot carries the seeded cells once the recompute's rollup is readable.
  await expect(async () => expect(await seededCells(request)).toBeGreaterThanOrEqual(4)).toPass({ timeout: 30_000 })
}
