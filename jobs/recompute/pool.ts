/** A small pool of compute worker threads (tsx-loaded), one request in flight per thread. */
import { Worker } from 'node:worker_threads'
import path from 'node:path'
import type { SeriesBlock, SkuState, SeriesForecast, SkuPlan } from '@/lib/planning/compute'
import type { GroupTotals } from '@/lib/planning/pooled-level'
import type { CellRow } from '@/lib/planning/signals'
import type { ComputeRequest } from './compute-worker'

const WORKER_FILE = path.resolve(process.cwd(), 'jobs/recompute/compute-worker.ts')

export interface PlanResult {
  forecasts: SeriesForecast[]
  plans: SkuPlan[]
  cells: CellRow[]
}

interface Slot {
  worker: Worker
  busy: boolean
}

export class ComputePool {
  private slots: Slot[]
  private waiting: ((slot: Slot) => void)[] = []
  private nextId = 0

  constructor(size: number) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({
      // A TypeScript worker file needs tsx's loader registered inside the thread first.
      worker: new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)})`, { eval: true }),
      busy: false,
    }))
  }

  /** Forecasts and plans of one location's block (compute.ts, plan-location.ts), and its external-signal cells (signals.ts blockCells). */
  async run(block: SeriesBlock, states: SkuState[]): Promise<PlanResult> {
    return this.request<PlanResult>((id) => ({ id, kind: 'plan', block, states }))
  }

  /** Forecasts of the run's group totals (pooled-level.ts forecastGroupTotals), horizon days per group. */
  async forecastTotals(groups: GroupTotals, horizon: number): Promise<Float64Array> {
    return (await this.request<{ forecast: Float64Array }>((id) => ({ id, kind: 'totals', groups, horizon }))).forecast
  }

  private async request<T>(make: (id: number) => ComputeRequest): Promise<T> {
    const slot = await this.acquire()
    const id = this.nextId++
    try {
      return await new Promise<T>((resolve, reject) => {
        const onMessage = (msg: { id: number; error?: string } & T) => {
          if (msg.id !== id) return
          slot.worker.off('message', onMessage)
          slot.worker.off('error', onError)
          if (msg.error) reject(new Error(msg.error))
          else resolve(msg)
        }
        const onError = (err: Error) => {
          slot.worker.off('message', onMessage)
          reject(err)
        }
        slot.worker.on('message', onMessage)
        slot.worker.once('error', onError)
        // The arrays are copied, not transferred: the caller may reuse them.
        slot.worker.postMessage(make(id))
      })
    } finally {
      this.release(slot)
    }
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy)
    if (free) {
      free.busy = true
      return Promise.resolve(free)
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private release(slot: Slot) {
    const next = this.waiting.shift()
    if (next) next(slot)
    else slot.busy = false
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}
