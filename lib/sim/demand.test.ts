import { describe, expect, it } from 'vitest'
import { resolveConfig } from './config'
import type { SimOptions } from './config'
import { DemandModel } from './demand'
import { buildWorld } from './world'

const model = (o: SimOptions = {}) => new DemandModel(buildWorld(resolveConfig({ seed: 3, start: '2024-03-04', ...o })))
const quiet: SimOptions = {
  demand: { yearlyAmplitude: 0, holidayPeak: 0, trendSd: 0, weatherEffect: 0, localEventsPerStoreYear: 0 },
  promotions: { perWeek: 0 },
  anomalies: { demandShocksPerYear: 0 },
}

/** Mean daily true demand by weekday (Monday = 0) over the store channel. */
function weekdayMeans(m: DemandModel, days: number): number[] {
  const w = m.world
  const sum = new Array(7).fill(0)
  const n = new Array(7).fill(0)
  const demand = new Uint32Array(w.pairCount)
  const expected = new Float32Array(w.pairCount)
  for (let d = 0; d < days; d++) {
    m.drawDay(d, demand, expected)
    const dow = m.context(d).cal.dow
    let total = 0
    for (const l of w.locations) {
      if (l.channel !== 'store') continue
      for (let s = 0; s < w.skuCount; s++) total += demand[l.index * w.skuCount + s]
    }
    sum[dow] += total
    n[dow]++
  }
  return sum.map((s, i) => s / n[i])
}

const weekendRatio = (x: number[]) => (x[5] + x[6]) / 2 / ((x[0] + x[1] + x[2] + x[3] + x[4]) / 5)

