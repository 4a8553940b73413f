'use client'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { AlertBody, AlertsAnswer } from '@/lib/alerts/api-schemas'
import { isDecidable } from '@/lib/alerts/decision-form'
import { moveSelection, outOfOrder, prune, settle, type InboxList } from '@/lib/alerts/inbox-merge'
import { inboxHref, type InboxFilters } from '@/lib/alerts/inbox-query'
import { LiveIndicator } from '../board/LiveIndicator'
import { AlertCard, type CardAction } from './AlertCard'
import type { RuleSetVersion } from '@/lib/actions/rules'
import { AlertFilters, type LocationOption } from './AlertFilters'
import { DecisionDialog } from './DecisionDialog'
import { EmptyInbox, InboxError, KeyLegend, LoadingCards, NewAlertsBar } from './InboxParts'
import { SnoozeDialog } from './SnoozeDialog'
import { statusWord } from './badges'
import { useAlertStream } from './useAlertStream'
import { useDecisions } from './useDecisions'
import { useInboxKeys, type InboxKey } from './useInboxKeys'

type DialogState = { id: string; kind: 'modify' | 'reject' | 'snooze' } | null

export interface AlertsInboxProps {
  initial: AlertsAnswer | null
  initialError: string | null
  initialFilters: InboxFilters
  limit: number
  locations: LocationOption[]
  /** Executives read the inbox; they see no decision keys. */
  canDecide: boolean
  /** The approval rules in force (cards say who must approve); null when they could not be read. */
  rules?: Pick<RuleSetVersion, 'version' | 'rules'> | null
}

/**
 * /alerts: the planner's inbox. Cards ranked by value at risk, filtered by the address's params,
 * worked by keyboard (j/k, a, m, r, s, x, Shift+A) or pointer; pushed alerts join without moving
 * the card being worked (lib/alerts/inbox-merge.ts).
 */
