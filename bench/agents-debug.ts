/**
 * bench:agents with BENCH_DEBUG=1: the misses and false alarms behind the scores, each with the
 * pair's policy row as the sweep saw it and its books, shelf and true demand day by day.
 */
import type { World } from '@/lib/sim'
import { alertEpisodes, score } from './agents-score'
import type { TruthDays, TruthEpisodes } from './agents-truth'
import { pairKey } from './agents-truth'

export interface DebugInput {
  w: World
  truth: TruthDays
  episodes: TruthEpisodes
  /** Per agent type, per sweep, the scope keys active (or approved by a rule as they opened). */
  activeBy: Record<string, Set<string>[]>
  /** Per sweep, each planned pair's policy row as the sweep read it. */
  seen: Map<string, Record<string, unknown>>[]
  dateOf: (day: number) => string
}

export function printDebug({ w, truth, episodes, activeBy, seen, dateOf }: DebugInput): void {
  const { firstEval, openingStock, expected, emptyShelf, anomalies } = truth
  const sweeps = seen.length
  const pairOf = (key: string) => w.pair(w.locationIndex(key.split('\t')[1]), w.skuIndex(key.split('\t')[0]))
  // Stockouts the stockout-risk agent missed, with the pair's policy row as the sweep saw it.
  const found = new Set(alertEpisodes(activeBy.stockout_risk, firstEval).map((a) => a.key))
  for (const t of episodes.stockout.filter((t) => t.countsForRecall && !found.has(t.key)).slice(0, 40)) {
    const i = pairOf(t.key)
    const k = t.start - firstEval
    console.log('MISS', k, JSON.stringify(seen[Math.min(k, sweeps - 1)].get(t.key)), 'open', openingStock[k][i], 'exp', expected[k][i].toFixed(2), 'len', t.end - t.start + 1)
  }
  // Delayed POs the supplier-delay agent missed: how late they ran against the supplier's true spread.
  const leadSd = new Map(w.suppliers.map((sup) => [sup.id, sup.leadSd]))
  const poFound = alertEpisodes(activeBy.supplier_delay, firstEval)
  episodes.po.forEach((t, j) => {
    if (!t.countsForRecall || score(poFound, [t]).detected) return
    const a = episodes.poDelays[j]
    console.log('PO MISS', a.supplier, a.sku, a.location, 'extra', a.extraDays, 'late at arrival', a.arrivalDay - a.promisedDay, 'true sd', leadSd.get(a.supplier), 'promised', dateOf(a.promisedDay), 'arrived', dateOf(a.arrivalDay))
  })
  // Phantom alerts that matched no injection: the shelf and the true demand while they were open.
  const phantomAlerts = alertEpisodes(activeBy.phantom_inventory, firstEval)
  for (const a of phantomAlerts) {
    if (score([a], episodes.phantom).truePositives) continue
    const i = pairOf(a.key)
    const k = a.start - firstEval
    const before = expected.slice(0, k + 1).map((e) => e[i].toFixed(2)).slice(-3)
    console.log('PHANTOM FP', a.key, 'days', a.end - a.start + 1, 'shelf', openingStock[k][i], 'expected then', expected[k][i].toFixed(2), 'recent expected', before.join(' '), 'empty', emptyShelf[k][i], 'policy', JSON.stringify(seen[k].get(a.key)))
    console.log('  ', truth.pairDays(i, Math.max(0, k - 10), k))
  }
  // Injections that count for recall and no alert matched: how the books and the shelf went.
  for (const t of episodes.phantom) {
    if (!t.countsForRecall || score(phantomAlerts, [t]).detected) continue
    const a = anomalies.find((x) => x.kind === 'phantom_inventory' && pairKey(x.sku, x.location) === t.key && x.day === t.start)
    const i = pairOf(t.key)
    console.log('PHANTOM MISS', t.key, JSON.stringify(a), 'policy at last sweep', JSON.stringify(seen[sweeps - 1].get(t.key)))
    console.log('  ', truth.pairDays(i, Math.max(0, t.start - firstEval - 3), Math.min(sweeps - 1, t.end - firstEval)))
  }
}
