/**
 * What the simulator's tests share: a small network that still has every kind of location, and
 * running it for some days. Test code only (imported by simulation.test.ts, simulation-truth.test.ts
 * and stream.test.ts).
 */
import type { Event } from '@/lib/events/schema'
import type { SimOptions } from './config'
import type { Policy } from './policy'
import { createSimulation } from './simulation'
import type { DayResult } from './simulation'

/** A small network that still has every kind of location: fast enough for a year in a test. */
export const small: SimOptions = {
  start: '2024-01-01',
  scale: { stores: 4, darkStores: 1, webShops: 1, marketplaces: 1, skus: 80, categories: 10, suppliers: 4, customers: 600 },
}

export function run(options: SimOptions, days: number, policy?: Policy): { master: Event[]; days: DayResult[] } {
  const sim = createSimulation(options)
  const master = sim.masterData()
  const out: DayResult[] = []
  for (let d = 0; d < days; d++) out.push(sim.simulateDay(d, policy))
  return { master, days: out }
}