export function AlertsInbox({ initial, initialError, initialFilters, limit, locations, canDecide, rules }: AlertsInboxProps) {
  const [filters, setFilters] = useState<InboxFilters>(initialFilters)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [dialog, setDialog] = useState<DialogState>(null)
  const [quantities, setQuantities] = useState<Record<string, string>>({})
  const [announcement, setAnnouncement] = useState('')
  const pinned = useRef<string | null>(null)
  useLayoutEffect(() => {
    pinned.current = dialog?.id ?? selectedId
  }, [dialog, selectedId])

  const stream = useAlertStream(initial, initialError, filters, limit, pinned)
  const { list, setList, apply, refreshCard } = stream
  const listRef = useRef<InboxList>(list)
  useLayoutEffect(() => {
    listRef.current = list
  }, [list])

  const announce = useCallback((text: string) => setAnnouncement(text), [])
  const decisions = useDecisions({ listRef, apply, refreshCard, announce })
  const { decide, toggleCheck, bulkApprove, note, setChecked } = decisions

  // Cards by id, to focus and scroll one into view.
  const cardEls = useRef(new Map<string, HTMLElement>())
  const register = useCallback((id: string, el: HTMLElement | null) => {
    if (el) cardEls.current.set(id, el)
    else cardEls.current.delete(id)
  }, [])
  const focusNext = useRef<string | null>(null)
  useEffect(() => {
    const id = focusNext.current
    const el = id ? cardEls.current.get(id) : undefined
    if (!el) return
    focusNext.current = null
    el.focus({ preventScroll: true })
    el.scrollIntoView({ block: 'nearest' })
  })

  /** Select a card; by keyboard it takes focus, and cards decided meanwhile leave (the new pin is safe). */
  const select = useCallback(
    (id: string | undefined, byKeyboard: boolean) => {
      if (!id) return
      setSelectedId(id)
      pinned.current = id
      if (byKeyboard) {
        focusNext.current = id
        setList((l) => prune(l, { pinnedId: id, filters }))
      }
    },
    [filters, setList],
  )
  const onSelect = useCallback((id: string) => select(id, false), [select])

  // Read through a ref: typing a quantity must not hand every card new callbacks (they are memoised).
  const quantitiesRef = useRef(quantities)
  useLayoutEffect(() => {
    quantitiesRef.current = quantities
  }, [quantities])
  const editedQuantity = useCallback((c: AlertBody) => {
    const q = quantitiesRef.current[c.id]
    return q !== undefined && q !== '' && q !== String(c.recommendation.quantity)
  }, [])

  const onAction = useCallback(
    (id: string, action: CardAction) => {
      const card = listRef.current.cards.find((c) => c.id === id)
      if (!card || !canDecide) return
      if (pinned.current !== id) select(id, false)
      if (!isDecidable(card.status)) {
        note(id, { tone: 'warn', text: `Already ${statusWord(card.status).toLowerCase()}` })
        announce(`Already ${statusWord(card.status).toLowerCase()}`)
        return
      }
      if (action === 'approve' && !editedQuantity(card)) {
        void decide(card, 'approve')
        return
      }
      const kind = action === 'approve' ? 'modify' : action
      pinned.current = id
      setDialog({ id, kind })
    },
    [canDecide, decide, editedQuantity, note, announce, select],
  )

  const onKey = (k: InboxKey) => {
    const cards = listRef.current.cards
    if (k === 'next' || k === 'prev') return select(moveSelection(cards, selectedId, k === 'next' ? 1 : -1), true)
    if (!canDecide) return announce('Executives read alerts; planners and managers decide them')
    if (k === 'bulk-approve') return void bulkApprove(editedQuantity)
    const current = selectedId && cards.some((c) => c.id === selectedId) ? selectedId : null
    if (!current) return announce('Press j to select a card first')
    if (k === 'check') return toggleCheck(current)
    onAction(current, k)
  }
  useInboxKeys(onKey)

  const closeDialog = useCallback(() => {
    const id = dialog?.id
    setDialog(null)
    if (id) {
      pinned.current = selectedId
      const el = cardEls.current.get(id)
      if (el) el.focus()
    }
  }, [dialog, selectedId])

  const changeFilters = useCallback(
    (f: InboxFilters) => {
      setFilters(f)
      setSelectedId(null)
      pinned.current = null
      setChecked(new Set())
      window.history.replaceState(null, '', inboxHref(f))
    },
    [setChecked],
  )

  const onQuantity = useCallback((id: string, v: string) => setQuantities((q) => ({ ...q, [id]: v })), [])
  const settleNow = () => {
    setList((l) => settle(l, filters))
    if (selectedId) focusNext.current = selectedId
  }

  const cards = list.cards
  const categories = useMemo(() => [...new Set(cards.map((c) => c.category).filter((c): c is string => !!c))], [cards])
  const dialogCard = dialog ? cards.find((c) => c.id === dialog.id) : undefined
  const total = stream.counts?.total

  return (
    <main id="main" data-testid="alerts-inbox" data-state={stream.load} className="mx-auto max-w-screen-xl space-y-3 px-4 py-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight">Alerts</h1>
        {stream.load === 'ready' && (
          <p className="num text-sm text-slate-600 dark:text-slate-300" data-testid="alerts-count">
            {cards.length}
            {total !== undefined && total > cards.length ? ` of ${total.toLocaleString('en-GB')}` : ''} {cards.length === 1 ? 'card' : 'cards'}, most value at risk first
          </p>
        )}
        <div className="ml-auto">
          <LiveIndicator status={stream.socketState} />
        </div>
      </div>
      <AlertFilters filters={filters} onChange={changeFilters} locations={locations} categories={categories} />
      <KeyLegend canDecide={canDecide} />
      {stream.error && stream.load === 'ready' && (
        <p role="alert" className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          ⚠ {stream.error}
          <button type="button" onClick={() => void stream.reload()} className="rounded border border-amber-400 px-2 py-0.5 hover:bg-amber-100 dark:border-amber-700 dark:hover:bg-amber-900">
            Retry
          </button>
        </p>
      )}
      <NewAlertsBar count={list.pending.length} reorder={outOfOrder(list)} onSettle={settleNow} />
      {stream.load === 'loading' ? (
        <LoadingCards />
      ) : stream.load === 'error' ? (
        <InboxError message={stream.error ?? 'unknown error'} onRetry={() => void stream.reload()} />
      ) : cards.length === 0 ? (
        <EmptyInbox filters={filters} onClear={() => changeFilters({ status: 'active' })} />
      ) : (
        <ol aria-label="Alerts, most value at risk first" data-testid="alert-list" className="space-y-3">
          {cards.map((c) => (
            <li key={c.id}>
              <AlertCard
                alert={c}
                selected={c.id === selectedId}
                checked={decisions.checked.has(c.id)}
                canDecide={canDecide}
                busy={decisions.busy.has(c.id)}
                note={decisions.notes[c.id]}
                quantity={quantities[c.id] ?? ''}
                rules={rules ?? undefined}
                register={register}
                onSelect={onSelect}
                onAction={onAction}
                onCheck={toggleCheck}
                onQuantity={onQuantity}
              />
            </li>
          ))}
        </ol>
      )}
      <p role="status" aria-live="polite" className="sr-only" data-testid="inbox-announcer">
        {announcement}
      </p>
      {dialog && dialogCard && dialog.kind !== 'snooze' && (
        <DecisionDialog
          alert={dialogCard}
          mode={dialog.kind}
          initialQuantity={quantities[dialogCard.id] || String(dialogCard.recommendation.quantity)}
          onClose={closeDialog}
          onSubmit={(v) => decide(dialogCard, dialog.kind === 'modify' ? 'modify' : 'reject', dialog.kind === 'modify' ? { reason: v.reason, quantity: v.quantity } : { reason: v.reason })}
        />
      )}
      {dialog && dialogCard && dialog.kind === 'snooze' && (
        <SnoozeDialog alert={dialogCard} onClose={closeDialog} onSubmit={(until) => decide(dialogCard, 'snooze', { until: until.toISOString() })} />
      )}
    </main>
  )
}
