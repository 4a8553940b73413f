'use client'
import { useEffect, useEffectEvent } from 'react'
import { getSocket } from '../socket'
import { IMPORTS_ROOM, JOBS_EVENT, JOBS_ROOM } from '@/lib/kpis/definitions'

/**
 * Job progress pushed to the jobs room (the recompute, the simulator's backfill) and, for who may
 * import files, the imports room (the server refuses it to anyone else), each
 * under its own id. `onJob` sees every push; `onConnect` runs on each (re)connect, after the room
 * is joined, to refetch what was missed while disconnected.
 */
export function useJobEvents<T>(onJob: (p: T) => void, onConnect?: () => void): void {
  // Effect events: the latest callbacks, without resubscribing when they change.
  const jobEvent = useEffectEvent(onJob)
  const connectEvent = useEffectEvent(() => onConnect?.())
  useEffect(() => {
    const socket = getSocket()
    const connected = () => {
      socket.emit('watch', { room: JOBS_ROOM })
      socket.emit('watch', { room: IMPORTS_ROOM })
      connectEvent()
    }
    const job = (p: T) => jobEvent(p)
    socket.on('connect', connected)
    socket.on(JOBS_EVENT, job)
    if (socket.connected) connected()
    return () => {
      socket.off('connect', connected)
      socket.off(JOBS_EVENT, job)
    }
  }, [])
}
