'use client'
import type { StreamStatus } from './useKpiStream'

/** Green dot and "Live" while pushes arrive (useKpiStream: heard within 5 s); grey with a label when not. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const live = status === 'live'
  return (
    <span role="status" data-testid="live-indicator" data-status={status} className="inline-flex items-center gap-2 text-sm">
      <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${live ? 'bg-green-500 shadow-[0_0_0_3px_rgb(34_197_94/0.25)]' : 'bg-slate-400'}`} />
      {live ? 'Live' : status === 'connecting' ? 'Connecting…' : status === 'stale' ? 'No live updates: figures may be stale' : 'Disconnected: figures may be stale'}
    </span>
  )
}
