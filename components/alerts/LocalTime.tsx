'use client'
import { useSyncExternalStore } from 'react'
import { formatUtcStamp } from '@/lib/kpis/format'

const noSubscribe = () => () => {}
let local: Intl.DateTimeFormat | undefined
const localFormat = () => (local ??= new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }))

/**
 * An instant in the viewer's own time zone (DESIGN.md: times show in the viewer's zone). The
 * server and the hydrating render write it in UTC, which both know; the browser then writes it
 * in local time, so hydration never disagrees with the server's HTML.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false)
  const t = Date.parse(iso)
  const text = hydrated && Number.isFinite(t) ? localFormat().format(t) : formatUtcStamp(iso)
  return <time dateTime={iso}>{text}</time>
}
