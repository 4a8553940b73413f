/**
 * The daily summary's I/O (migration 016; the text itself: lib/agents/daily-summary.ts): gather
 * one day's inputs for a scope, append a generated summary, read the newest one.
 *
 * Where each input comes from:
 * - units and revenue of the day: `sales_daily` (every day is kept there; `sales_minutely`, which
 *   the board's tiles read, only holds the last days);
 * - the planning figures (SKU-locations at risk, expected lost margin, in-stock rate, markdown
 *   exposure): what GET /api/v1/kpis answers (kpiSnapshots), i.e. the latest plan when the summary
 *   is written. Planning keeps no history, so the summary of a day that has closed carries the plan
 *   as it stood when it was last written (hourly, and once just after midnight UTC);
 * - the previous day: the figures of its own stored summary (the record is the history); none
 *   stored means no previous day, and the changes are left out rather than invented;
 * - alerts opened (their opened_at), cleared and decided (approved, modified, rejected) that day, by
 *   type, from `alerts` and `alert_transitions`;
 * - the top risks: the largest expected lost margins in `risk_top` (stockout risk by SKU-location).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import { kpiSnapshots } from './kpis'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { ALERT_TYPES, type AlertType } from '@/lib/alerts/types'
import type { AlertCounts, DailyKpis, DailySummary, DailySummaryInput, TopRisk } from '@/lib/agents/daily-summary'
import { summaryFigures, type SummaryBody } from '@/lib/summary/api-schemas'

const num = z.coerce.number()
const DAY_MS = 86_400_000

/** "2026-12-06" -> "2026-12-05". */
export const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)

const salesQuery = defineQuery({
  name: 'summary.sales',
  sql: `SELECT sum(units) AS units, sum(revenue) AS revenue FROM sales_daily
        WHERE day = {date:Date} AND ({location:String} = '' OR location = {location:String})`,
  params: z.object({ date: z.string(), location: z.string() }),
  row: z.object({ units: num, revenue: num }),
})

/** Alerts opened, cleared and decided on the day, per type: one row per (what, type). */
const alertCountsQuery = defineQuery({
  name: 'summary.alert_counts',
  sql: `SELECT 'opened' AS what, type, uniqExact(id) AS n FROM alerts
        WHERE toDate(opened_at) = {date:Date} AND ({location:String} = '' OR location = {location:String})
        GROUP BY type
        UNION ALL
        SELECT multiIf(to_status = 'cleared', 'cleared', 'decided') AS what, type, uniqExact(transition_id) AS n FROM alert_transitions
        WHERE toDate(at) = {date:Date} AND to_status IN ('cleared', 'approved', 'modified', 'rejected')
          AND ({location:String} = '' OR location = {location:String})
        GROUP BY what, type`,
  params: z.object({ date: z.string(), location: z.string() }),
  row: z.object({ what: z.enum(['opened', 'cleared', 'decided']), type: z.string(), n: num }),
})

/** The largest expected lost margins among the ranked at-risk SKUs of each location (newest ranking). */
const topRisksQuery = defineQuery({
  name: 'summary.top_risks',
  sql: `SELECT location, sku, expected_lost_margin FROM (
          SELECT location, rank, sku, expected_lost_margin FROM risk_top
          WHERE {location:String} = '' OR location = {location:String}
          ORDER BY location, rank, computed_at DESC LIMIT 1 BY location, rank
        )
        WHERE sku != '' AND expected_lost_margin > 0
        ORDER BY expected_lost_margin DESC, location, sku LIMIT {limit:UInt32}`,
  params: z.object({ location: z.string(), limit: z.number().int() }),
  row: z.object({ location: z.string(), sku: z.string(), expected_lost_margin: num }),
})

const summaryRow = z.object({
  date: z.string(),
  location: z.string(),
  headline: z.string(),
  paragraphs: z.array(z.string()),
  figures: z.string(),
  generated_at: z.string().transform((s) => `${s.replace(' ', 'T')}Z`),
})

const latestSummaryQuery = defineQuery({
  name: 'summary.latest',
  sql: `SELECT toString(date) AS date, location, headline, paragraphs, figures, toString(generated_at) AS generated_at
        FROM daily_summaries
        WHERE date = {date:Date} AND location = {location:String}
        ORDER BY generated_at DESC LIMIT 1`,
  params: z.object({ date: z.string(), location: z.string() }),
  row: summaryRow,
})

/** The newest summary of a day for a scope ('' = all locations), or undefined when none was written yet. */
export async function latestSummary(ch: ClickHouseClient, date: string, location = ''): Promise<SummaryBody | undefined> {
  const [row] = await latestSummaryQuery(ch, { date, location })
  if (!row) return undefined
  return { ...row, figures: summaryFigures.parse(JSON.parse(row.figures)) }
}

const isType = (t: string): t is AlertType => (ALERT_TYPES as readonly string[]).includes(t)

/** Everything decideDailySummary needs for `date` and a scope ('' = all locations), as of `now`. */
export async function dailySummaryInput(ch: ClickHouseClient, opts: { date: string; location?: string; currencySymbol: string; now?: Date }): Promise<DailySummaryInput> {
  const location = opts.location ?? ''
  const [[sales], [snapshot], counts, risks, previous] = await Promise.all([
    salesQuery(ch, { date: opts.date, location }),
    kpiSnapshots(ch, [location || ALL_LOCATIONS], opts.now ?? new Date()),
    alertCountsQuery(ch, { date: opts.date, location }),
    topRisksQuery(ch, { location, limit: 3 }),
    latestSummary(ch, previousDay(opts.date), location),
  ])
  const k = snapshot.kpis
  // No plan covers the scope yet: its planning figures are unknown; the text says 0 of them.
  const today: DailyKpis = {
    units: sales?.units ?? 0,
    revenue: sales?.revenue ?? 0,
    at_risk: k.stockout_risk_count ?? 0,
    expected_lost_margin: k.stockout_risk_value ?? 0,
    in_stock_rate: k.in_stock_rate ?? 0,
    markdown_exposure: k.markdown_exposure ?? 0,
  }
  const alerts: DailySummaryInput['alerts'] = { opened: {}, cleared: {}, decided: {} }
  for (const c of counts) {
    if (!isType(c.type)) continue
    const into: AlertCounts = alerts[c.what]
    into[c.type] = (into[c.type] ?? 0) + c.n
  }
  const top_risks: TopRisk[] = risks.map((r) => ({ type: 'stockout_risk', sku: r.sku, location: r.location, value_at_risk: r.expected_lost_margin }))
  return { date: opts.date, currency_symbol: opts.currencySymbol, today, yesterday: previous ? yesterdayOf(previous.figures) : null, alerts, top_risks }
}

function yesterdayOf(f: SummaryBody['figures']): DailyKpis {
  return {
    units: f.units.today,
    revenue: f.revenue.today,
    at_risk: f.at_risk.today,
    expected_lost_margin: f.expected_lost_margin.today,
    in_stock_rate: f.in_stock_rate.today,
    markdown_exposure: f.markdown_exposure.today,
  }
}

/** Append a generated summary (a newer generated_at replaces the day's text for its scope). */
export async function writeSummary(clickhouse: ClickHouse, s: DailySummary, location: string, generatedAt: Date): Promise<SummaryBody> {
  const row = { date: s.date, location, headline: s.headline, paragraphs: s.paragraphs, figures: JSON.stringify(s.figures), generated_at: generatedAt.toISOString() }
  await clickhouse.insertRows('interactive', 'daily_summaries', [row], { date_time_input_format: 'best_effort' })
  return { ...row, figures: s.figures }
}
