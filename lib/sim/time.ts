/** Calendar helpers for the simulator. All times are UTC; day 0 is the configured start date. */

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const MINUTE_MS = 60_000

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** Milliseconds of UTC midnight for a YYYY-MM-DD date; throws on anything else. */
export function parseDate(date: string): number {
  if (!DATE_RE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (!Number.isFinite(ms)) throw new RangeError(`not a real date: ${date}`)
  return ms
}

/** YYYY-MM-DD of an instant (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The full ISO instant (UTC, milliseconds). */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString()
}

/** Day of week, Monday = 0 ... Sunday = 6. */
export function dayOfWeek(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7
}

/** Day of year, 0-based (Jan 1 = 0). */
export function dayOfYear(ms: number): number {
  const d = new Date(ms)
  return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS)
}

/** Day of year (0-based) of a month/day in a non-leap year: used for season windows. */
export function doyOf(month: number, day: number): number {
  return Math.floor((Date.UTC(2001, month - 1, day) - Date.UTC(2001, 0, 1)) / DAY_MS)
}

/** Day of year with Feb 29 folded onto Feb 28, so seasons line up every year. */
export function doyNoLeap(ms: number): number {
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  let doy = Math.floor((ms - Date.UTC(y, 0, 1)) / DAY_MS)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (leap && doy >= 59) doy -= 1
  return doy
}

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/**
 * One simulated day: its date, weekday and a fast ISO formatter for instants inside it
 * (`ts(msOfDay)`), which avoids a Date allocation per event.
 */
export class SimDay {
  readonly startMs: number
  readonly date: string
  readonly dow: number
  readonly doy: number
  private readonly prefix: string

  constructor(
    readonly index: number,
    simStartMs: number,
  ) {
    this.startMs = simStartMs + index * DAY_MS
    this.date = isoDate(this.startMs)
    this.dow = dayOfWeek(this.startMs)
    this.doy = dayOfYear(this.startMs)
    this.prefix = `${this.date}T`
  }

  /** ISO instant of a millisecond offset within the day (clamped to the day). */
  ts(msOfDay: number): string {
    let t = Math.floor(msOfDay)
    if (t < 0) t = 0
    else if (t >= DAY_MS) t = DAY_MS - 1
    const h = Math.floor(t / HOUR_MS)
    t -= h * HOUR_MS
    const m = Math.floor(t / MINUTE_MS)
    t -= m * MINUTE_MS
    const s = Math.floor(t / 1000)
    return `${this.prefix}${P2[h]}:${P2[m]}:${P2[s]}.${P3[t - s * 1000]}Z`
  }
}

/**
 * The start date and day count that backfill `days` whole days ending yesterday (UTC) relative to
 * `now`, so every backfilled event lies in the past. The live stream continues from day `days`.
 */
export function backfillWindow(now: Date | number, days = 365): { start: string; days: number } {
  const nowMs = typeof now === 'number' ? now : now.getTime()
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS
  return { start: isoDate(today - days * DAY_MS), days }
}
