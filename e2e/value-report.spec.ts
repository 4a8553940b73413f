/**
 * /reports/value in Chromium against the real server and the real report API: an executive signs
 * in, reads figures with their units, changes the period by keyboard (the address follows), drills
 * into a use case's decisions, downloads the CSV (its figures are the page's) and the PDF.
 */
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { presetPeriod } from '../lib/value/period'
import { splitCsvSections } from '../lib/value/report-csv'
import { formatFigure } from '../lib/kpis/format'
import type { ReportFigure } from '../lib/value/report-types'

async function signIn(page: Page, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill('exec@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/reports\/value/)
}

/** RFC 4180 records, quoted cells included; an empty line is a record of one empty cell (it separates the report's tables). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') endCell()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endCell()
      rows.push(row)
      row = []
    } else cell += c
  }
  if (cell || row.length) {
    endCell()
    rows.push(row)
  }
  return rows
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  return readFileSync((await dl.path())!)
}

/** The figures the page shows: key -> the number behind the tile. */
async function pageFigures(page: Page): Promise<Map<string, number | null>> {
  const tiles = await page.getByTestId('figures').locator('section[data-unit]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-testid')!.replace(/^figure-/, ''), e.getAttribute('data-value') ?? ''] as const),
  )
  return new Map(tiles.map(([k, v]) => [k, v === '' ? null : Number(v)]))
}

test('an executive reads the value report, changes the period by keyboard, drills into a use case and downloads CSV and PDF', async ({ page }) => {
  await signIn(page, '/reports/value')
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Value' })).toHaveAttribute('aria-current', 'page')

  // Figures with their units; the comparison says what it compares against.
  const figures = page.getByTestId('figures')
  await expect(figures).toBeVisible()
  const tiles = figures.locator('section[data-unit]')
  expect(await tiles.count()).toBeGreaterThan(5)
  for (const tile of await tiles.all()) await expect(tile.locator('h3')).toContainText(/\((units|[A-Z]{3}|%|count|days|ratio)\)/)
  await expect(page.getByTestId('comparison-said')).toContainText('Previous period')
  await expect(page.getByTestId('period-said')).toContainText('as of')

  // The definition shows on keyboard focus.
  const firstKey = (await tiles.first().getAttribute('data-testid'))!
  await page.getByTestId(`${firstKey}-info`).focus()
  await expect(tiles.first().getByRole('tooltip')).toBeVisible()

  // Period by keyboard: from the default preset, Shift+Tab to "Last 7 days" and Enter.
  await expect(page.getByTestId('preset-28d')).toHaveAttribute('aria-pressed', 'true')
  await page.getByTestId('preset-28d').focus()
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByTestId('preset-7d')).toBeFocused()
  await page.keyboard.press('Enter')
  const week = presetPeriod('7d', Date.now())
  await expect(page).toHaveURL(new RegExp(`from=${week.from}&to=${week.to}`))
  await expect(page.getByTestId('preset-7d')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('period-said')).toContainText('(7 days, UTC)')
  await expect(figures).toBeVisible()

  // A link reproduces the view.
  await page.reload()
  await expect(page.getByTestId('preset-7d')).toHaveAttribute('aria-pressed', 'true')
  await expect(figures).toBeVisible()

  // Drill into a use case by keyboard: its decisions (or the designed empty state) open and take focus.
  const row = page.locator('[data-testid="use-case-row"][data-use-case="replenishment"]')
  await row.getByRole('button').focus()
  await page.keyboard.press('Enter')
  const drill = page.getByTestId('decisions-drill')
  await expect(drill).toHaveAttribute('data-use-case', 'replenishment')
  await expect(drill.getByRole('heading', { name: /Replenishment/ })).toBeFocused()
  await expect(drill.getByTestId('decisions-table').or(drill.getByTestId('decisions-empty'))).toBeVisible()
  const firstDecision = drill.getByTestId('decision-row').first()
  if (await firstDecision.count()) {
    await expect(firstDecision.locator('a[href^="/sku/"]')).toHaveCount(1)
  }

  // CSV of the whole report: its filters are the page's, every figure on the page is in it with the same number.
  const shown = await pageFigures(page)
  const all = splitCsvSections(parseCsv((await download(page, 'export-csv')).toString('utf8')))
  const filters = Object.fromEntries(all.Filters.rows.map(([k, v]) => [k, v]))
  expect([filters.from, filters.to]).toEqual([week.from, week.to])
  const col = (name: string) => all.Figures.header.indexOf(name)
  expect(all.Figures.rows.map((r) => r[col('key')])).toEqual([...shown.keys()])
  for (const r of all.Figures.rows) {
    const v = r[col('value')]
    expect(v === '' ? null : Number(v), r[col('key')]).toBe(shown.get(r[col('key')]))
  }
  // Each tile writes that number as the board writes figures, money in the report's currency.
  for (const r of all.Figures.rows) {
    const v = r[col('value')]
    await expect(page.getByTestId(`figure-${r[col('key')]}-value`)).toHaveText(formatFigure(v === '' ? null : Number(v), r[col('unit')] as ReportFigure['unit'], filters.currency).short)
  }

  // CSV of the figures table alone: the same filters and rows.
  const one = splitCsvSections(parseCsv((await download(page, 'csv-figures')).toString('utf8')))
  expect(Object.keys(one)).toEqual(['Filters', 'Figures'])
  expect(one.Figures.rows).toEqual(all.Figures.rows)

  // The PDF, with the same filters.
  const pdf = await download(page, 'export-pdf')
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
})

test('the value report is not a planner’s page', async ({ page }) => {
  await page.goto('/login?next=%2Freports%2Fvalue')
  await page.getByLabel('Email').fill('planner@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('not-for-role')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Value' })).toHaveCount(0)
})
