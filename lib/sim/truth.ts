/** Flattening the ground truth into rows, for a truth store kept apart from the product's tables. */
import type { World } from './world'
import type { Channel, GroundTruth } from './types'

export interface TruthDemandRow {
  date: string
  sku: string
  location: string
  channel: Channel
  /** True unconstrained demand (units) and the mean it was drawn from. */
  demand: number
  expected: number
  /** Units served (censored by physical stock) and lost. */
  sold: number
  lost: number
  /** Physical on hand at the end of the day. */
  physical_on_hand: number
}

/** One row per carried SKU x selling location of the day. */
export function* truthDemandRows(truth: GroundTruth, world: World): Generator<TruthDemandRow> {
  const nSku = world.skuCount
  for (const loc of world.locations) {
    if (loc.channel === null) continue
    for (let s = 0; s < nSku; s++) {
      const i = loc.index * nSku + s
      if (!world.carried[i]) continue
      yield {
        date: truth.date,
        sku: world.products[s].id,
        location: loc.id,
        channel: loc.channel,
        demand: truth.demand[i],
        expected: Math.round(truth.expected[i] * 1e4) / 1e4,
        sold: truth.sold[i],
        lost: truth.demand[i] - truth.sold[i],
        physical_on_hand: truth.physicalOnHand[i],
      }
    }
  }
}