describe('DemandModel', () => {
  it('shows the configured weekly seasonality in true store demand', () => {
    const weekly = [0.8, 0.8, 0.9, 1, 1.1, 1.6, 0.8]
    const want = weekendRatio(weekly) // 1.2 / 0.92
    const quietMeans = weekdayMeans(model({ ...quiet, demand: { ...quiet.demand, weekly: { store: weekly } } }), 56)
    expect(weekendRatio(quietMeans) / want).toBeGreaterThan(0.98)
    expect(weekendRatio(quietMeans) / want).toBeLessThan(1.02)
    // Saturday / Monday as configured.
    expect(quietMeans[5] / quietMeans[0]).toBeGreaterThan(2 * 0.96)
    expect(quietMeans[5] / quietMeans[0]).toBeLessThan(2 * 1.04)
    // With everything else switched on, still visible within 5 %.
    const full = weekdayMeans(model({ demand: { weekly: { store: weekly } } }), 56)
    expect(weekendRatio(full) / want).toBeGreaterThan(0.95)
    expect(weekendRatio(full) / want).toBeLessThan(1.05)
  })

  it('is replayable: any pair-day gives the same draw in any order, from a fresh model too', () => {
    const a = model()
    const b = model()
    const w = a.world
    const demand = new Uint32Array(w.pairCount)
    const expected = new Float32Array(w.pairCount)
    a.drawDay(40, demand, expected)
    const pairs = [...Array(w.pairCount).keys()].filter((i) => w.carried[i] && expected[i] > 0).filter((_, j) => j % 97 === 0)
    for (const i of pairs.reverse()) {
      const l = Math.floor(i / w.skuCount)
      const s = i % w.skuCount
      b.context(3) // move its cache elsewhere first
      expect(b.demandAt(s, l, 40)).toBe(demand[i])
      expect(b.expectedAt(s, l, 40)).toBeCloseTo(expected[i], 5)
    }
  })

  it('raises demand during a promotion by the discount, dips after it, and cannibalises the category', () => {
    const on = model()
    const off = model({ promotions: { perWeek: 0 } })
    const w = on.world
    const days = 160
    const draws = (m: DemandModel) =>
      Array.from({ length: days }, (_, d) => {
        const demand = new Uint32Array(w.pairCount)
        m.drawDay(d, demand, new Float32Array(w.pairCount))
        return demand
      })
    const dOn = draws(on)
    const dOff = draws(off)
    const promos = on.promotions(10, 150).filter((p) => p.start >= 10 && p.end + 12 <= days)
    expect(promos.length).toBeGreaterThan(20)
    let upOn = 0, upOff = 0, dipOn = 0, dipOff = 0, canOn = 0, canOff = 0
    for (const p of promos) {
      for (const l of p.locations) {
        for (const s of p.skus) {
          const i = l * w.skuCount + s
          if (!w.carried[i]) continue
          // Exact uplift on the mean: (1 - discount)^-elasticity, nothing else changes.
          const ratio = on.expectedAt(s, l, p.start) / off.expectedAt(s, l, p.start)
          if (on.promotions(p.start - 10, p.start).filter((q) => q.category === p.category && q.locations.includes(l)).length === 1) {
            expect(ratio).toBeCloseTo(Math.pow(1 - p.discount, -w.products[s].elasticity), 4)
          }
          for (let d = p.start; d <= p.end; d++) {
            upOn += dOn[d][i]
            upOff += dOff[d][i]
          }
          for (let d = p.end + 1; d <= p.end + 4; d++) {
            dipOn += dOn[d][i]
            dipOff += dOff[d][i]
          }
        }
        for (const x of w.products) {
          const i = l * w.skuCount + x.index
          if (x.category !== p.category || p.skus.includes(x.index) || !w.carried[i]) continue
          for (let d = p.start; d <= p.end; d++) {
            canOn += dOn[d][i]
            canOff += dOff[d][i]
          }
        }
      }
    }
    expect(upOn / upOff).toBeGreaterThan(1.4)
    expect(dipOn / dipOff).toBeLessThan(0.92)
    expect(canOn / canOff).toBeLessThan(0.97)
  })

  it('multiplies true demand by an injected shock', () => {
    const on = model({ anomalies: { demandShocksPerYear: 100 } })
    const off = model({ anomalies: { demandShocksPerYear: 0 } })
    let checked = 0
    for (let d = 0; d < 60; d++) {
      for (const sh of on.shocksStarting(d)) {
        const s = sh.skus[0]
        const l = sh.locations.find((x) => on.world.carried[x * on.world.skuCount + s])!
        const want = on
          .shocksOn(d)
          .filter((x) => x.skus.includes(s) && x.locations.includes(l))
          .reduce((a, x) => a * x.multiplier, 1)
        expect(on.expectedAt(s, l, d) / off.expectedAt(s, l, d)).toBeCloseTo(want, 4)
        expect(want).not.toBe(1)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(5)
  })

  it('marks seasonal SKUs down before their season ends and sells little off-season', () => {
    const m = model({ start: '2024-01-01' })
    const w = m.world
    const sku = w.products.find((p) => p.seasonal && w.categories[p.category].name === 'Summer Apparel')!
    const dayOf = (iso: string) => Math.round((Date.parse(iso) - w.startMs) / 86_400_000)
    expect(m.markdown(sku.index, dayOf('2024-06-01'))).toBe(0)
    expect(m.markdown(sku.index, dayOf('2024-07-25'))).toBe(0.25)
    expect(m.markdown(sku.index, dayOf('2024-08-20'))).toBe(0.5)
    expect(m.markdown(sku.index, dayOf('2024-09-10'))).toBe(0)
    const web = w.locations.find((l) => l.channel === 'ecommerce')!.index
    const inSeason = m.expectedAt(sku.index, web, dayOf('2024-06-03'))
    const off = m.expectedAt(sku.index, web, dayOf('2024-10-07'))
    expect(off / inSeason).toBeLessThan(0.1)
  })

  it('gives weather to stores only, smooth from day to day', () => {
    const m = model()
    const store = m.world.locations.find((l) => l.kind === 'store')!.index
    const web = m.world.locations.find((l) => l.kind === 'ecom_node')!.index
    expect(m.weather(web, 5)).toBeNull()
    const temps = Array.from({ length: 60 }, (_, d) => m.weather(store, d)!.tempC)
    const jumps = temps.slice(1).map((t, i) => Math.abs(t - temps[i]))
    expect(Math.max(...jumps)).toBeLessThan(15)
    expect(new Set(temps).size).toBeGreaterThan(30)
  })
})
