/**
 * bench:agents' ground truth: what the simulator's truth says happened on each day of the
 * evaluation and its tail (`TruthDays.record`), and the truth episodes each agent is scored against
 * (`truthEpisodes`). The definitions are in bench/agents.ts's header; matching in agents-score.ts.
 */
import type { Anomaly, DayResult, World } from '@/lib/sim'
import { runsOf, type TruthEpisode } from './agents-score'

/** The longest an injected phantom lasts before its count (lib/sim/day/losses.ts: 7 + up to 38 days). */
export const PHANTOM_MAX_DAYS = 46

export const pairKey = (sku: string, location: string) => `${sku}\t${location}`
export const poKey = (supplier: string, sku: string, location: string) => `${supplier}\t${sku}\t${location}`

/** Per day k of the evaluation and its tail (day firstEval + k), per sku x location pair. */
export class TruthDays {
  /** The day turned demand away (true demand above the units sold). */
  readonly outOfStock: Uint8Array[]
  /** True expected demand. */
  readonly expected: Float32Array[]
  readonly emptyShelf: Uint8Array[]
  /** Physical units on the shelf as the day's trading began (after the morning's arrivals). */
  readonly openingStock: Int32Array[]
  /** The simulator's books (what the snapshots state) and units sold, at the end of the day. */
  readonly books: Int32Array[]
  readonly soldOn: Int32Array[]
  /** Phantom injections and PO delays, as the simulator injected them. */
  readonly anomalies: Anomaly[] = []
  /**
   * Phantom evidence of each day before the evaluation (an injection may start up to 45 days
   * before it): the true expected purchase occasions (sale lines) of a day whose shelf opened
   * empty, nothing sold (0 otherwise).
   */
  readonly evidenceBefore = new Map<number, Float32Array>()
  /** Units per purchase occasion (lib/sim/day/sales.ts: a fast mover's line is 1 + Poisson(0.45) units, a slow one's 2 units 15% of the time, an intermittent one's the day's lump). */
  readonly perOccasion: number[]

  constructor(
    private readonly w: World,
    readonly firstEval: number,
    readonly span: number,
  ) {
    const n = w.pairCount
    this.outOfStock = Array.from({ length: span }, () => new Uint8Array(n))
    this.expected = Array.from({ length: span }, () => new Float32Array(n))
    this.emptyShelf = Array.from({ length: span }, () => new Uint8Array(n))
    this.openingStock = Array.from({ length: span }, () => new Int32Array(n))
    this.books = Array.from({ length: span }, () => new Int32Array(n))
    this.soldOn = Array.from({ length: span }, () => new Int32Array(n))
    this.perOccasion = w.products.map((p) => (p.mover === 'intermittent' ? Math.max(1, p.lumpSize) : p.mover === 'fast' ? 1.45 : 1.15))
  }

  /** Keep what day d's truth says (call for every simulated day, in order). */
  record(d: number, r: DayResult): void {
    const t = r.truth
    const nSku = this.w.skuCount
    for (const a of t.anomalies) if (a.kind === 'phantom_inventory' || a.kind === 'po_delay') this.anomalies.push(a)
    if (d >= this.firstEval - PHANTOM_MAX_DAYS && d < this.firstEval) {
      const ev = new Float32Array(this.w.pairCount)
      for (let i = 0; i < this.w.pairCount; i++) if (t.physicalOnHand[i] <= 0 && t.sold[i] === 0) ev[i] = t.expected[i] / this.perOccasion[i % nSku]
      this.evidenceBefore.set(d, ev)
    }
    const k = d - this.firstEval
    if (k < 0 || k >= this.span) return
    for (let i = 0; i < this.w.pairCount; i++) {
      this.expected[k][i] = t.expected[i]
      this.emptyShelf[k][i] = t.physicalOnHand[i] <= 0 ? 1 : 0
      this.openingStock[k][i] = Math.max(0, t.physicalOnHand[i]) + t.sold[i]
      this.outOfStock[k][i] = t.demand[i] > t.sold[i] ? 1 : 0
      this.books[k][i] = t.bookOnHand[i]
      this.soldOn[k][i] = t.sold[i]
    }
  }

  /** One pair's days k0..k1 of the evaluation: books/shelf at the end of the day, sold, true expected (BENCH_DEBUG). */
  pairDays(i: number, k0: number, k1: number): string {
    return Array.from({ length: k1 - k0 + 1 }, (_, j) => k0 + j)
      .map((k) => `${k}: ${this.books[k][i]}/${Math.max(0, this.openingStock[k][i] - this.soldOn[k][i])} sold ${this.soldOn[k][i]} exp ${this.expected[k][i].toFixed(2)}`)
      .join(' | ')
  }
}

export type PoDelay = Extract<Anomaly, { kind: 'po_delay' }>

