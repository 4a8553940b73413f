'use client'
/**
 * Deciding cards: one decision POSTed with the card's revision, its outcome written on the card
 * (done, "already <status>" on a 409 with the card refetched, the error otherwise), and bulk
 * approval of the marked cards one after another. Announces each outcome through `announce`.
 */
import { useCallback, useState, type RefObject } from 'react'
import type { AlertBody, DecisionBody } from '@/lib/alerts/api-schemas'
import { decisionRequest, isDecidable, type DecisionOutcome } from '@/lib/alerts/decision-form'
import type { Decision } from '@/lib/alerts/types'
import type { InboxList } from '@/lib/alerts/inbox-merge'
import { postDecision } from './decide'
import { statusWord } from './badges'
import type { CardNote } from './AlertCard'

const DONE: Record<Decision, string> = { approve: 'Approved', modify: 'Modified', reject: 'Rejected', snooze: 'Snoozed', acknowledge: 'Acknowledged' }

const label = (c: AlertBody) => `${c.scope.sku}${c.scope.location ? ` at ${c.scope.location}` : ''}`

export function useDecisions(opts: {
  listRef: RefObject<InboxList>
  apply: (a: AlertBody) => void
  refreshCard: (id: string) => Promise<void>
  announce: (text: string) => void
}) {
  const { listRef, apply, refreshCard, announce } = opts
  const [notes, setNotes] = useState<Record<string, CardNote>>({})
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set())
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set())

  const note = useCallback((id: string, n: CardNote | undefined) => {
    setNotes((all) => {
      const next = { ...all }
      if (n) next[id] = n
      else delete next[id]
      return next
    })
  }, [])
  const setBusyOf = useCallback(
    (id: string, on: boolean) =>
      setBusy((s) => {
        const next = new Set(s)
        if (on) next.add(id)
        else next.delete(id)
        return next
      }),
    [],
  )

  const decide = useCallback(
    async (card: AlertBody, decision: Decision, extra: Omit<DecisionBody, 'decision' | 'revision'> = {}, opts: { quiet?: boolean } = {}): Promise<DecisionOutcome> => {
      setBusyOf(card.id, true)
      note(card.id, undefined)
      const outcome = await postDecision(card.id, decisionRequest(card, decision, extra))
      setBusyOf(card.id, false)
      switch (outcome.kind) {
        case 'done': {
          const text = decision === 'modify' && extra.quantity !== undefined ? `Modified to ${extra.quantity.toLocaleString('en-GB')} units` : DONE[decision]
          note(card.id, { tone: 'ok', text })
          if (!opts.quiet) announce(`${text}: ${label(card)}`)
          if (outcome.alert) apply(outcome.alert)
          else void refreshCard(card.id)
          break
        }
        case 'conflict': {
          // Decided by someone else, or changed since (an agent's update): the card is refetched either way.
          const text = isDecidable(outcome.status) ? 'Changed since you looked: check it and decide again' : `Already ${statusWord(outcome.status).toLowerCase()}`
          note(card.id, { tone: 'warn', text })
          if (!opts.quiet) announce(`${text}: ${label(card)}`)
          void refreshCard(card.id)
          break
        }
        case 'invalid':
          // A dialog shows field errors beside its fields; a decision without one shows them on the card.
          if (decision === 'approve') note(card.id, { tone: 'error', text: Object.values(outcome.errors).join('; ') })
          break
        case 'failed':
          if (decision === 'approve') note(card.id, { tone: 'error', text: `Not decided: ${outcome.message}` })
          break
      }
      return outcome
    },
    [apply, refreshCard, announce, note, setBusyOf],
  )

  const toggleCheck = useCallback((id: string) => {
    setChecked((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  }, [])

  /** Approve every marked card that can still be decided, in display order; cards with an edited quantity are left (they need m). */
  const bulkApprove = useCallback(
    async (edited: (c: AlertBody) => boolean) => {
      const marked = listRef.current.cards.filter((c) => checked.has(c.id))
      if (!marked.length) {
        announce('Mark cards with x first; Shift+A then approves them')
        return
      }
      let approved = 0
      const left = new Set<string>()
      for (const m of marked) {
        const c = listRef.current.cards.find((x) => x.id === m.id) ?? m
        if (!isDecidable(c.status)) continue
        if (edited(c)) {
          note(c.id, { tone: 'warn', text: 'Quantity edited: modify it with m (a reason is needed)' })
          left.add(c.id)
          continue
        }
        const o = await decide(c, 'approve', {}, { quiet: true })
        if (o.kind === 'done') approved++
        else if (o.kind !== 'conflict') left.add(c.id)
      }
      setChecked(left)
      announce(`Approved ${approved} of ${marked.length} marked ${marked.length === 1 ? 'card' : 'cards'}${left.size ? `; ${left.size} still marked` : ''}`)
    },
    [checked, decide, listRef, announce, note],
  )

  return { notes, note, busy, checked, setChecked, toggleCheck, decide, bulkApprove }
}
