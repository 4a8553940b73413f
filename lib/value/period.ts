/**
 * The value report's period: UTC days, `from` and `to` inclusive, kept in the page's address
 * (`/reports/value?from=2026-11-09&to=2026-12-06`) so a link reproduces the view. Presets count
 * back from today (UTC) inclusive; quarter and year run from their first day to today. Pure.
 */
export interface Period {
  from: string
  to: string
}

export const PERIOD_PRESETS = [
  { key: '7d', label: 'Last 7 days' },
  { key: '28d', label: 'Last 28 days' },
  { key: '90d', label: 'Last 90 days' },
  { key: 'qtd', label: 'Quarter to date' },
  { key: 'ytd', label: 'Year to date' },
] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['key']

export const DEFAULT_PRESET: PeriodPreset = '28d'
/** The longest period the page asks for: a little over a year. */
export const MAX_DAYS = 400

const DAY = 86_400_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10)
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`)
export const addDays = (d: string, n: number) => utcDay(ms(d) + n * DAY)

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(d: unknown): d is string {
  return typeof d === 'string' && DATE.test(d) && Number.isFinite(ms(d)) && utcDay(ms(d)) === d
}

/** Days in the period, both ends counted. */
export const daysIn = (p: Period) => Math.round((ms(p.to) - ms(p.from)) / DAY) + 1

export function presetPeriod(preset: PeriodPreset, now: number): Period {
  const to = utcDay(now)
  const [y, m] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))]
  switch (preset) {
    case '7d':
      return { from: addDays(to, -6), to }
    case '28d':
      return { from: addDays(to, -27), to }
    case '90d':
      return { from: addDays(to, -89), to }
    case 'qtd':
      return { from: `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, to }
    case 'ytd':
      return { from: `${y}-01-01`, to }
  }
}

/** Which preset a period is today, if any (the picker marks it). */
export function presetOf(p: Period, now: number): PeriodPreset | undefined {
  return PERIOD_PRESETS.find((x) => {
    const q = presetPeriod(x.key, now)
    return q.from === p.from && q.to === p.to
  })?.key
}

/** The previous period of equal length, ending the day before `from`. */
export function previousPeriod(p: Period): Period {
  const n = daysIn(p)
  return { from: addDays(p.from, -n), to: addDays(p.from, -1) }
}

/**
 * The period an address asks for, leniently: both days valid, `from` not after `to`, `to` not
 * after today, at most MAX_DAYS long; otherwise the default preset, with the reason.
 */
export function periodFromQuery(q: { from?: string | null; to?: string | null }, now: number): { period: Period; problem: string | null } {
  const fallback = presetPeriod(DEFAULT_PRESET, now)
  if (q.from == null && q.to == null) return { period: fallback, problem: null }
  if (!isDay(q.from)) return { period: fallback, problem: 'from: not a date (YYYY-MM-DD)' }
  if (!isDay(q.to)) return { period: fallback, problem: 'to: not a date (YYYY-MM-DD)' }
  const p = { from: q.from, to: q.to }
  return { period: p, problem: periodProblem(p, now) }
}

/** Why a period cannot be asked for, or null. */
export function periodProblem(p: Period, now: number): string | null {
  if (!isDay(p.from)) return 'from: not a date (YYYY-MM-DD)'
  if (!isDay(p.to)) return 'to: not a date (YYYY-MM-DD)'
  if (p.from > p.to) return 'from: after to'
  if (p.to > utcDay(now)) return 'to: after today (UTC)'
  if (daysIn(p) > MAX_DAYS) return `to: more than ${MAX_DAYS} days after from`
  return null
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** "9 Nov 2026" from "2026-11-09", written from its digits (same on server and browser). */
export function sayDay(d: string): string {
  return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`
}

/** "9 Nov – 6 Dec 2026 (28 days, UTC)". */
export function sayPeriod(p: Period): string {
  const n = daysIn(p)
  const from = p.from.slice(0, 4) === p.to.slice(0, 4) ? sayDay(p.from).replace(/ \d{4}$/, '') : sayDay(p.from)
  return `${p.from === p.to ? sayDay(p.to) : `${from} – ${sayDay(p.to)}`} (${n} day${n === 1 ? '' : 's'}, UTC)`
}

/** The page's own address for a period. */
export const valueHref = (p: Period) => `/reports/value?from=${p.from}&to=${p.to}`
