/**
 * The board worked by keyboard alone: the skip link, a KPI's definition on focus, a heatmap cell's
 * drill-down taking focus and giving it back, and a location picked from the heatmap.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../lib/auth/users'
import { KPI_DEFINITIONS } from '../lib/kpis/definitions'
import { drilldown, seededRiskCell } from './support/board'
import { SEEDED_AT_RISK, seedBoard } from './support/seed-board'

/** Press Tab until `target` has focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
  }
  throw new Error(`${max} presses of Tab never reached ${target}`)
}

async function openBoard(page: Page) {
  const res = await page.request.post('/api/auth/login', { headers: { origin: test.info().project.use.baseURL! }, data: { email: 'ops@stockpulse.demo', password: DEMO_PASSWORD } })
  expect(res.status()).toBe(200)
  await page.goto('/board')
  await expect(seededRiskCell(page)).toBeVisible()
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000)
  await seedBoard(request)
})

test('the first Tab reaches a skip link that moves on to the main content', async ({ page }) => {
  await openBoard(page)
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to main content' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeVisible()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('location-filter')).toBeFocused()
})

test('a KPI definition opens on focus, says what it is, and Escape closes it', async ({ page }) => {
  await openBoard(page)
  const info = page.getByTestId('kpi-in_stock_rate-info')
  await tabTo(page, info)
  await expect(info).toBeFocused()
  const tip = page.getByRole('tooltip').filter({ hasText: KPI_DEFINITIONS.in_stock_rate.definition })
  await expect(tip).toBeVisible()
  await expect(info).toHaveAccessibleName('Definition of In-stock rate')
  await expect(info).toHaveAccessibleDescription(/Source: planning_rollup/)
  await page.keyboard.press('Escape')
  await expect(tip).toBeHidden()
  await expect(info).toBeFocused()
  // Moving on closes it too; hovering opens it.
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Tab')
  await expect(tip).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(tip).toBeHidden()
  await page.mouse.move(0, 0)
  await page.getByTestId('kpi-markdown_exposure-info').hover()
  await expect(page.getByRole('tooltip').filter({ hasText: KPI_DEFINITIONS.markdown_exposure.definition })).toBeVisible()
})

test('Enter on a heatmap cell opens its drill-down with focus; Escape and Close give focus back to the cell', async ({ page }) => {
  await openBoard(page)
  const cell = seededRiskCell(page)
  await tabTo(page, cell)
  await expect(cell).toHaveAccessibleName(/1 of 1 SKUs at risk, 100% \(at risk\)/)
  await page.keyboard.press('Enter')
  const panel = drilldown(page)
  await expect(panel).toBeVisible()
  await expect(panel).toBeFocused()
  await expect(panel.getByRole('link', { name: SEEDED_AT_RISK.sku })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(cell).toBeFocused()

  // Again, leaving by its Close button: Tab stays inside the open dialog.
  await page.keyboard.press('Enter')
  await expect(panel).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(panel.getByRole('button', { name: 'Close' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(panel).toBeHidden()
  await expect(cell).toBeFocused()

  // From the drill-down to the SKU's page, by keyboard.
  await page.keyboard.press('Enter')
  await tabTo(page, panel.getByRole('link', { name: SEEDED_AT_RISK.sku }), 5)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/sku/${SEEDED_AT_RISK.sku}\\?location=${SEEDED_AT_RISK.location}`))
})

test('picking a location in the heatmap puts focus on the filter that now shows it', async ({ page }) => {
  await openBoard(page)
  const row = page.getByRole('button', { name: `Show ${SEEDED_AT_RISK.location} on the board` })
  await tabTo(page, row)
  await page.keyboard.press('Enter')
  const filter = page.getByTestId('location-filter')
  await expect(filter).toHaveValue(SEEDED_AT_RISK.location)
  await expect(filter).toBeFocused()
  await expect(page).toHaveURL(new RegExp(`location=${SEEDED_AT_RISK.location}`))
})
