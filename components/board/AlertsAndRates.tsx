'use client'
import { memo, useState } from 'react'
import type { RatesBy } from '@/lib/alerts/rates-view'
import { AlertFeed } from './AlertFeed'
import { DecisionRatesPanel } from './DecisionRates'
import { useAfterHydration } from './useAfterHydration'
import { useDecisionRates } from './useDecisionRates'

/**
 * The alert feed and, beside it, the decision rates panel, sharing one rates answer (one fetch,
 * one push subscription): the feed's 30-day line and the panel's total are the same figures.
 * Memoised on the location, with state of its own: a push re-renders this, not the board.
 */
export const AlertsAndRates = memo(function AlertsAndRates({ location }: { location: string }) {
  const ready = useAfterHydration()
  const [by, setBy] = useState<RatesBy>('agent')
  const rates = useDecisionRates(location, by, ready)
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <AlertFeed location={location} rates={rates.answer} />
      <DecisionRatesPanel location={location} by={by} onBy={setBy} state={rates} />
    </div>
  )
})
