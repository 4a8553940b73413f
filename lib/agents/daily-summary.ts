/**
 * Daily summary agent.
 *
 * Mandate
 * - Trigger: once a day per deployment (and per region or location an operations manager follows),
 *   after the business day closes in that scope's time zone.
 * - Reads: the day's and the previous day's KPIs (units, revenue, SKU-locations at risk, expected
 *   lost margin, in-stock rate, markdown exposure: the board's figures), alerts opened, cleared and
 *   decided that day by type, and the top risks by value at risk (the inbox's order).
 * - Raises: no alert. It writes a text for operations managers (headline and paragraphs) from a
 *   template, with no external model: every sentence is a figure it was given.
 * - Recommends: nothing; no action, so no approval rule applies.
 *
 * Changes are against the previous day: relative for amounts (units, revenue, money: "+5.2%"), in
 * percentage points for the in-stock rate ("+0.4 pts"), in units for counts ("3 more"). With no
 * previous day, or a previous figure of 0, the change is left out rather than invented.
 */
import { ALERT_TYPES, type ActionKind, type AlertType, type HysteresisRule } from '../alerts/types'
import { fmtMoney, fmtNum, fmtPct, fmtSignedPct, fmtSignedPts, humanize, listAnd, plural } from './wording'

export const AGENT = {
  name: 'daily-summary',
  model_version: 'daily-summary/1',
  alert_types: [],
  actions: [],
} as const satisfies { name: string; model_version: string; alert_types: readonly AlertType[]; actions: readonly ActionKind[] }

/** It raises no alert, so it has no thresholds. */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {}

export interface DailyKpis {
  units: number
  /** Money. */
  revenue: number
  /** SKU-locations whose stockout probability within their lead time is above the threshold. */
  at_risk: number
  /** Money: expected lost margin of the SKU-locations at risk. */
  expected_lost_margin: number
  /** 0..1: share of SKU-locations with stock on hand (the board's in-stock rate). */
  in_stock_rate: number
  /** Money: projected units left at season end x (price - clearance price). */
  markdown_exposure: number
}

export type AlertCounts = Partial<Record<AlertType, number>>

export interface TopRisk {
  type: AlertType
  sku: string
  location: string
  /** For supplier-level risks (sku and location ''). */
  supplier?: string
  value_at_risk: number
}

export interface DailySummaryInput {
  /** The business day summarised, YYYY-MM-DD. */
  date: string
  /** Written before money: "£", "€", "$". */
  currency_symbol: string
  today: DailyKpis
  /** null when there is no previous day (first day, or its figures are missing). */
  yesterday: DailyKpis | null
  alerts: { opened: AlertCounts; cleared: AlertCounts; decided: AlertCounts }
  /** The largest risks open at the end of the day; the three largest by value at risk are named. */
  top_risks: readonly TopRisk[]
}

export interface SummaryFigure {
  today: number
  yesterday: number | null
  /** Relative change (today / yesterday - 1) or difference (today - yesterday); null when there is none. */
  change: number | null
  change_kind: 'relative' | 'difference'
}

