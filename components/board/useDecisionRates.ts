'use client'
import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import type { RatesAnswer } from '@/lib/alerts/api-schemas'
import { ALERT_EVENT } from '@/lib/alerts/types'
import { changesRates, RATE_DAYS, type RatesBy } from '@/lib/alerts/rates-view'
import type { IncomingAlert } from '@/lib/alerts/inbox-merge'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { fetchRates } from '../alerts/api'
import { getSocket } from '../socket'

/** Decisions come in bursts (a planner clearing the inbox): the rates are refetched at most this often. */
export const RATES_REFETCH_MS = 2_000

export interface DecisionRatesState {
  /** The latest answer for this location, of whichever dimension was asked last (its `by` says). */
  answer: RatesAnswer | null
  error: string | null
}

/**
 * Acceptance and override rates of the last RATE_DAYS days at a location, by `by`, from GET
 * /api/v1/alerts/rates (the one place they are computed), refetched when a decision in scope is
 * pushed to `alerts:all` (debounced) and on every (re)connect; no polling. Starts when `enabled`
 * (after hydration). An answer that comes back after a newer request was made is dropped.
 */
export function useDecisionRates(location: string, by: RatesBy, enabled: boolean): DecisionRatesState {
  const [got, setGot] = useState<{ location: string; answer: RatesAnswer | null; error: string | null }>({ location, answer: null, error: null })
  const asked = useRef(0)

  const load = useCallback(async () => {
    const n = ++asked.current
    try {
      const answer = await fetchRates({ by, days: RATE_DAYS, ...(location === ALL_LOCATIONS ? {} : { location }) })
      if (n === asked.current) startTransition(() => setGot({ location, answer, error: null }))
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      if (n === asked.current) startTransition(() => setGot((g) => ({ location, answer: g.location === location ? g.answer : null, error })))
    }
  }, [location, by])

  useEffect(() => {
    if (!enabled) return
    const socket = getSocket()
    let timer: ReturnType<typeof setTimeout> | undefined
    const onConnect = () => {
      socket.emit('watch', { room: 'alerts:all' })
      void load()
    }
    const onAlert = (a: IncomingAlert) => {
      if (!changesRates(a, location)) return
      timer ??= setTimeout(() => {
        timer = undefined
        void load()
      }, RATES_REFETCH_MS)
    }
    socket.on('connect', onConnect)
    socket.on(ALERT_EVENT, onAlert)
    if (socket.connected) onConnect()
    else void load()
    return () => {
      clearTimeout(timer)
      socket.off('connect', onConnect)
      socket.off(ALERT_EVENT, onAlert)
    }
  }, [enabled, load, location])

  return got.location === location ? { answer: got.answer, error: got.error } : { answer: null, error: null }
}
