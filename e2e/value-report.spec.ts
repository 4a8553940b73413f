/**
 * /reports/value in Chromium against the real server and the real report API, on a fixed period
 * with seeded data: an executive signs in, reads the figures with the baseline beside them (basis
 * simulation), checks the use-case table adds up, drills into a use case by keyboard, downloads the
 * CSV (its figures are the page's and the hand-computed ones) and the PDF, then changes the period
 * by keyboard (the address follows).
 *
 * The data: e2e/support/seed-value.ts writes value_daily, actions and settlements into a server
 * of this spec's own (its data directory, seeded while it is stopped: no API writes value_daily or
 * back-dates a decision), so the shared server and the other specs never see them.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { presetPeriod } from '../lib/value/period'
import { splitCsvSections } from '../lib/value/report-csv'
import { formatFigure } from '../lib/kpis/format'
import type { ReportFigure } from '../lib/value/report-types'
import { deleteKeysWithPrefix } from '../lib/redis'
import { startOwnServer, stopOwnServer } from './support/own-server'
import { VALUE_APPROVER, VALUE_FROM, VALUE_LOCATION, VALUE_TO } from './support/seed-value'

const PORT = Number(process.env.E2E_PORT ?? 3217) + 3
const BASE = `http://127.0.0.1:${PORT}`
const SESSION_SECRET = 'e2e-value-report-session-secret-0123456789'
const up = () => expect(async () => expect((await fetch(`${BASE}/api/health`)).status).toBe(200)).toPass({ timeout: 240_000, intervals: [500] })

/**
 * The figures worked by hand from seed-value.ts's rows (28 days; VAL-1 replenishment, VAL-2 markdown):
 * - demand 28x(10+6) = 448 in both runs; sold: StockPulse 280 + (27x6 + 5) = 447, baseline 28x8 + 168 = 392.
 * - lost units: StockPulse 1 (VAL-2's last day), baseline 28x2 = 56; lost margin 2 and 112.
 * - inventory at cost summed over days: StockPulse 28x(30+36) = 1848, baseline 28x(40+60) = 2800: averages 66 and 100.
 * - carrying cost 28x(0.25+0.5) = 21 and 28x(0.5+1) = 42; markdown cost 28x1 = 28 and 0; baseline write-off 28x0.5 = 14.
 * - cost (lost margin + carrying + expedite + transfer + markdown + write-off): baseline 112 + 42 + 14 = 168,
 *   StockPulse 2 + 21 + 28 = 51, so value = 168 - 51 = 117: replenishment (126 - 7) = 119, markdown (42 - 44) = -2.
 * - cycles (a receipt starts one; the days before the first are one): StockPulse receipts on days 3, 10, 17, 24:
 *   5 per SKU, 10, one with a lost unit (VAL-2's last): 0.9; baseline on days 5 and 19: 3 per SKU, 6, VAL-1's 3 lost: 0.5.
 * - turns = cogs x 365 / 28 / average: StockPulse (560 + 334) = 894 -> 176.575, baseline 784 -> 102.2.
 * - days of supply = (units on hand / 28) / (demand / 28): (420 + 504)/28 = 33 / 16 = 2.1, (560 + 840)/28 = 50 / 16 = 3.1.
 * - GMROI = (revenue - cogs) / average: (1788 - 894)/66 = 13.545, (1568 - 784)/100 = 7.84.
 */
const EXPECTED: Record<string, { value: number | null; baseline: number | null }> = {
  value: { value: 117, baseline: null },
  fill_rate: { value: 0.9978, baseline: 0.875 },
  cycle_service_level: { value: 0.9, baseline: 0.5 },
  lost_units: { value: 1, baseline: 56 },
  lost_margin: { value: 2, baseline: 112 },
  avg_inventory_cost: { value: 66, baseline: 100 },
  inventory_turns: { value: 176.575, baseline: 102.2 },
  days_of_supply: { value: 2.1, baseline: 3.1 },
  carrying_cost: { value: 21, baseline: 42 },
  markdown_cost: { value: 28, baseline: 0 },
  gmroi: { value: 13.545, baseline: 7.84 },
  // No plan, no transfers: nothing to show.
  markdown_exposure: { value: null, baseline: null },
  transfer_efficiency: { value: null, baseline: null },
  working_capital: { value: null, baseline: null },
}

/** Per use case: decisions (settled), measured, estimated and settled value. The dead reorder is not counted. */
const USE_CASES: Record<string, [decisions: number, settled: number, measured: number, estimated: number, settledValue: number]> = {
  replenishment: [2, 1, 119, 50, 25],
  transfers: [0, 0, 0, 0, 0],
  channel_allocation: [0, 0, 0, 0, 0],
  supplier_delay: [0, 0, 0, 0, 0],
  promotions: [0, 0, 0, 0, 0],
  markdown: [1, 1, -2, 5, 4],
}

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

