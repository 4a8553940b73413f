'use client'
/**
 * The inbox's cards, live: the first view from the server, then alerts pushed on the
 * `alerts:all` room merged in as they come (lib/alerts/inbox-merge.ts keeps the pinned card in
 * its place), and a refetch from GET /api/v1/alerts on every (re)connect and whenever the filters
 * change, so nothing pushed while the socket was away is missed.
 *
 * `pinned` is read when an alert arrives (a ref, so the subscription is not rebuilt per keypress).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react'
import type { AlertBody, AlertsAnswer } from '@/lib/alerts/api-schemas'
import { ALERT_EVENT } from '@/lib/alerts/types'
import { fromAnswer, merge, resync, type IncomingAlert, type InboxList } from '@/lib/alerts/inbox-merge'
import type { InboxFilters } from '@/lib/alerts/inbox-query'
import { getSocket } from '../socket'
import { fetchAlert, fetchAlerts } from './api'

export type LoadState = 'loading' | 'ready' | 'error'
export type SocketState = 'connecting' | 'live' | 'disconnected'

function subscribeSocket(onChange: () => void) {
  const s = getSocket()
  const events = ['connect', 'disconnect', 'connect_error'] as const
  for (const e of events) s.on(e, onChange)
  return () => {
    for (const e of events) s.off(e, onChange)
  }
}
/** Connected; trying to (re)connect; given up or refused. */
function socketSnapshot(): SocketState {
  const s = getSocket()
  return s.connected ? 'live' : s.active ? 'connecting' : 'disconnected'
}
const serverSocketState = (): SocketState => 'connecting'

export function useAlertStream(initial: AlertsAnswer | null, initialError: string | null, filters: InboxFilters, limit: number, pinned: RefObject<string | null>) {
  const [list, setList] = useState<InboxList>(() => fromAnswer(initial?.alerts ?? []))
  const [counts, setCounts] = useState<AlertsAnswer['counts'] | null>(initial?.counts ?? null)
  const [load, setLoad] = useState<LoadState>(initial ? 'ready' : initialError ? 'error' : 'loading')
  const [error, setError] = useState<string | null>(initialError)
  const socketState = useSyncExternalStore(subscribeSocket, socketSnapshot, serverSocketState)
  const filtersRef = useRef(filters)
  useLayoutEffect(() => {
    filtersRef.current = filters
  }, [filters])
  const key = JSON.stringify(filters)
  /** The filters the list on screen was loaded for: a refetch for other filters replaces it. */
  const loadedFor = useRef(initial ? key : '')
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    const f = filtersRef.current
    const forKey = JSON.stringify(f)
    if (loadedFor.current !== forKey) setLoad('loading')
    try {
      const answer = await fetchAlerts({ ...f, limit })
      if (mine !== seq.current) return
      // Same view again (a reconnect): merge, keeping the pinned card; another view: replace.
      const sameView = loadedFor.current === forKey
      const pinnedId = pinned.current
      setList((l) => (sameView ? resync(l, answer.alerts, { pinnedId, filters: f }) : fromAnswer(answer.alerts)))
      loadedFor.current = forKey
      setCounts(answer.counts)
      setError(null)
      setLoad('ready')
    } catch (err) {
      if (mine !== seq.current) return
      setError(err instanceof Error ? err.message : String(err))
      // A view on screen stays with the error above it; a view never loaded shows the error state.
      if (loadedFor.current !== forKey) setLoad('error')
    }
  }, [limit, pinned])

  // Filters changed after the first view: load that view.
  useEffect(() => {
    if (loadedFor.current !== key) void reload()
  }, [key, reload])

  const apply = useCallback(
    (a: IncomingAlert) => setList((l) => merge(l, a, { pinnedId: pinned.current, filters: filtersRef.current })),
    [pinned],
  )

  /** Refetch one card (after a 409, or a decision whose answer was not the card). */
  const refreshCard = useCallback(
    async (id: string) => {
      try {
        apply(await fetchAlert(id))
      } catch {
        // The socket's push, or the next resync, brings it.
      }
    },
    [apply],
  )

  useEffect(() => {
    const socket = getSocket()
    const onConnect = () => {
      socket.emit('watch', { room: 'alerts:all' })
      void reload()
    }
    const onConnectError = (err: Error) => {
      if (err.message === 'unauthorized') setError('Session expired: sign in again')
    }
    const onAlert = (a: IncomingAlert) => {
      if (a && typeof a.id === 'string') apply(a)
    }
    socket.on('connect', onConnect)
    socket.on('connect_error', onConnectError)
    socket.on(ALERT_EVENT, onAlert)
    // Already connected (the socket outlives client-side navigation): join the room; the first view is fresh.
    if (socket.connected) socket.emit('watch', { room: 'alerts:all' })
    return () => {
      socket.off('connect', onConnect)
      socket.off('connect_error', onConnectError)
      socket.off(ALERT_EVENT, onAlert)
    }
  }, [apply, reload])

  return { list, setList, counts, load, error, socketState, reload, apply, refreshCard }
}

export type AlertStream = ReturnType<typeof useAlertStream>
export type { AlertBody }
