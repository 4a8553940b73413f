'use client'
import { useSyncExternalStore } from 'react'
import { formatUtcStamp } from '@/lib/kpis/format'
import { formatInZone } from '@/lib/time/zone'

const noSubscribe = () => () => {}

/** ClickHouse's "YYYY-MM-DD hh:mm:ss[.sss]" (UTC, no zone written) as ISO 8601 UTC; anything else as given. */
export function utcIso(s: string): string {
  return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s) ? `${s.replace(' ', 'T')}Z` : s
}

/**
 * An instant in the viewer's own time zone, the zone named ("07 Dec, 09:47 GMT", "06 Dec, 22:00
 * GMT-5"; DESIGN.md: times show in the viewer's zone). The server and the hydrating render write
 * it in UTC, which both know; the browser then writes it in local time, so hydration never
 * disagrees with the server's HTML. `seconds`: with seconds (a live tile's "as of").
 */
export function LocalTime({ iso: given, seconds = false }: { iso: string | null; seconds?: boolean }) {
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false)
  if (!given) return <>–</>
  const iso = utcIso(given)
  const t = Date.parse(iso)
  const text = hydrated && Number.isFinite(t) ? formatInZone(t, undefined, { seconds }) : formatUtcStamp(iso)
  return <time dateTime={iso}>{text}</time>
}
