import { expect, test } from '@playwright/test'

test('an admin imports a CSV on /data and sees it land; a bad file is refused with its line', async ({ page }) => {
  await page.goto('/login?next=/data')
  await page.getByLabel('Email').fill('admin@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Import a CSV' })).toBeVisible()

  const ts = new Date(Date.now() - 3600_000).toISOString()
  const run = Date.now().toString(36)
  const good = `event_id,ts,sku,location,channel,qty,unit_price\nup-${run}-1,${ts},UP-1,UPLOAD-1,store,2,3.5\nup-${run}-2,${ts},UP-2,UPLOAD-1,store,1,9\n`
  await page.getByLabel(/^File/).setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('status').filter({ hasText: '2 rows: 2 landed' })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', /\d+/)

  const bad = `event_id,ts,sku,location,channel,qty,unit_price\nbad-${run}-1,${ts},UP-1,UPLOAD-1,store,-2,3.5\n`
  await page.getByLabel(/^File/).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'line 2' })).toBeVisible()
})

test('an admin sees an implausible row quarantined on /data and undoes the import', async ({ page }) => {
  await page.goto('/login?next=/data')
  await page.getByLabel('Email').fill('admin@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Import a CSV' })).toBeVisible()

  const ts = new Date(Date.now() - 3600_000).toISOString()
  const run = Date.now().toString(36)
  const csv = `event_id,ts,sku,location,channel,qty,unit_price\nq-${run}-1,${ts},UP-1,UPLOAD-Q,store,2,3.5\nq-${run}-2,${ts},UP-1,UPLOAD-Q,store,1000000000,1000000000\n`
  await page.getByLabel(/^File/).setInputFiles({ name: 'quarantine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('status').filter({ hasText: '2 rows' })).toBeVisible()

  await page.reload()
  const quarantined = page.getByTestId('quarantined').getByRole('listitem').filter({ hasText: `q-${run}-2` }).first()
  await expect(quarantined).toContainText('sale.qty 1000000000 is above the plausible maximum 10000')
  const row = page.getByTestId('imports').getByRole('row').filter({ has: page.getByRole('button', { name: 'Undo' }) }).first()
  page.once('dialog', (d) => void d.accept())
  await row.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('status').filter({ hasText: /undone: 2 rows removed/ })).toBeVisible()
  await expect(page.getByTestId('imports')).toContainText('Undone')
})

test('an ops manager starts the planning recompute on /data and watches it finish; an executive sees runs but no button', async ({ page }) => {
  await page.goto('/login?next=/data')
  await page.getByLabel('Email').fill('ops@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const panel = page.getByRole('region', { name: 'Planning recompute' })
  await expect(panel).toContainText(/next run \d{2} [A-Z][a-z]{2}, \d{2}:\d{2}:\d{2} [A-Z]/)

  await panel.getByRole('button', { name: 'Recompute now' }).click()
  await expect(panel.getByRole('status')).toContainText(/Recompute started|already under way/)
  // Pushed progress, then the finished run with what it did, by whom.
  const latest = panel.getByTestId('recompute-runs').locator('tbody tr').first()
  await expect(latest).toContainText('Done', { timeout: 45_000 })
  await expect(latest).toContainText(/Omar Ops|API key/)
  await expect(panel.getByRole('button', { name: 'Recompute now' })).toBeEnabled()

  await page.context().clearCookies()
  await page.goto('/login?next=/data')
  await page.getByLabel('Email').fill('exec@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('recompute-runs')).toContainText('Done')
  await expect(page.getByRole('button', { name: 'Recompute now' })).toHaveCount(0)
})
