/** A small pool of compute worker threads (tsx-loaded), one request in flight per thread. */
import { Worker } from 'node:worker_threads'
import path from 'node:path'
import type { SeriesBlock, SkuState, SeriesForecast, SkuPlan } from '@/lib/planning/compute'

const WORKER_FILE = path.resolve(process.cwd(), 'jobs/recompute/compute-worker.ts')

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

  async run(block: SeriesBlock, states: SkuState[]): Promise<{ forecasts: SeriesForecast[]; plans: SkuPlan[] }> {
    const slot = await this.acquire()
    const id = this.nextId++
    try {
      return await new Promise((resolve, reject) => {
        const onMessage = (msg: { id: number; error?: string; forecasts: SeriesForecast[]; plans: SkuPlan[] }) => {
          if (msg.id !== id) return
          slot.worker.off('message', onMessage)
          slot.worker.off('error', onError)
          if (msg.error) reject(new Error(msg.error))
          else resolve({ forecasts: msg.forecasts, plans: msg.plans })
        }
        const onError = (err: Error) => {
          slot.worker.off('message', onMessage)
          reject(err)
        }
        slot.worker.on('message', onMessage)
        slot.worker.once('error', onError)
        // The block's arrays are copied, not transferred: the caller may reuse them.
        slot.worker.postMessage({ id, block, states })
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
