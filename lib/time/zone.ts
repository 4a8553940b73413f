/**
 * Time zones: a location's business day ("today" in its own zone, DESIGN.md "Time and money") and
 * times written for a viewer in theirs. Pure, safe in the browser. Formatters are built once per
 * zone and kept (building an Intl.DateTimeFormat costs far more than using one).
 */

export const UTC = 'UTC'

const dayFormats = new Map<string, Intl.DateTimeFormat>()
function dayFormat(tz: string): Intl.DateTimeFormat {
  let f = dayFormats.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    dayFormats.set(tz, f)
  }
  return f
}

/** An IANA zone this runtime knows ("Europe/London", "America/New_York", "UTC"); aliases it accepts count. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false
  try {
    dayFormat(tz)
    return true
  } catch {
    return false
  }
}

/** The wall-clock fields of instant `ms` in `tz`. */
function wallClock(ms: number, tz: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts: Record<string, number> = {}
  for (const p of dayFormat(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, min: parts.minute, s: parts.second }
}

/** The calendar day (YYYY-MM-DD) instant `ms` falls on in `tz`: a location's "today". */
export function localDate(ms: number, tz: string = UTC): string {
  const w = wallClock(ms, tz)
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`
}

/** Offset of `tz` from UTC at instant `ms`, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(ms: number, tz: string): number {
  const w = wallClock(ms, tz)
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * The instant (ms since epoch) the business day containing `ms` began in `tz`: local midnight,
 * or the first instant of the local date where a clock change skips midnight. New York, 2026-12-07
 * 03:00 UTC (22:00 on the 6th there): 2026-12-06 05:00 UTC.
 */
export function startOfLocalDay(ms: number, tz: string = UTC): number {
  const date = localDate(ms, tz)
  const midnightUtc = Date.parse(`${date}T00:00:00Z`)
  // Local midnight = midnight as UTC minus the offset in force then; twice, for a change that day.
  let t = midnightUtc - zoneOffsetMs(midnightUtc, tz)
  t = midnightUtc - zoneOffsetMs(t, tz)
  // Where midnight does not exist, t lands on the previous day: step to the first instant of `date`.
  if (localDate(t, tz) !== date) t += 3_600_000
  return t
}

/**
 * A time as a viewer reads it, in their zone with the zone named: "07 Dec, 09:47:55 GMT",
 * "06 Dec, 22:00 EST". `zone` undefined: the runtime's (the browser's) own zone.
 */
export function formatInZone(iso: string | number | Date, zone?: string, opts: { seconds?: boolean; date?: boolean } = {}): string {
  const d = iso instanceof Date ? iso : new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const key = `${zone ?? ''}|${opts.seconds !== false}|${opts.date !== false}`
  let f = viewerFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
      ...(opts.seconds !== false ? { second: '2-digit' } : {}), ...(opts.date !== false ? { day: '2-digit', month: 'short' } : {}),
    })
    viewerFormats.set(key, f)
  }
  return f.format(d)
}
const viewerFormats = new Map<string, Intl.DateTimeFormat>()
