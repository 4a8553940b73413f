/**
 * Worker thread: the planning computation for one location block. Pure computation on the
 * TypedArrays the main thread hands over; it never opens ClickHouse (a worker that opened chDB
 * breaks the process's connection when it exits).
 */
import { parentPort } from 'node:worker_threads'
import { forecastBlock, type SeriesBlock, type SkuState } from '@/lib/planning/compute'
import { planLocation } from '@/lib/planning/plan-location'
import { applySignalFactors, blockCells } from '@/lib/planning/signals'
import { forecastGroupTotals, type GroupTotals } from '@/lib/planning/pooled-level'

export type ComputeRequest =
  | { id: number; kind: 'plan'; block: SeriesBlock; states: SkuState[] }
  /** The pooled level's group totals (pooled-level.ts), forecast once per run. */
  | { id: number; kind: 'totals'; groups: GroupTotals; horizon: number }

parentPort?.on('message', (req: ComputeRequest) => {
  try {
    if (req.kind === 'totals') {
      parentPort!.postMessage({ id: req.id, forecast: forecastGroupTotals(req.groups, req.horizon) })
      return
    }
    // External signals' factor (set by jobs/recompute/signals.ts) before the policies read the forecasts.
    const forecasts = applySignalFactors(req.block, forecastBlock(req.block))
    const plans = planLocation(req.block, forecasts, new Map(req.states.map((s) => [s.sku, s])))
    // The window's cells for the external-signal state (jobs/recompute/signals.ts keep).
    parentPort!.postMessage({ id: req.id, forecasts, plans, cells: blockCells(req.block) })
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.stack ?? err.message : String(err) })
  }
})