export interface DailySummary {
  date: string
  headline: string
  paragraphs: string[]
  figures: Record<keyof DailyKpis, SummaryFigure> & { alerts: { opened: number; cleared: number; decided: number } }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "2026-12-10" -> "Thu 10 Dec 2026". */
export function fmtDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return date
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

const RELATIVE: readonly (keyof DailyKpis)[] = ['units', 'revenue', 'expected_lost_margin', 'markdown_exposure']

function figure(key: keyof DailyKpis, today: DailyKpis, yesterday: DailyKpis | null): SummaryFigure {
  const t = today[key]
  const y = yesterday ? yesterday[key] : null
  if (RELATIVE.includes(key)) return { today: t, yesterday: y, change: y !== null && y !== 0 ? t / y - 1 : null, change_kind: 'relative' }
  return { today: t, yesterday: y, change: y !== null ? t - y : null, change_kind: 'difference' }
}

/** " (+5.2%)" or "" when there is no change to show. */
function rel(f: SummaryFigure): string {
  return f.change === null ? '' : ` (${fmtSignedPct(f.change)})`
}

function total(c: AlertCounts): number {
  let n = 0
  for (const t of ALERT_TYPES) n += c[t] ?? 0
  return n
}

/** "stockout risk 3, supplier delay 2": largest first, then in ALERT_TYPES order; zeros left out. */
function breakdown(c: AlertCounts): string {
  return ALERT_TYPES.filter((t) => (c[t] ?? 0) > 0)
    .map((t, i) => ({ t, n: c[t] ?? 0, i }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map(({ t, n }) => `${humanize(t)} ${fmtNum(n)}`)
    .join(', ')
}

function alertPart(c: AlertCounts, verb: string): string {
  const n = total(c)
  return n === 0 ? `no alerts ${verb}` : `${plural(n, 'alert')} ${verb} (${breakdown(c)})`
}

function scopeOf(r: TopRisk): string {
  if (r.sku) return r.location ? `${r.sku} at ${r.location}` : r.sku
  if (r.supplier) return `supplier ${r.supplier}`
  return r.location || 'all locations'
}

/** The day's text: a headline and four paragraphs (sales, stock, alerts, top risks), and the figures behind them. */
export function decideDailySummary(input: DailySummaryInput): DailySummary {
  const { today, yesterday } = input
  const money = (v: number) => fmtMoney(v, input.currency_symbol)
  const f = {
    units: figure('units', today, yesterday),
    revenue: figure('revenue', today, yesterday),
    at_risk: figure('at_risk', today, yesterday),
    expected_lost_margin: figure('expected_lost_margin', today, yesterday),
    in_stock_rate: figure('in_stock_rate', today, yesterday),
    markdown_exposure: figure('markdown_exposure', today, yesterday),
  }
  const opened = total(input.alerts.opened)

  const riskDiff = f.at_risk.change === null ? '' : f.at_risk.change === 0 ? ' (unchanged)' : ` (${f.at_risk.change > 0 ? '+' : ''}${fmtNum(f.at_risk.change)})`
  const headline =
    `${fmtDay(input.date)}: ${money(today.revenue)} revenue${rel(f.revenue)}, ` +
    `${plural(today.at_risk, 'SKU-location')} at risk${riskDiff}, ${plural(opened, 'alert')} opened`

  const sales = yesterday
    ? `Sales: ${plural(today.units, 'unit')}${rel(f.units)} and ${money(today.revenue)} revenue${rel(f.revenue)} against the previous day.`
    : `Sales: ${plural(today.units, 'unit')} and ${money(today.revenue)} revenue; no figures for the previous day to compare with.`

  const d = f.at_risk.change
  const riskChange =
    d === null ? '' : d === 0 ? ', as many as the previous day' : `, ${fmtNum(Math.abs(d))} ${d > 0 ? 'more' : 'fewer'} than the previous day`
  const pts = f.in_stock_rate.change === null ? '' : ` (${fmtSignedPts(f.in_stock_rate.change)})`
  const stock =
    `Stock: ${plural(today.at_risk, 'SKU-location')} at risk of a stock-out${riskChange}, with ${money(today.expected_lost_margin)} of expected lost margin` +
    `${rel(f.expected_lost_margin)}. In-stock rate ${fmtPct(today.in_stock_rate)}${pts}. Markdown exposure ${money(today.markdown_exposure)}${rel(f.markdown_exposure)}.`

  const parts = [alertPart(input.alerts.opened, 'opened'), alertPart(input.alerts.cleared, 'cleared'), alertPart(input.alerts.decided, 'decided')]
  const alerts = `Alerts: ${listAnd(parts)}.`

  const top = [...input.top_risks].sort((a, b) => b.value_at_risk - a.value_at_risk).slice(0, 3)
  const risks = top.length
    ? `Top ${top.length === 1 ? 'risk' : `${top.length} risks`}: ` +
      top.map((r, i) => `${i + 1}. ${scopeOf(r)}, ${humanize(r.type)}, ${money(r.value_at_risk)} at risk`).join('; ') +
      '.'
    : 'No open risks at the end of the day.'

  return {
    date: input.date,
    headline,
    paragraphs: [sales, stock, alerts, risks],
    figures: { ...f, alerts: { opened, cleared: total(input.alerts.cleared), decided: total(input.alerts.decided) } },
  }
}
