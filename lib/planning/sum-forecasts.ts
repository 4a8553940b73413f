/**
 * Several forecasts (a location's channels; a DC's own and those of the locations it feeds) read
 * as one, for the drill-down's chart. Pure.
 */

/** One stored forecast's path: daily means and the 80% interval from its start date (YYYY-MM-DD). */
export interface ForecastPath {
  start_date: string
  mean: readonly number[]
  lower: readonly number[]
  upper: readonly number[]
}

export interface SummedDay {
  date: string
  mean: number
  band: [number, number]
}

import { addDaysIso } from '@/lib/policy/risk'

const DAY_MS = 86_400_000

/**
 * Forecasts of several series (channels; a DC's own and the locations it feeds) as one, by date
 * from the newest start: means add, and the interval's distances from the mean add in quadrature,
 * the errors taken as independent, as the policy adds their variances (lib/planning/downstream.ts).
 */
export function sumForecasts(forecasts: readonly ForecastPath[]): SummedDay[] {
  if (!forecasts.length) return []
  const start = forecasts.reduce((a, f) => (f.start_date > a ? f.start_date : a), forecasts[0].start_date)
  // How many days each forecast started before the newest one.
  const behind = forecasts.map((f) => Math.round((Date.parse(start) - Date.parse(f.start_date)) / DAY_MS))
  const horizon = Math.max(...forecasts.map((f, k) => f.mean.length - behind[k]))
  return Array.from({ length: Math.max(0, horizon) }, (_, h) => {
    let mean = 0
    let below = 0
    let above = 0
    forecasts.forEach((f, k) => {
      const i = h + behind[k]
      if (i >= f.mean.length) return
      mean += f.mean[i]
      below += (f.mean[i] - f.lower[i]) ** 2
      above += (f.upper[i] - f.mean[i]) ** 2
    })
    return { date: addDaysIso(start, h), mean, band: [Math.max(0, mean - Math.sqrt(below)), mean + Math.sqrt(above)] }
  })
}

