/** Moving through the alert inbox by keyboard, as a planner does, for the specs that work it. */
import { expect, type Locator, type Page } from '@playwright/test'

export const cardOf = (page: Page, id: string): Locator => page.locator(`[data-testid="alert-card"][data-alert-id="${id}"]`)

/** The id of the card that has focus (or holds it), if any. */
export const focusedCardId = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid="alert-card"]')?.getAttribute('data-alert-id') ?? null)

/** Move the selection to the card `id` with j and k only; fails if it never gets there. */
export async function selectByKeys(page: Page, id: string, max = 250): Promise<Locator> {
  for (let i = 0; i < max; i++) {
    const at = await focusedCardId(page)
    if (at === id) break
    const order = await page.getByTestId('alert-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id')))
    const target = order.indexOf(id)
    expect(target, `card ${id} is in the inbox`).toBeGreaterThanOrEqual(0)
    const current = at ? order.indexOf(at) : -1
    await page.keyboard.press(current < 0 || current < target ? 'j' : 'k')
  }
  const card = cardOf(page, id)
  await expect(card).toBeFocused()
  await expect(card).toHaveAttribute('aria-current', 'true')
  return card
}
