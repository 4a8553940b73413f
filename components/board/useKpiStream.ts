'use client'
/**
 * Live KPIs for one scope: subscribe to its room, then resync from the API (so nothing pushed
 * while we were away is missed), then apply pushed snapshots newer than what we show.
 */
import { useEffect, useState } from 'react'
import { getSocket } from '../socket'
import { KPI_EVENT, type KpiSnapshot } from '@/lib/kpis/definitions'

export type StreamStatus = 'connecting' | 'live' | 'disconnected'

export function useKpiStream(initial: KpiSnapshot, location: string) {
  const [snapshot, setSnapshot] = useState<KpiSnapshot>(initial)
  const [status, setStatus] = useState<StreamStatus>('connecting')
  const [error, setError] = useState<string>()

  useEffect(() => {
    const socket = getSocket()
    let cancelled = false
    const apply = (s: KpiSnapshot) => {
      if (cancelled || s.location !== location) return
      setSnapshot((prev) => (prev.location !== s.location || s.as_of >= prev.as_of ? s : prev))
    }
    const resync = async () => {
      socket.emit('subscribe', { location })
      try {
        const res = await fetch(`/api/v1/kpis?location=${encodeURIComponent(location)}`, { cache: 'no-store' })
        if (!res.ok) throw new Error(`KPI API answered ${res.status}`)
        apply(await res.json())
        setError(undefined)
      } catch (err) {
        setError(String(err instanceof Error ? err.message : err))
      }
    }
    const onConnect = () => {
      setStatus('live')
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
    socket.on(KPI_EVENT, apply)
    if (socket.connected) onConnect()
    return () => {
      cancelled = true
      socket.off('connect', onConnect)
      socket.off('disconnect', onDisconnect)
      socket.off('connect_error', onConnectError)
      socket.off(KPI_EVENT, apply)
    }
  }, [location])

  return { snapshot, status, error }
}
