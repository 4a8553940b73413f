import { expect, test } from '@playwright/test'

const KEY = 'e2e-ingest-secret'
const DAY = 86_400_000

test('a recompute fills the planning tiles, and the drill-down says why', async ({ page, request }) => {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
  const iso = (ms: number) => new Date(ms).toISOString()
  const loc = 'E2E-PLAN'
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'e2e-plan-loc', ts: iso(today - 90 * DAY), location: loc, name: 'Plan Street', kind: 'store', region: 'e2e' },
    { type: 'product', event_id: 'e2e-plan-prod', ts: iso(today - 90 * DAY), sku: 'PLAN-1', name: 'Planned thing', category: 'E2E', price: 4, unit_cost: 2, case_pack: 6, moq: 12 },
    {
      type: 'promotion', event_id: 'e2e-plan-promo', ts: iso(today - DAY), promo_id: 'E2E-PROMO', skus: ['PLAN-1'], locations: [loc], channels: [],
      start: iso(today + 3 * DAY), end: iso(today + 8 * DAY - 1000), discount_pct: 25,
    },
    { type: 'inventory_snapshot', event_id: 'e2e-plan-snap', ts: iso(today - DAY + 23 * 3600_000), sku: 'PLAN-1', location: loc, on_hand: 8 },
  ]
  for (let d = 60; d >= 1; d--) events.push({ type: 'sale', event_id: `e2e-plan-s${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: 'PLAN-1', location: loc, channel: 'store', qty: 6, unit_price: 4 })
  const posted = await request.post('/api/v1/events', { headers: { authorization: `Bearer ${KEY}` }, data: events })
  expect(posted.status()).toBe(202)

  // Sign in, watch the board for this location.
  await page.goto(`/login?next=${encodeURIComponent(`/board?location=${loc}`)}`)
  await page.getByLabel('Email').fill('planner@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')

  // The history must have landed before a recompute can plan on it.
  await expect(async () => {
    const st = await (await request.get('/api/v1/ingest/status', { headers: { authorization: `Bearer ${KEY}` } })).json()
    expect(st.by_type.sale ?? 0).toBeGreaterThanOrEqual(60)
  }).toPass({ timeout: 20_000 })
  const started = await request.post('/api/v1/recompute', { headers: { authorization: `Bearer ${KEY}` } })
  expect(started.status()).toBe(202)
  const { job_id } = await started.json()
  expect(job_id).toBeTruthy()

  // The tile fills in when the recompute's KPIs are pushed: 8 units on hand against ~6 a day is at risk.
  await expect(page.getByTestId('kpi-stockout_risk_count-value')).toHaveText('1', { timeout: 30_000 })
  await expect(page.getByTestId('kpi-in_stock_rate-value')).toHaveText('100.0%')
  const job = await (await request.get(`/api/v1/jobs/${job_id}`, { headers: { authorization: `Bearer ${KEY}` } })).json()
  expect(job.state).toBe('completed')

  // From the at-risk list to the drill-down.
  await page.getByTestId('at-risk').getByRole('link', { name: 'PLAN-1' }).click()
  await expect(page).toHaveURL(/\/sku\/PLAN-1\?location=E2E-PLAN/)
  const why = page.getByTestId('why')
  await expect(why).toContainText('reorder point')
  await expect(why).toContainText('at or below the reorder point: order')
  await expect(page.getByRole('heading', { name: /Projected on hand/ })).toBeVisible()
  // The planned promotion is named in the why and shaded on the demand chart.
  await expect(page.getByTestId('why-promotions')).toContainText('E2E-PROMO (25% off')
  await expect(page.getByText('shaded: promotions')).toBeVisible()
})
