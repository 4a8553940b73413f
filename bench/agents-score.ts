/**
 * Scoring the agents against the simulator's ground truth (bench:agents), pure.
 *
 * Both sides are episodes on a key (`sku\tlocation`, or `supplier\tsku\tlocation` for purchase
 * orders) over whole simulated days:
 * - an alert episode is a run of consecutive daily sweeps at which an alert of the agent's type was
 *   active for the key: [first, last];
 * - a truth episode is what really happened: a run of stockout days [start, end], a late purchase
 *   order [promised day + 1, arrival day], a phantom stock [injected, counted]. Each has a window in
 *   which an alert about it counts as a detection: `from` (an early warning may come before the
 *   episode starts: a stockout's lead time) to `end`.
 *
 * Match: an alert episode and a truth episode of the same key match when the alert episode
 * overlaps the truth episode's detection window [from, end]. Precision is the share of alert
 * episodes that match some truth episode; recall is the share of truth episodes that count (see
 * `countsForRecall`) matched by some alert episode. Counting episodes, not alert-days, keeps a
 * long-open alert from weighing more than a short one.
 */

export interface Episode {
  key: string
  /** First and last day (simulation day numbers), inclusive. */
  start: number
  end: number
}

export interface TruthEpisode extends Episode {
  /** First day an alert about it counts as a detection (<= start for early warnings). */
  from: number
  /** Included in recall (false: not yet detectable inside the window, see the bench). */
  countsForRecall: boolean
}

export interface Score {
  alerts: number
  truePositives: number
  truths: number
  detected: number
  precision: number
  recall: number
}

/**
 * Alert episodes from the keys active at each sweep: `active[k]` is the set of keys with an
 * active alert at the sweep of day `firstDay + k`. An alert present on consecutive sweeps is one
 * episode; a gap of one sweep or more starts a new one.
 */
export function alertEpisodes(active: readonly ReadonlySet<string>[], firstDay: number): Episode[] {
  const open = new Map<string, number>()
  const out: Episode[] = []
  const close = (key: string, last: number) => {
    out.push({ key, start: open.get(key)!, end: last })
    open.delete(key)
  }
  active.forEach((keys, k) => {
    const day = firstDay + k
    for (const key of [...open.keys()]) if (!keys.has(key)) close(key, day - 1)
    for (const key of keys) if (!open.has(key)) open.set(key, day)
  })
  const lastDay = firstDay + active.length - 1
  for (const key of [...open.keys()]) close(key, lastDay)
  return out.sort((a, b) => a.start - b.start || a.key.localeCompare(b.key))
}

/**
 * Runs of consecutive true days as episodes: `days[k]` is true when the condition held on day
 * `firstDay + k`.
 */
export function runsOf(key: string, days: ArrayLike<boolean | number>, firstDay: number): Episode[] {
  const out: Episode[] = []
  let start = -1
  for (let k = 0; k <= days.length; k++) {
    const on = k < days.length && !!days[k]
    if (on && start < 0) start = k
    if (!on && start >= 0) {
      out.push({ key, start: firstDay + start, end: firstDay + k - 1 })
      start = -1
    }
  }
  return out
}

const overlaps = (a: Episode, t: TruthEpisode) => a.start <= t.end && t.from <= a.end

/** Precision and recall of alert episodes against truth episodes (matching as the header says). */
export function score(alerts: readonly Episode[], truths: readonly TruthEpisode[]): Score {
  const byKey = new Map<string, TruthEpisode[]>()
  for (const t of truths) {
    const list = byKey.get(t.key) ?? []
    list.push(t)
    byKey.set(t.key, list)
  }
  const detected = new Set<TruthEpisode>()
  let truePositives = 0
  for (const a of alerts) {
    const hits = (byKey.get(a.key) ?? []).filter((t) => overlaps(a, t))
    if (hits.length) truePositives++
    for (const t of hits) detected.add(t)
  }
  const counted = truths.filter((t) => t.countsForRecall)
  const found = counted.filter((t) => detected.has(t)).length
  return {
    alerts: alerts.length,
    truePositives,
    truths: counted.length,
    detected: found,
    precision: alerts.length ? truePositives / alerts.length : NaN,
    recall: counted.length ? found / counted.length : NaN,
  }
}

/** Predicted against observed stockout frequency in probability bins of 0.1. */
export function reliability(signals: readonly [number, number, number][][], outOfStock: readonly Uint8Array[]) {
  const bins = Array.from({ length: 10 }, (_, b) => ({ lo: b / 10, hi: (b + 1) / 10, n: 0, sumP: 0, hits: 0, meanP: NaN, observed: NaN }))
  signals.forEach((rows, k) => {
    for (const [i, p, window] of rows) {
      const b = bins[Math.min(9, Math.floor(p * 10))]
      b.n++
      b.sumP += p
      for (let d = k; d < k + window && d < outOfStock.length; d++) {
        if (outOfStock[d][i]) {
          b.hits++
          break
        }
      }
    }
  })
  for (const b of bins) {
    b.meanP = b.n ? b.sumP / b.n : NaN
    b.observed = b.n ? b.hits / b.n : NaN
  }
  return bins
}

/** Alerts opened after the first sweep, per type, by what came before on their key in the run. */
export type OpenedHistory = Record<string, { first: number; after_clear: number; after_decision: number; by_rule: number }>

/**
 * Adds one location's alerts (every status) opened after `after` to `into`: first on their key in
 * the run, after an alert that cleared, or after one that was decided (the key re-armed:
 * rearm_after_action_days); and how many are in a status in `byRule` (in bench:agents nobody
 * decides, so an approved, modified or executed alert was a rule's).
 */
export function countOpenedHistory(
  into: OpenedHistory,
  alerts: readonly { key: string; type: string; status: string; opened_at: string }[],
  after: string,
  byRule: readonly string[],
): void {
  // In opening order, the alert before each one on its key is the last seen there.
  const last = new Map<string, { status: string }>()
  for (const a of [...alerts].sort((x, y) => (x.opened_at < y.opened_at ? -1 : x.opened_at > y.opened_at ? 1 : 0))) {
    const before = last.get(a.key)
    last.set(a.key, a)
    if (a.opened_at <= after) continue
    const h = (into[a.type] ??= { first: 0, after_clear: 0, after_decision: 0, by_rule: 0 })
    if (!before) h.first++
    else if (before.status === 'cleared') h.after_clear++
    else h.after_decision++
    if (byRule.includes(a.status)) h.by_rule++
  }
}
