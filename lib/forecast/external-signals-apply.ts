/**
 * External signals, the edges of the model in external-signals.ts: per-day arrays from
 * `external_signal` events, and the factor on forecast days.
 *
 * Forecast days (decided here): a day's own weather is known only that morning (the simulator, like
 * a weather station feed, emits the day's reading), so for a day after the last reading the
 * temperature anomaly is forecast as the last known anomaly x its autocorrelation at that lag
 * (learned from the history; 0 once not significant, three days on in the simulator): the normal for
 * the season from then on, which the forecast's yearly index already carries, so the factor is 1.
 * Carrying the latest reading forward instead would put a hot Tuesday into four weeks of forecast;
 * weather does not persist like that. A day whose temperature is known (a future reading, e.g. from
 * a weather-forecast feed emitting ahead) uses its own anomaly. Rain on an unknown day is its average
 * (factor 1 after centring). Local events are announced ahead (the simulator: the day before they
 * start), so announced event days carry the event effect (1 - its history share) and other days,
 * not known to be event-free, none.
 */
import { SIGNALS, anomalies, type LearnedSignals, type LocationSignals, type SignalName } from './external-signals'

const K = SIGNALS.length
const DAY_MS = 86_400_000

/** An `external_signal` event as stored (raw_external_signals). */
export interface SignalEvent {
  ts: string
  location: string
  kind: 'weather' | 'local_event'
  value: number
  tags: readonly string[]
}

/**
 * Per-day arrays per location from signal events, days [0, days) from startMs. Weather: the day of
 * its timestamp; tempC = value, rain when tagged 'rain'. Local events: the days from the `starts:`
 * tag (else the event's own day) for `days:` days (else 1), attendance = value, summed over
 * overlapping events. Events tagged 'snap' (M5's SNAP days, a calendar covariate of their own) are
 * left out.
 */
export function signalDays(events: Iterable<SignalEvent>, locations: readonly string[], startMs: number, days: number): (LocationSignals | null)[] {
  const idx = new Map(locations.map((l, i) => [l, i]))
  const out: (LocationSignals | null)[] = locations.map(() => null)
  const get = (l: number) =>
    (out[l] ??= { tempC: new Float64Array(days).fill(NaN), rain: new Float64Array(days).fill(NaN), event: new Float64Array(days) })
  for (const e of events) {
    const l = idx.get(e.location)
    if (l === undefined) continue
    const day = Math.floor((Date.parse(e.ts) - startMs) / DAY_MS)
    if (e.kind === 'weather') {
      if (day < 0 || day >= days) continue
      const s = get(l)
      s.tempC[day] = e.value
      s.rain[day] = e.tags.includes('rain') ? 1 : 0
    } else {
      if (e.tags.some((t) => t === 'snap' || t.startsWith('snap|'))) continue
      const st = e.tags.find((t) => t.startsWith('starts:'))
      const dt = e.tags.find((t) => t.startsWith('days:'))
      const from = st ? Math.floor((Date.parse(`${st.slice(7)}T00:00:00Z`) - startMs) / DAY_MS) : day
      const len = dt ? Math.max(1, Math.min(31, Number(dt.slice(5)) || 1)) : 1
      const s = get(l)
      for (let t = Math.max(0, from); t < Math.min(days, from + len); t++) s.event[t] += Math.max(1, e.value)
    }
  }
  return out
}

export interface SignalFactor {
  /** Multiplicative factor per forecast day [n, n + horizon). */
  factor: Float64Array
  /** Log contribution per day and signal, index h * 3 + k (SIGNALS order). */
  parts: Float64Array
  /** The covariate value used per day and signal (anomaly in degrees C, rain 0..1, event 0/1). */
  values: Float64Array
}

/** Effect of signal k at category c, location l: the location's, else the category's (0 if none). */
export function effectOf(m: LearnedSignals, c: number, l: number, k: number): number {
  const v = m.effect[(c * m.n_locations + l) * K + k]
  return Number.isNaN(v) ? (m.category[c]?.[k]?.effect ?? 0) : v
}

/**
 * The factor for category c at location l on days [n, n + horizon), from the signals known at the
 * origin (`sig` covers days [0, n + horizon); future days NaN unless known). Factor 1 everywhere when
 * the location has no signals.
 */
export function signalFactors(m: LearnedSignals, sig: LocationSignals | null, c: number, l: number, n: number, horizon: number): SignalFactor {
  const factor = new Float64Array(horizon).fill(1)
  const parts = new Float64Array(horizon * K)
  const values = new Float64Array(horizon * K)
  const normal = m.normal[l]
  if (!sig || !normal || Number.isNaN(m.mean[l * K])) return { factor, parts, values }
  const a = anomalies(sig.tempC.subarray(0, Math.min(sig.tempC.length, n + horizon)), normal, m.startMs)
  let last = -1
  for (let t = Math.min(n, a.length) - 1; t >= Math.max(0, n - 7); t--) {
    if (!Number.isNaN(a[t])) {
      last = t
      break
    }
  }
  const b = [effectOf(m, c, l, 0), effectOf(m, c, l, 1), effectOf(m, c, l, 2)]
  for (let h = 0; h < horizon; h++) {
    const t = n + h
    let anom = t < a.length ? a[t] : NaN
    if (Number.isNaN(anom)) {
      // Unknown: the last reading's anomaly decayed by its autocorrelation, then the normal (0).
      const lag = t - last
      anom = last >= 0 && lag >= 1 && lag <= m.persistence.length ? m.persistence[lag - 1] * a[last] : 0
    }
    const rain = t < sig.rain.length ? sig.rain[t] : NaN
    const ev = t < sig.event.length && sig.event[t] > 0 ? 1 : 0
    // Centred on the history means (the anomaly's is ~0 by construction); an unknown rain day is average.
    // A day with no announced event is not known to be event-free (events are announced a day or so
    // ahead): it is an average day, like an unknown rain day, so only announced days move.
    const v = [anom - m.mean[l * K], Number.isNaN(rain) ? 0 : rain - m.mean[l * K + 1], ev ? 1 - m.mean[l * K + 2] : 0]
    const raw = [anom, Number.isNaN(rain) ? m.mean[l * K + 1] : rain, ev]
    let s = 0
    for (let k = 0; k < K; k++) {
      values[h * K + k] = raw[k]
      parts[h * K + k] = b[k] * v[k]
      s += parts[h * K + k]
    }
    factor[h] = Math.exp(s)
  }
  return { factor, parts, values }
}

export interface SignalDriver {
  /** Forecast day index (0 = day n). */
  day: number
  signal: SignalName
  /** Relative change the signal makes to the day's forecast (0.05 = +5%). */
  change: number
  /** What the signal was: degrees above normal, rain (1), event running (1). */
  value: number
}

/**
 * What the drill-down shows: the forecast days a signal moved by at least `min` (default 2%), one
 * line per day and signal, largest first.
 */
export function signalDrivers(f: SignalFactor, min = 0.02): SignalDriver[] {
  const out: SignalDriver[] = []
  const horizon = f.factor.length
  for (let h = 0; h < horizon; h++) {
    for (let k = 0; k < K; k++) {
      const change = Math.exp(f.parts[h * K + k]) - 1
      if (Math.abs(change) >= min) out.push({ day: h, signal: SIGNALS[k], change, value: f.values[h * K + k] })
    }
  }
  return out.sort((x, y) => Math.abs(y.change) - Math.abs(x.change))
}