export interface TruthEpisodes {
  /** Stockouts the baseline caused (recall) and every stockout, of the planned pairs. */
  stockout: TruthEpisode[]
  allStockouts: TruthEpisode[]
  /** Delays a detector could tell from normal lateness (recall), every delayed PO, and the delays behind them (same order). */
  po: TruthEpisode[]
  poAll: TruthEpisode[]
  poDelays: PoDelay[]
  /** Phantoms with enough evidence (recall) and every injection in the window. */
  phantom: TruthEpisode[]
  phantomAll: TruthEpisode[]
}

/**
 * The truth episodes of the evaluation (bench/agents.ts's header): `planned` the pairs the first
 * sweep planned, `leadTime` each one's warning window in days, `lastSweep` the last sweep's day.
 */
export function truthEpisodes(w: World, truth: TruthDays, planned: ReadonlySet<string>, leadTime: ReadonlyMap<string, number>, lastSweep: number): TruthEpisodes {
  const { firstEval, anomalies, openingStock, expected } = truth
  const nSku = w.skuCount
  const stockout: TruthEpisode[] = []
  const allStockouts: TruthEpisode[] = []
  /** Days each pair's books were above its shelf (an injected phantom, until the count). */
  const phantomDays = new Map<string, [number, number][]>()
  for (const a of anomalies) if (a.kind === 'phantom_inventory') phantomDays.set(pairKey(a.sku, a.location), [...(phantomDays.get(pairKey(a.sku, a.location)) ?? []), [a.day, a.correctedOnDay]])
  const booksWrong = (key: string, day: number) => (phantomDays.get(key) ?? []).some(([from, to]) => from <= day && day < to)
  for (const l of w.locations) {
    if (l.channel === null) continue
    for (let s = 0; s < nSku; s++) {
      const i = w.pair(l.index, s)
      const key = pairKey(w.products[s].id, l.id)
      if (!w.carried[i] || !planned.has(key)) continue
      const lt = leadTime.get(key) ?? 1
      for (const e of runsOf(key, truth.outOfStock.map((day) => day[i]), firstEval)) {
        const k = e.start - firstEval
        const inWindow = e.start <= lastSweep
        allStockouts.push({ ...e, from: e.start - lt + 1, countsForRecall: inWindow })
        if (booksWrong(key, e.start)) continue
        stockout.push({ ...e, from: e.start - lt + 1, countsForRecall: inWindow && openingStock[k][i] < expected[k][i] })
      }
    }
  }
  const poDelays = anomalies.filter((a): a is PoDelay => a.kind === 'po_delay')
  const poAll: TruthEpisode[] = poDelays.map((a) => ({
    key: poKey(a.supplier, a.sku, a.location), start: a.promisedDay + 1, end: a.arrivalDay, from: a.promisedDay + 1,
    countsForRecall: a.promisedDay + 1 <= lastSweep && a.arrivalDay >= firstEval,
  }))
  const leadSd = new Map(w.suppliers.map((sup) => [sup.id, sup.leadSd]))
  const po = poAll.map((t, i) => {
    const a = poDelays[i]
    const sd = leadSd.get(a.supplier) ?? 0
    // A sweep that saw it open and already later than normal lateness allows (at 00:15 of its arrival day it is still open).
    const firstTellable = Math.max(firstEval, a.promisedDay + Math.floor(2 * sd) + 1)
    return { ...t, countsForRecall: t.countsForRecall && a.extraDays > 2 * sd && firstTellable <= Math.min(lastSweep, a.arrivalDay) }
  })
  const phantomAll: TruthEpisode[] = []
  const phantom: TruthEpisode[] = anomalies.flatMap((a) => {
    // The count lands at midnight of correctedOnDay, after that day's 00:15 sweep: until then the books still show the stock.
    if (a.kind !== 'phantom_inventory' || a.correctedOnDay < firstEval || a.day > lastSweep) return []
    const i = w.pair(w.locationIndex(a.location), w.skuIndex(a.sku))
    // Evidence: the true expected purchase occasions of the longest run of days whose shelf
    // opened empty and sold nothing, up to the last day a sweep could see (the day before the last).
    let evidence = 0
    let run = 0
    for (let d = a.day; d < a.correctedOnDay && d < lastSweep; d++) {
      const e = d < firstEval ? (truth.evidenceBefore.get(d)?.[i] ?? 0) : openingStock[d - firstEval][i] <= 0 ? expected[d - firstEval][i] / truth.perOccasion[i % nSku] : 0
      run = e > 0 ? run + e : 0
      evidence = Math.max(evidence, run)
    }
    const t = { key: pairKey(a.sku, a.location), start: a.day, end: a.correctedOnDay, from: a.day }
    phantomAll.push({ ...t, countsForRecall: true })
    return [{ ...t, countsForRecall: evidence >= Math.log(planned.size) }]
  })
  return { stockout, allStockouts, po, poAll, poDelays, phantom, phantomAll }
}
