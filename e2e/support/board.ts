/** Moves on the board that more than one spec makes. */
import { expect, type Locator, type Page } from '@playwright/test'
import { SEEDED_AT_RISK } from './seed-board'

/** The heatmap cell of the seeded at-risk SKU's location and category (red: 1 of 1 at risk). */
export const seededRiskCell = (page: Page): Locator =>
  page.getByTestId('risk-heatmap').getByRole('button', { name: new RegExp(`^${SEEDED_AT_RISK.location} · Bakery`) })

/** The drill-down of a heatmap cell. */
export const drilldown = (page: Page): Locator => page.getByRole('dialog', { name: /Bakery at A11Y-N/ })

/** Open the seeded at-risk cell's drill-down with a click and wait for its content. */
export async function openHeatmapDrilldown(page: Page): Promise<void> {
  await seededRiskCell(page).click()
  await expect(drilldown(page)).toBeVisible()
  await expect(drilldown(page).getByRole('link', { name: SEEDED_AT_RISK.sku })).toBeVisible()
}
