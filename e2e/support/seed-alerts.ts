/**
 * Alerts for the inbox to show, raised the way production raises them: a store whose SKUs sell
 * six a day with a few units left (stockout risk), history and stock posted through the API, a
 * recompute, then the agents' sweep that follows it. Each call uses new SKUs, so the cards it
 * returns are fresh (open) whatever earlier specs decided.
 */
import { expect, type APIRequestContext } from '@playwright/test'
import { INGEST_KEY, recompute } from './seed-board'

const auth = { authorization: `Bearer ${INGEST_KEY}` }
const DAY = 86_400_000
export const ALERTS_LOCATION = 'ALRT-N'

function events(now: number, tag: string, skus: string[]): Record<string, unknown>[] {
  const today = now - (now % DAY)
  const iso = (ms: number) => new Date(ms).toISOString()
  const out: Record<string, unknown>[] = [
    { type: 'location', event_id: `alrt-loc-${ALERTS_LOCATION}`, ts: iso(today - 90 * DAY), location: ALERTS_LOCATION, name: 'Alert Street', kind: 'store', region: 'alerts' },
  ]
  skus.forEach((sku, i) => {
    out.push({ type: 'product', event_id: `alrt-prod-${sku}`, ts: iso(today - 90 * DAY), sku, name: `Seeded tea ${i + 1}, 40 bags`, category: 'Beverages', price: 4, unit_cost: 2, case_pack: 6, moq: 12 })
    out.push({ type: 'inventory_snapshot', event_id: `alrt-snap-${tag}-${sku}`, ts: iso(today - DAY + 23 * 3600_000), sku, location: ALERTS_LOCATION, on_hand: 3 + i })
    for (let d = 60; d >= 1; d--) {
      out.push({ type: 'sale', event_id: `alrt-s-${tag}-${sku}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location: ALERTS_LOCATION, channel: 'store', qty: 6 + (d % 3), unit_price: 4 })
    }
  })
  return out
}

/** Post `count` SKUs at risk, recompute, and wait until each has an open stockout alert; their ids. */
export async function seedAlerts(request: APIRequestContext, count = 3): Promise<{ ids: string[]; skus: string[] }> {
  const tag = Date.now().toString(36)
  const skus = Array.from({ length: count }, (_, i) => `ALRT-${tag}-${i + 1}`)
  const posted = await request.post('/api/v1/events', { headers: auth, data: events(Date.now(), tag, skus) })
  expect(posted.status(), await posted.text()).toBe(202)
  await expect(async () => {
    const st = await (await request.get('/api/v1/ingest/status', { headers: auth })).json()
    expect(st.queue_depth).toBe(0)
  }).toPass({ timeout: 30_000 })
  await recompute(request)
  let ids: string[] = []
  await expect(async () => {
    const answer = await (await request.get(`/api/v1/alerts?location=${ALERTS_LOCATION}&type=stockout_risk&status=open`, { headers: auth })).json()
    const mine = (answer.alerts as { id: string; scope: { sku: string } }[]).filter((a) => skus.includes(a.scope.sku))
    expect(mine.length).toBe(count)
    ids = mine.map((a) => a.id)
  }).toPass({ timeout: 120_000 })
  return { ids, skus }
}
