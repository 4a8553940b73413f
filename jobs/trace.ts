/** TEMPORARY freshness trace (not for commit): JSON lines to SP_TRACE_FILE. */
import { appendFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const file = process.env.SP_TRACE_FILE
export const tracing = !!file
export function trace(kind: string, data: Record<string, unknown>) {
  if (file) appendFileSync(file, JSON.stringify({ kind, at: Date.now(), ...data }) + '\n')
}
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  setInterval(() => {
    trace('loop', { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 })
    h.reset()
  }, 1000).unref()
}
