'use client'
/**
 * Live KPIs for one scope: subscribe to its room, then resync from the API (so nothing pushed
 * while we were away is missed), then apply pushed snapshots newer than what we show.
 *
 * Status `live` means pushes reach this page now: the socket is connected and the stream's
 * heartbeat (or a KPI) arrived within STREAM_STALE_MS (lib/kpis/definitions.ts). A connected
 * socket that hears nothing for that long is `stale`, so the dot greys out even when the
 * connection itself looks open.
 *
 * A pushed snapshot is applied as a transition: React renders it in slices it can interrupt, so
 * several pushes a second never hold the main thread for long (a phone's input stays responsive,
 * and Lighthouse's Total Blocking Time stays low); the figures still paint within a frame or two.
 */
import { startTransition, useEffect, useState } from 'react'
import { getSocket } from '../socket'
import { ALL_LOCATIONS, HEARTBEAT_EVENT, KPI_EVENT, STREAM_STALE_MS, type KpiSnapshot } from '@/lib/kpis/definitions'

export type StreamStatus = 'connecting' | 'live' | 'stale' | 'disconnected'

/** How often the page checks that the stream still speaks. */
const WATCHDOG_MS = 250

export function useKpiStream(initial: KpiSnapshot, location: string) {
  const [snapshot, setSnapshot] = useState<KpiSnapshot>(initial)
  const [status, setStatus] = useState<StreamStatus>('connecting')
  const [error, setError] = useState<string>()

  useEffect(() => {
    const socket = getSocket()
    let cancelled = false
    let heardAt = 0
    let connectedAt = 0
    const heard = () => {
      heardAt = Date.now()
      if (socket.connected) startTransition(() => setStatus('live'))
    }
    const watchdog = setInterval(() => {
      if (socket.connected && Date.now() - Math.max(heardAt, connectedAt) > STREAM_STALE_MS) setStatus('stale')
    }, WATCHDOG_MS)
    const apply = (s: KpiSnapshot) => {
      if (cancelled || s.location !== location) return
      startTransition(() => setSnapshot((prev) => (prev.location !== s.location || s.as_of >= prev.as_of ? s : prev)))
    }
    // A person scoped to some locations who asks for 'all' is put in those locations' rooms
    // (server/realtime.ts): a push of one of them means their aggregate changed; it is read
    // again from the API (which answers the scope's aggregate), at most once a second.
    let refetch: ReturnType<typeof setTimeout> | undefined
    const onKpi = (s: KpiSnapshot) => {
      heard()
      if (location === ALL_LOCATIONS && s.location !== ALL_LOCATIONS) {
        refetch ??= setTimeout(() => {
          refetch = undefined
          void read()
        }, 1_000)
        return
      }
      apply(s)
    }
    const read = async () => {
      try {
        const res = await fetch(`/api/v1/kpis?location=${encodeURIComponent(location)}`, { cache: 'no-store' })
        if (!res.ok) throw new Error(`KPI API answered ${res.status}`)
        apply(await res.json())
        setError(undefined)
      } catch (err) {
        setError(String(err instanceof Error ? err.message : err))
      }
    }
    const resync = async () => {
      socket.emit('subscribe', { location })
      await read()
    }
    const onConnect = () => {
      // Live once the stream is heard on this connection (its heartbeat comes every 2 s).
      connectedAt = Date.now()
      setStatus('connecting')
      void resync()
    }
    const onDisconnect = () => setStatus('disconnected')
    const onConnectError = (err: Error) => {
      setStatus('disconnected')
      setError(err.message === 'unauthorized' ? 'Session expired: sign in again' : 'Live stream unavailable; retrying')
    }
    socket.on('connect', onConnect)
    socket.on('disconnect', onDisconnect)
    socket.on('connect_error', onConnectError)
    socket.on(KPI_EVENT, onKpi)
    socket.on(HEARTBEAT_EVENT, heard)
    if (socket.connected) onConnect()
    return () => {
      cancelled = true
      clearInterval(watchdog)
      clearTimeout(refetch)
      socket.off(HEARTBEAT_EVENT, heard)
      socket.off('connect', onConnect)
      socket.off('disconnect', onDisconnect)
      socket.off('connect_error', onConnectError)
      socket.off(KPI_EVENT, onKpi)
    }
  }, [location])

  return { snapshot, status, error }
}
