/**
 * The simulated retailer's loyalty customers: each has a home location (a store by its size, a
 * dark store or a web shop; marketplace buyers stay anonymous), a segment that sets how often they
 * buy and how soon they churn, and the days they join and stop buying. Part of the world
 * (world.ts), drawn from its stream.
 */
import type { SimConfig } from './config'
import type { Rng } from './random'
import type { LocationInfo } from './types'

export const SEGMENTS = ['champions', 'loyal', 'occasional', 'at_risk', 'new'] as const
export type Segment = (typeof SEGMENTS)[number]
/** Relative purchase frequency and mean days to churn, by segment. */
const SEGMENT_WEIGHT = [12, 5, 1.5, 0.7, 2.5]
const SEGMENT_CHURN_MEAN_DAYS = [2500, 1200, 500, 120, 250]
/** The loyalty tier each segment shows as a customer attribute. */
export const SEGMENT_TIER = ['gold', 'gold', 'silver', 'bronze', 'bronze']

export interface Customers {
  count: number
  /** Home location index (the store, dark store or web shop they buy at). */
  home: Int16Array
  segment: Uint8Array
  /** Day they join (<= 0: already a member at the start) and day they churn (buy no more from then). */
  joinDay: Int32Array
  churnDay: Int32Array
  weight: Float32Array
  id(i: number): string
}

export function buildCustomers(config: SimConfig, rng: Rng, locations: LocationInfo[]): Customers {
  const n = config.scale.customers
  const home = new Int16Array(n)
  const segment = new Uint8Array(n)
  const joinDay = new Int32Array(n)
  const churnDay = new Int32Array(n)
  const weight = new Float32Array(n)
  // Where members shop: stores by size, dark stores, web shops (marketplace buyers stay anonymous).
  const homes: number[] = []
  const homeWeights: number[] = []
  for (const l of locations) {
    if (l.kind === 'store') {
      homes.push(l.index)
      homeWeights.push(0.7 * l.size)
    } else if (l.kind === 'dark_store') {
      homes.push(l.index)
      homeWeights.push(0.8)
    } else if (l.channel === 'ecommerce') {
      homes.push(l.index)
      homeWeights.push(2.6)
    }
  }
  const initialSegWeights = [0.06, 0.18, 0.46, 0.3]
  for (let i = 0; i < n; i++) {
    home[i] = homes.length ? homes[rng.weighted(homeWeights)] : 0
    const joinsLater = rng.chance(0.25)
    const seg = joinsLater ? 4 : rng.weighted(initialSegWeights)
    segment[i] = seg
    joinDay[i] = joinsLater ? 1 + rng.int(364) : -rng.int(3 * 365)
    churnDay[i] = Math.max(0, joinDay[i]) + 1 + Math.floor(rng.exponential(SEGMENT_CHURN_MEAN_DAYS[seg]))
    weight[i] = SEGMENT_WEIGHT[seg] * Math.exp(rng.normal() * 0.4)
  }
  return {
    count: n,
    home,
    segment,
    joinDay,
    churnDay,
    weight,
    id: (i: number) => `C${String(i + 1).padStart(7, '0')}`,
  }
}

