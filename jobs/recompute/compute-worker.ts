/**
 * Worker thread: the planning computation for one location block. Pure computation on the
 * TypedArrays the main thread hands over; it never opens ClickHouse (a worker that opened chDB
 * breaks the process's connection when it exits).
 */
import { parentPort } from 'node:worker_threads'
import { forecastBlock, type SeriesBlock, type SkuState } from '@/lib/planning/compute'
import { planLocation } from '@/lib/planning/plan-location'
import { applySignalFactors } from '@/lib/planning/signals'

export interface ComputeRequest {
  id: number
  block: SeriesBlock
  states: SkuState[]
}

parentPort?.on('message', (req: ComputeRequest) => {
  try {
    // External signals' factor (set by jobs/recompute/signals.ts) before the policies read the forecasts.
    const forecasts = applySignalFactors(req.block, forecastBlock(req.block))
    const plans = planLocation(req.block, forecasts, new Map(req.states.map((s) => [s.sku, s])))
    parentPort!.postMessage({ id: req.id, forecasts, plans })
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.stack ?? err.message : String(err) })
  }
})
