/**
 * The drill-down's sentence for the signals that moved a forecast (lib/planning/signals.ts drivers,
 * as `forecast_signals` keeps them), e.g. "Weather: +18% on Mon 9 Jun–Wed 11 Jun (hot spell, 2.4 °C
 * above normal) · Local event Sat 14 Jun: +35%". Days are named (runs of consecutive days as a
 * range); more than MAX_RUNS separate runs are counted instead ("on 5 days"). Percentages are changes to the day's forecast units; the
 * temperature is the anomaly the forecast assumed (degrees C from the location's normal for the
 * date). Pure, shared by the API and the page.
 */
import type { SignalName } from '@/lib/forecast/signal-names'

export interface NoteDriver {
  /** Forecast day (0 = the forecast's start date). */
  day: number
  signal: SignalName
  /** Relative change to the day's forecast (0.18 = +18%). */
  change: number
  /** Degrees C above normal for temp_anomaly; 1 for rain or an event. */
  value: number
}

const DAY_MS = 86_400_000
const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "+18%" / "−7%" (a true minus sign). */
export function signedPct(change: number): string {
  const p = Math.round(change * 100)
  return `${p < 0 ? '−' : '+'}${Math.abs(p)}%`
}

/** "Sat 14 Jun" for forecast day `day` from `startDate` (YYYY-MM-DD). */
function dayLabel(startDate: string, day: number): string {
  const d = new Date(Date.parse(`${startDate}T00:00:00Z`) + day * DAY_MS)
  return `${WEEKDAY[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH[d.getUTCMonth()]}`
}

const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const plural = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`

/** Runs of consecutive days. */
function runs(days: readonly number[]): number[][] {
  const out: number[][] = []
  for (const d of [...days].sort((a, b) => a - b)) {
    const last = out[out.length - 1]
    if (last && d === last[last.length - 1] + 1) last.push(d)
    else out.push([d])
  }
  return out
}

/** Separate runs of days named one by one; beyond this many, the days are counted instead. */
const MAX_RUNS = 2

/** "Sat 14 Jun", "Thu 19 Jun–Fri 20 Jun", "Mon 9 Jun, Thu 12 Jun", or "5 days". */
function daysLabel(startDate: string, days: readonly number[]): string {
  const rs = runs(days)
  if (rs.length > MAX_RUNS) return plural(days.length, 'day')
  return rs.map((run) => (run.length === 1 ? dayLabel(startDate, run[0]) : `${dayLabel(startDate, run[0])}–${dayLabel(startDate, run[run.length - 1])}`)).join(', ')
}

/** One sentence, or null when no signal moved the forecast. */
export function signalNote(drivers: readonly NoteDriver[], startDate: string): string | null {
  const parts: string[] = []
  const of = (signal: SignalName) => drivers.filter((d) => d.signal === signal)
  // Temperature: warm and cold days apart (a category may gain on one and lose on the other).
  for (const warm of [true, false]) {
    const ds = of('temp_anomaly').filter((d) => d.value >= 0 === warm)
    if (!ds.length) continue
    const a = avg(ds.map((d) => d.value))
    parts.push(`Weather: ${signedPct(avg(ds.map((d) => d.change)))} on ${daysLabel(startDate, ds.map((d) => d.day))} (${warm ? 'hot' : 'cold'} spell, ${Math.abs(a).toFixed(1)} °C ${warm ? 'above' : 'below'} normal)`)
  }
  const rain = of('rain')
  if (rain.length) parts.push(`Rain: ${signedPct(avg(rain.map((d) => d.change)))} on ${daysLabel(startDate, rain.map((d) => d.day))}`)
  const events = of('local_event')
  for (const run of runs(events.map((d) => d.day))) {
    const change = avg(events.filter((d) => run.includes(d.day)).map((d) => d.change))
    parts.push(`Local event ${daysLabel(startDate, run)}: ${signedPct(change)}`)
  }
  return parts.length ? parts.join(' · ') : null
}

/** The drivers as `forecast_signals` stores them (parallel arrays). */
export function driversOfRow(r: { signal: readonly SignalName[]; day: readonly number[]; change: readonly number[]; value: readonly number[] }): NoteDriver[] {
  return r.signal.map((signal, i) => ({ signal, day: r.day[i], change: r.change[i], value: r.value[i] }))
}
