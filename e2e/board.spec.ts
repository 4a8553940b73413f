import { expect, test, type Page } from '@playwright/test'
import { io } from 'socket.io-client'
import { seedAlerts } from './support/seed-alerts'

const INGEST_KEY = 'e2e-ingest-secret'

async function signIn(page: Page, next = '/board') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill('ops@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(next.replace('?', '\\?')))
}

const unitsOf = async (page: Page) => Number((await page.getByTestId('kpi-units_sold_today-value').innerText()).replace(/[^\d.]/g, ''))

test('the board needs a session', async ({ page }) => {
  await page.goto('/board')
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)board/)
  await page.getByLabel('Email').fill('ops@stockpulse.demo')
  await page.getByLabel('Password').fill('wrong password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'wrong email or password' })).toBeVisible()
})

test('a sale posted to the API moves the live tile without a reload', async ({ page, request }) => {
  await signIn(page)
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')
  const before = await unitsOf(page)
  // A marker survives if the page reloads: it must not.
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42))

  const res = await request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${INGEST_KEY}` },
    data: [{ type: 'sale', event_id: `e2e-${Date.now()}`, ts: new Date().toISOString(), sku: 'SKU-E2E', location: 'E2E-1', channel: 'store', qty: 7, unit_price: 3 }],
  })
  expect(res.status()).toBe(202)

  await expect(page.getByTestId('kpi-units_sold_today-value')).toHaveText(String(before + 7))
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42)
  await expect(page.getByTestId('trend-total')).toContainText(/\d+ units/)
})

test('the location filter shows one location and follows its stream', async ({ page, request }) => {
  const loc = `E2E-F${Date.now() % 100000}`
  const post = (qty: number, id: string) =>
    request.post('/api/v1/events', {
      headers: { authorization: `Bearer ${INGEST_KEY}` },
      data: [{ type: 'sale', event_id: id, ts: new Date().toISOString(), sku: 'SKU-F', location: loc, channel: 'ecommerce', qty, unit_price: 1 }],
    })
  expect((await post(2, `${loc}-a`)).status()).toBe(202)
  await signIn(page)
  // The new location is offered once its first sale has landed.
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('location-filter').locator(`option[value="${loc}"]`)).toHaveCount(1, { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await page.getByTestId('location-filter').selectOption(loc)
  await expect(page.getByTestId('kpi-units_sold_today-value')).toHaveText('2')
  expect((await post(5, `${loc}-b`)).status()).toBe(202)
  await expect(page.getByTestId('kpi-units_sold_today-value')).toHaveText('7')
})

test('a socket without a session is refused', async ({ baseURL }) => {
  const socket = io(baseURL!, { transports: ['websocket'], reconnection: false })
  const outcome = await new Promise<string>((resolve) => {
    socket.on('connect', () => resolve('connected'))
    socket.on('connect_error', (err) => resolve(err.message))
  })
  socket.close()
  expect(outcome).toBe('unauthorized')
})

test('the decision rates panel sits beside the alert feed: by agent, category or planner, from the keyboard', async ({ page }) => {
  await signIn(page)
  const panel = page.getByTestId('decision-rates')
  await expect(panel.getByRole('heading', { level: 2, name: 'Acceptance and override rates' })).toBeVisible()
  await expect(panel.getByTestId('decision-rates-table').or(panel.getByTestId('decision-rates-empty'))).toBeVisible()
  await expect(panel.getByTestId('decision-rates-period')).toContainText(/^Last 30 days \(UTC\), since \d{2} \w{3}, [\d:]{8} UTC$/)
  const tab = (name: string) => panel.getByRole('tab', { name })
  await expect(tab('By agent')).toHaveAttribute('aria-selected', 'true')
  await tab('By agent').focus()
  await page.keyboard.press('ArrowRight')
  await expect(tab('By category')).toBeFocused()
  await expect(tab('By category')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('End')
  await expect(tab('By planner')).toHaveAttribute('aria-selected', 'true')
  await expect(panel.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', (await tab('By planner').getAttribute('id'))!)
  await expect(panel.getByTestId('decision-rates-table').or(panel.getByTestId('decision-rates-empty'))).toBeVisible()
})

test('a decision recorded through the API moves the rates panel and the feed line together, without a reload', async ({ page, request }) => {
  test.setTimeout(180_000)
  const { ids } = await seedAlerts(request, 1)
  await signIn(page)
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')
  const panel = page.getByTestId('decision-rates')
  await expect(panel.getByTestId('decision-rates-table').or(panel.getByTestId('decision-rates-empty'))).toBeVisible()
  const totalCell = panel.locator('tfoot [data-col="decided"]')
  const before = (await totalCell.count()) ? Number((await totalCell.innerText()).replace(/\D+/g, ' ').trim().split(' ').pop()) : 0
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 7))

  const res = await request.post(`/api/v1/alerts/${ids[0]}/decision`, { headers: { authorization: `Bearer ${INGEST_KEY}` }, data: { decision: 'reject', reason: 'already handled' } })
  expect(res.status(), await res.text()).toBe(200)

  await expect(totalCell).toHaveText(new RegExp(`(^|\\D)${before + 1}$`))
  await expect(page.getByTestId('alert-feed-rates')).toContainText(`${before + 1} decided`)
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(7)
})
