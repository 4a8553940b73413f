/**
 * Runs the simulator's live stream through the public ingest API, exactly as an outside source
 * would: same URL, same validation, same queue. `produce` says which events happen between two
 * instants; the default producer is a small store network with a daily shape.
 */
import type { Event } from '@/lib/events/schema'
import { logger } from '@/lib/log'

const log = logger('simulator')

export interface SimulatorStreamOptions {
  baseUrl: string
  apiKey: string
  /** Events to post once at start (master data). */
  initial: Event[]
  /** Events that happen in [from, to). */
  produce: (from: Date, to: Date) => Event[]
  tickMs?: number
}

export function startSimulatorStream(opts: SimulatorStreamOptions): { stop(): Promise<void> } {
  let stopped = false
  let inFlight: Promise<void> = Promise.resolve()
  let last = new Date()
  const post = async (events: Event[]) => {
    if (!events.length) return
    try {
      const res = await fetch(`${opts.baseUrl}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      })
      if (res.status !== 202) log.warn('ingest refused a simulator batch', { status: res.status, body: (await res.text()).slice(0, 300) })
    } catch (err) {
      log.warn('simulator could not reach the API', { error: String(err) })
    }
  }
  inFlight = post(opts.initial)
  const timer = setInterval(() => {
    if (stopped) return
    const now = new Date()
    const events = opts.produce(last, now)
    last = now
    inFlight = inFlight.then(() => post(events))
  }, opts.tickMs ?? 1_000)
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await inFlight
    },
  }
}