test('an executive reads the seeded value report against its baseline, drills into a use case by keyboard, downloads CSV and PDF and changes the period by keyboard', async ({ browser }) => {
  test.setTimeout(420_000)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-value-'))
  const prefix = `spe2evalue${Date.now().toString(36)}`
  let child: ChildProcess | undefined
  try {
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/support/seed-value.ts', dataDir], { stdio: 'inherit', timeout: 120_000 })
    expect(seeded.status).toBe(0)
    child = startOwnServer({ port: PORT, dataDir, prefix, sessionSecret: SESSION_SECRET, env: { SIMULATOR: 'off' } })
    await up()
    const page = await (await browser.newContext({ baseURL: BASE })).newPage()
    await signIn(page, `/reports/value?from=${VALUE_FROM}&to=${VALUE_TO}`)
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Value' })).toHaveAttribute('aria-current', 'page')

    // The seeded period, measured in simulation: the comparison names the baseline and the previous period.
    const figures = page.getByTestId('figures')
    await expect(figures).toBeVisible()
    await expect(page.getByTestId('period-said')).toContainText('(28 days, UTC)')
    await expect(page.getByTestId('comparison-said')).toContainText('Baseline')
    await expect(page.getByTestId('comparison-said')).toContainText('Previous period')
    await expect(page.getByTestId('report-empty')).toHaveCount(0)

    // Every figure: its unit, the hand-computed number, and the baseline's beside it.
    const tiles = figures.locator('section[data-unit]')
    for (const tile of await tiles.all()) await expect(tile.locator('h3')).toContainText(/\((units|[A-Z]{3}|%|count|days|ratio)\)/)
    const shown = await pageFigures(page)
    expect([...shown.keys()].sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const [key, want] of Object.entries(EXPECTED)) expect(shown.get(key), key).toBe(want.value)
    // The report's currency, as the value tile names it.
    const currency = (await page.getByTestId('figure-value').locator('h3').innerText()).match(/\(([A-Z]{3})\)/)![1]
    for (const [key, want] of Object.entries(EXPECTED)) {
      const unit = (await page.getByTestId(`figure-${key}`).getAttribute('data-unit')) as ReportFigure['unit']
      await expect(page.getByTestId(`figure-${key}-value`)).toHaveText(formatFigure(want.value, unit, currency).short)
      if (want.baseline === null) await expect(page.getByTestId(`figure-${key}-baseline`)).toHaveCount(0)
      else await expect(page.getByTestId(`figure-${key}-baseline`).locator('dd').first()).toHaveText(formatFigure(want.baseline, unit, currency).short)
    }

    // The definition shows on keyboard focus.
    await page.getByTestId('figure-value-info').focus()
    await expect(page.getByTestId('figure-value').getByRole('tooltip')).toBeVisible()

    // The use-case table: each row's decisions and values, and the total adds up to the value figure.
    const money = (v: number) => formatFigure(v, 'currency', currency).short
    for (const [uc, [decisions, settled, measured, estimated, settledValue]] of Object.entries(USE_CASES)) {
      const cells = page.locator(`[data-testid="use-case-row"][data-use-case="${uc}"] td`)
      await expect(cells.nth(0), uc).toHaveText(`${decisions} (${settled})`)
      await expect(cells.nth(1), uc).toHaveText(money(measured))
      await expect(cells.nth(2), uc).toHaveText(money(estimated))
      await expect(cells.nth(3), uc).toHaveText(money(settledValue))
    }
    // Lost margin and average inventory at cost, StockPulse / baseline: VAL-1's (0 / 112, 30 / 40) and VAL-2's (2 / 0, 36 / 60).
    const both = (sp: number, base: number) => `${money(sp)} / ${money(base)}`
    const replenishment = page.locator('[data-testid="use-case-row"][data-use-case="replenishment"] td')
    const markdown = page.locator('[data-testid="use-case-row"][data-use-case="markdown"] td')
    await expect(replenishment.nth(4)).toHaveText(both(0, 112))
    await expect(replenishment.nth(5)).toHaveText(both(30, 40))
    await expect(markdown.nth(4)).toHaveText(both(2, 0))
    await expect(markdown.nth(5)).toHaveText(both(36, 60))
    await expect(page.getByTestId('use-case-unattributed').locator('td').nth(1)).toHaveText(money(0))
    const total = page.getByTestId('use-case-total').locator('td')
    await expect(total.nth(0)).toHaveText('3 (2)')
    await expect(total.nth(1)).toHaveText(money(117))
    await expect(total.nth(2)).toHaveText(money(55))
    await expect(total.nth(3)).toHaveText(money(29))

    // Drill into replenishment by keyboard: its two executed decisions, newest first, each linking to its SKU.
    await page.locator('[data-testid="use-case-row"][data-use-case="replenishment"]').getByRole('button').focus()
    await page.keyboard.press('Enter')
    const drill = page.getByTestId('decisions-drill')
    await expect(drill).toHaveAttribute('data-use-case', 'replenishment')
    await expect(drill.getByRole('heading', { name: /Replenishment/ })).toBeFocused()
    const decisions = drill.getByTestId('decision-row')
    await expect(decisions).toHaveCount(2)
    for (const d of await decisions.all()) await expect(d.locator('a[href^="/sku/"]')).toHaveAttribute('href', `/sku/VAL-1?location=${VALUE_LOCATION}`)
    await expect(decisions.nth(0)).toContainText('alert-val-act-2')
    await expect(decisions.nth(0)).toContainText('not settled yet')
    await expect(decisions.nth(0)).toContainText('rule v3')
    await expect(decisions.nth(0)).toContainText(formatFigure(20, 'currency', currency).full)
    await expect(decisions.nth(1)).toContainText('alert-val-act-1')
    await expect(decisions.nth(1)).toContainText('stockout prevented')
    await expect(decisions.nth(1)).toContainText(VALUE_APPROVER)
    await expect(decisions.nth(1)).toContainText(formatFigure(25, 'currency', currency).full)

    // CSV of the whole report: the page's period, every figure the page's and the hand-computed one, baselines too.
    const all = splitCsvSections(parseCsv((await download(page, 'export-csv')).toString('utf8')))
    const filters = Object.fromEntries(all.Filters.rows.map(([k, v]) => [k, v]))
    expect([filters.from, filters.to, filters.currency, filters.basis]).toEqual([VALUE_FROM, VALUE_TO, currency, 'simulation'])
    const col = (name: string) => all.Figures.header.indexOf(name)
    const cell = (v: string) => (v === '' ? null : Number(v))
    expect(all.Figures.rows.map((r) => r[col('key')])).toEqual([...shown.keys()])
    for (const r of all.Figures.rows) {
      const key = r[col('key')]
      expect(cell(r[col('value')]), key).toBe(shown.get(key))
      expect(cell(r[col('value')]), key).toBe(EXPECTED[key].value)
      expect(cell(r[col('baseline')]), key).toBe(EXPECTED[key].baseline)
    }
    const uc = all['Use cases']
    const ucol = (name: string) => uc.header.indexOf(name)
    expect(uc.rows.map((r) => r[ucol('use_case')])).toEqual([...Object.keys(USE_CASES), 'unattributed'])
    for (const r of uc.rows.slice(0, -1)) {
      const [decisions, settled, measured, estimated, settledValue] = USE_CASES[r[ucol('use_case')]]
      expect([r[ucol('decisions')], r[ucol('settled')], r[ucol('measured_value')], r[ucol('estimated_value')], r[ucol('settled_value')]].map(Number), r[ucol('use_case')]).toEqual([decisions, settled, measured, estimated, settledValue])
    }
    // Lost units by use case, StockPulse and baseline: VAL-1's 56 lost in the baseline are replenishment's, VAL-2's 1 is markdown's.
    const lostOf = (u: string) => { const r = uc.rows.find((x) => x[ucol('use_case')] === u)!; return [Number(r[ucol('lost_units')]), Number(r[ucol('baseline_lost_units')])] }
    expect([lostOf('replenishment'), lostOf('markdown')]).toEqual([[0, 56], [1, 0]])
    // The use cases' shares of the average inventory at cost add up to the figure (66, baseline 100).
    const sumOf = (c: string) => uc.rows.slice(0, -1).reduce((a, r) => a + Number(r[ucol(c)]), 0)
    expect([sumOf('inventory_cost'), sumOf('baseline_inventory_cost')]).toEqual([66, 100])
    expect(Number(uc.rows.at(-1)![ucol('measured_value')])).toBe(0)
    expect(uc.rows.reduce((a, r) => a + Number(r[ucol('measured_value')]), 0)).toBe(117)

    // CSV of the figures table alone: the same filters and rows.
    const one = splitCsvSections(parseCsv((await download(page, 'csv-figures')).toString('utf8')))
    expect(Object.keys(one)).toEqual(['Filters', 'Figures'])
    expect(one.Figures.rows).toEqual(all.Figures.rows)

    // The PDF.
    const pdf = await download(page, 'export-pdf')
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')

    // Period by keyboard: Shift+Tab from "Last 28 days" to "Last 7 days" and Enter; the address follows, a reload keeps it.
    await page.getByTestId('preset-28d').focus()
    await page.keyboard.press('Shift+Tab')
    await expect(page.getByTestId('preset-7d')).toBeFocused()
    await page.keyboard.press('Enter')
    const week = presetPeriod('7d', Date.now())
    await expect(page).toHaveURL(new RegExp(`from=${week.from}&to=${week.to}`))
    await expect(page.getByTestId('preset-7d')).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByTestId('period-said')).toContainText('(7 days, UTC)')
    await page.reload()
    await expect(page.getByTestId('preset-7d')).toHaveAttribute('aria-pressed', 'true')
    await expect(figures).toBeVisible()
  } finally {
    if (child) await stopOwnServer(child)
    await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('the value report is not a planner’s page', async ({ page }) => {
  await page.goto('/login?next=%2Freports%2Fvalue')
  await page.getByLabel('Email').fill('planner@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('not-for-role')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Value' })).toHaveCount(0)
})
