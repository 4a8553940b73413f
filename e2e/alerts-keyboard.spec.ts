/**
 * The inbox worked by keyboard alone: a planner approves one card, modifies one (new quantity and
 * a reason) and rejects one (a reason and a note), moving between them with j and k; each decision
 * then shows in the alert's history from the API. An executive reads the same cards without the
 * decision keys.
 *
 * Seeding: e2e/support/seed-alerts.ts raises three stockout alerts at ALERTS_LOCATION the way
 * production does and returns their ids; the inbox is opened filtered to that location (the
 * board's link does the same).
 */
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD, DEMO_USERS } from '../lib/auth/users'
import type { Role } from '../lib/auth/roles'
import type { AlertDetail } from '../lib/alerts/api-schemas'
import { ALERTS_LOCATION, seedAlerts } from './support/seed-alerts'
import { cardOf, selectByKeys } from './support/inbox'

let ids: string[] = []

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000)
  ;({ ids } = await seedAlerts(request))
  expect(ids.length, 'the seed gives three alerts to work').toBeGreaterThanOrEqual(3)
})

async function signIn(page: Page, role: Role) {
  const user = DEMO_USERS.find((u) => u.role === role)!
  const res = await page.request.post('/api/auth/login', { headers: { origin: test.info().project.use.baseURL! }, data: { email: user.email, password: DEMO_PASSWORD } })
  expect(res.status(), `sign in as ${role}`).toBe(200)
}

async function history(page: Page, id: string): Promise<AlertDetail['history']> {
  const res = await page.request.get(`/api/v1/alerts/${encodeURIComponent(id)}`)
  expect(res.status()).toBe(200)
  return ((await res.json()) as AlertDetail).history
}

test('a planner approves, modifies and rejects three cards by keyboard alone; the API records each', async ({ page }) => {
  const [approveId, modifyId, rejectId] = ids
  await signIn(page, 'planner')
  await page.goto(`/alerts?location=${ALERTS_LOCATION}`)
  await expect(page.getByTestId('filter-location')).toHaveValue(ALERTS_LOCATION)
  await expect(page.getByTestId('alert-list')).toBeVisible()
  for (const id of [approveId, modifyId, rejectId]) await expect(cardOf(page, id)).toBeVisible()
  await expect(page.getByTestId('key-legend')).toContainText('approve')

  // Approve: a.
  let card = await selectByKeys(page, approveId)
  await page.keyboard.press('a')
  await expect(card.getByTestId('alert-status')).toHaveAttribute('data-status', 'approved')
  await expect(card).toBeFocused()

  // Modify: m opens the dialog on the quantity; a reason chosen with the keyboard; Enter in the note sends it.
  card = await selectByKeys(page, modifyId)
  await page.keyboard.press('m')
  const modify = page.getByRole('dialog', { name: 'Modify the recommendation' })
  await expect(modify).toBeVisible()
  const quantity = modify.getByRole('spinbutton', { name: /Quantity/ })
  await expect(quantity).toBeFocused()
  const recommended = Number(await quantity.inputValue())
  const decided = recommended > 6 ? recommended - 6 : recommended + 6
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type(String(decided))
  await page.keyboard.press('Tab') // the reasons: focus on the first, "quantity too high"
  await page.keyboard.press('Space')
  await expect(modify.getByRole('radio', { name: 'Quantity too high' })).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(modify.getByRole('textbox', { name: /Note/ })).toBeFocused()
  await page.keyboard.type('promo ended')
  await page.keyboard.press('Enter')
  await expect(modify).toBeHidden()
  await expect(card).toBeFocused()
  await expect(card.getByTestId('alert-status')).toHaveAttribute('data-status', 'modified')

  // Reject: r opens the dialog on the reasons; the arrow keys choose one; Tab to the note, Enter sends.
  card = await selectByKeys(page, rejectId)
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: 'Reject the recommendation' })
  await expect(reject).toBeVisible()
  await expect(reject.getByRole('radio', { name: 'Quantity too high' })).toBeFocused()
  // Sending without a reason is refused beside the field (nothing is posted), and focus goes back to the reasons.
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(reject.getByText('choose a reason')).toBeVisible()
  await expect(reject.getByRole('radio', { name: 'Quantity too high' })).toBeFocused()
  await page.keyboard.press('ArrowDown') // quantity too low
  await page.keyboard.press('ArrowDown') // stock figure wrong
  await expect(reject.getByRole('radio', { name: 'Stock figure wrong' })).toBeChecked()
  await page.keyboard.press('Tab')
  await page.keyboard.type('count was wrong')
  await page.keyboard.press('Enter')
  await expect(reject).toBeHidden()
  await expect(card).toBeFocused()
  await expect(card.getByTestId('alert-status')).toHaveAttribute('data-status', 'rejected')

  // The API's history has each decision, by a person, with the quantity and reasons given.
  const approved = (await history(page, approveId)).at(-1)!
  expect(approved).toMatchObject({ to: 'approved', actor: { kind: 'person' } })
  const modified = (await history(page, modifyId)).at(-1)!
  expect(modified).toMatchObject({ to: 'modified', quantity_after: decided, reason: 'quantity too high: promo ended', actor: { kind: 'person' } })
  const rejected = (await history(page, rejectId)).at(-1)!
  expect(rejected).toMatchObject({ to: 'rejected', reason: 'stock figure wrong: count was wrong', actor: { kind: 'person' } })
})

test('an executive reads the inbox without decision keys', async ({ page }) => {
  await signIn(page, 'executive')
  await page.goto(`/alerts?location=${ALERTS_LOCATION}`)
  await expect(page.getByTestId('alert-list').or(page.getByTestId('alerts-empty'))).toBeVisible()
  await expect(page.getByTestId('key-legend')).toContainText('next / previous card')
  await expect(page.getByTestId('key-legend')).not.toContainText('approve')
  await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0)
  await page.keyboard.press('j')
  await page.keyboard.press('a')
  await expect(page.getByTestId('inbox-announcer')).toHaveText('Executives read alerts; planners and managers decide them')
})
