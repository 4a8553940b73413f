/**
 * The retail calendar the forecast knows: days whose demand is unlike the same weekday around them
 * in a way the yearly index (smoothed over a week, a year back) cannot place on the day. Each is a
 * 0/1 covariate per UTC day; its effect is learned from the category totals (seasonality.ts).
 */

export const CALENDAR_COVARIATES = ['christmas_day', 'black_friday'] as const

const DAY = 86_400_000

/** Christmas Day (25 December), shops closed or nearly. */
export const isChristmasDay = (d: Date) => d.getUTCMonth() === 11 && d.getUTCDate() === 25

/** Black Friday: the Friday after the fourth Thursday of November, i.e. the Friday in 23..29 November. */
export const isBlackFriday = (d: Date) => d.getUTCMonth() === 10 && d.getUTCDay() === 5 && d.getUTCDate() >= 23 && d.getUTCDate() <= 29

/** The calendar covariates (CALENDAR_COVARIATES order) over `days` days from `startMs` (a UTC midnight). */
export function calendarFlags(startMs: number, days: number): Float64Array[] {
  const christmas = new Float64Array(days)
  const blackFriday = new Float64Array(days)
  for (let t = 0; t < days; t++) {
    const d = new Date(startMs + t * DAY)
    if (isChristmasDay(d)) christmas[t] = 1
    if (isBlackFriday(d)) blackFriday[t] = 1
  }
  return [christmas, blackFriday]
}
