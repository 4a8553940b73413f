'use client'
import Link from 'next/link'
import { memo, useId } from 'react'
import type { AlertBody } from '@/lib/alerts/api-schemas'
import { confidenceWord, isDecidable } from '@/lib/alerts/decision-form'
import { humanize } from '@/lib/alerts/inbox-query'
import { formatFigure } from '@/lib/kpis/format'
import { AlertStatusBadge, SeverityBadge } from './badges'
import { LocalTime } from './LocalTime'
import { WhySpark } from './WhySpark'
import { approverLine, requiredApprover, type RuleSetVersion } from '@/lib/actions/rules'
import { actionStatusLine } from '@/lib/actions/status-line'
import type { AlertAction } from '@/lib/alerts/api-schemas'

export type CardAction = 'approve' | 'modify' | 'reject' | 'snooze'
export interface CardNote {
  tone: 'ok' | 'warn' | 'error'
  text: string
}

export interface AlertCardProps {
  alert: AlertBody
  selected: boolean
  checked: boolean
  canDecide: boolean
  busy: boolean
  note?: CardNote
  /** The quantity typed on the card ('' until edited). */
  quantity: string
  /** The approval rules in force, to say who must approve (absent when they could not be read). */
  rules?: Pick<RuleSetVersion, 'version' | 'rules'>
  register: (id: string, el: HTMLElement | null) => void
  onSelect: (id: string) => void
  onAction: (id: string, action: CardAction) => void
  onCheck: (id: string) => void
  onQuantity: (id: string, value: string) => void
}

const NOTE_CLS: Record<CardNote['tone'], string> = {
  ok: 'text-green-800 dark:text-green-300',
  warn: 'text-amber-800 dark:text-amber-300',
  error: 'text-red-700 dark:text-red-300',
}
const BUTTON = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800'
const Key = ({ k, onPrimary }: { k: string; onPrimary?: boolean }) => (
  <kbd aria-hidden className={`ml-1 rounded border px-1 font-mono text-[11px] ${onPrimary ? 'border-blue-300 text-white' : 'border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300'}`}>{k}</kbd>
)

const ACTION_TONE: Record<AlertAction['status'], { cls: string; icon: string }> = {
  pending: { cls: 'text-slate-700 dark:text-slate-300', icon: '◷' },
  delivered: { cls: 'text-green-800 dark:text-green-300', icon: '✓' },
  confirmed: { cls: 'text-green-800 dark:text-green-300', icon: '✓✓' },
  failed: { cls: 'text-amber-800 dark:text-amber-300', icon: '↻' },
  dead: { cls: 'text-red-700 dark:text-red-300', icon: '⚠' },
}

/** Where the card's action is in delivery: pending, delivered, failed (reason, retrying), dead (needs attention), confirmed. */
function ActionLine({ action }: { action: AlertAction }) {
  const tone = ACTION_TONE[action.status]
  return (
    <p data-testid="alert-action" data-action-status={action.status} className={`mt-1 text-sm font-medium ${tone.cls}`}>
      <span aria-hidden>{tone.icon} </span>
      {actionStatusLine(action)}
      <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-300">
        {action.kind} · {action.quantity.toLocaleString('en-GB')} units · <LocalTime iso={action.updated_at} />
      </span>
    </p>
  )
}

/** Where the scope is: location, channel and supplier where they apply. */
function scopeWhere(a: AlertBody): string {
  return [a.scope.location && `at ${a.scope.location}`, a.scope.channel && `channel ${a.scope.channel}`, a.scope.supplier && `supplier ${a.scope.supplier}`].filter(Boolean).join(' · ')
}

/**
 * One alert card: severity (word, icon, colour), value at risk, the scope (product, category,
 * SKU, location, channel), why it fired with its chart, the recommended action with an editable
 * quantity, confidence, the agent and model version, the status and what changed. Focusable as a
 * whole (the inbox moves focus between cards with j and k); focusing anything inside selects it.
 */
export const AlertCard = memo(function AlertCard(p: AlertCardProps) {
  const { alert: a, selected, canDecide } = p
  const id = useId()
  const money = formatFigure(a.value_at_risk, 'currency')
  const rec = a.recommendation
  const decidable = isDecidable(a.status)
  const hasQuantity = rec.action !== 'investigate'
  const shownQuantity = p.quantity !== '' ? p.quantity : String(a.decided_quantity ?? rec.quantity)
  const edited = p.quantity !== '' && p.quantity !== String(rec.quantity)
  // types.ts: the revision is bumped on every material change, and the card then says "updated".
  const updated = a.revision > 1
  const product = a.product_name ?? 'Unknown product'
  // Who must approve, at the quantity typed when it was edited (lib/actions/rules.ts).
  const typed = Number(p.quantity)
  const need = p.rules && decidable && hasQuantity ? requiredApprover(p.rules, a, edited && Number.isInteger(typed) && typed >= 0 ? typed : null) : null
  return (
    <article
      ref={(el) => p.register(a.id, el)}
      tabIndex={selected ? 0 : -1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-why`}
      aria-current={selected ? 'true' : undefined}
      aria-busy={p.busy || undefined}
      data-testid="alert-card"
      data-alert-id={a.id}
      data-selected={selected || undefined}
      onFocus={() => !selected && p.onSelect(a.id)}
      className={`scroll-my-24 rounded-lg border bg-white p-3 shadow-sm dark:bg-slate-900 ${selected ? 'border-blue-600 ring-2 ring-blue-600 dark:border-blue-400 dark:ring-blue-400' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <SeverityBadge severity={a.severity} />
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          {humanize(a.type)}: {product}
          <span className="sr-only">, {money.full} at risk</span>
        </h3>
        <span className="num text-lg font-semibold" title={money.full} aria-hidden>
          {money.short} <span className="text-xs font-normal text-slate-600 dark:text-slate-300">at risk</span>
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
          <AlertStatusBadge
            status={a.status}
            detail={a.status === 'cleared' ? (a.cleared_reason ?? 'the condition no longer holds') : undefined}
            detailTestId="alert-cleared"
          />
          {a.status === 'snoozed' && a.snoozed_until && (
            <span>until <LocalTime iso={a.snoozed_until} /></span>
          )}
          {a.status === 'modified' && a.decided_quantity !== null && <span className="num">to {a.decided_quantity.toLocaleString('en-GB')} units</span>}
          {updated && a.status !== 'cleared' && (
            <span data-testid="alert-updated">Updated <LocalTime iso={a.updated_at} /></span>
          )}
        </span>
      </header>

      <p className="mt-1 text-sm text-slate-700 dark:text-slate-200">
        {a.category && <span>{a.category} · </span>}
        <Link prefetch={false} href={`/sku/${encodeURIComponent(a.scope.sku)}${a.scope.location ? `?location=${encodeURIComponent(a.scope.location)}` : ''}`} className="font-mono text-blue-700 hover:underline dark:text-blue-400">
          {a.scope.sku}
        </Link>{' '}
        {scopeWhere(a)}
        {a.region && <span className="text-slate-600 dark:text-slate-300"> ({a.region})</span>}
      </p>

      <div className="mt-2 flex flex-wrap items-start gap-3">
        <p id={`${id}-why`} className="min-w-[16rem] flex-1 text-sm">{a.why}</p>
        {a.chart && <WhySpark chart={a.chart} />}
      </div>

      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-slate-100 pt-2 text-sm dark:border-slate-800">
        <p className="font-medium">
          <span className="sr-only">Recommended: </span>
          {rec.summary}
        </p>
        {hasQuantity && (
          <label className="flex items-center gap-1">
            <span className="text-slate-600 dark:text-slate-300">Quantity</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={shownQuantity}
              readOnly={!canDecide || !decidable}
              onChange={(e) => p.onQuantity(a.id, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' || e.key === 'Enter') {
                  e.preventDefault()
                  e.currentTarget.closest('article')?.focus()
                }
              }}
              className="num w-24 rounded border border-slate-300 bg-white px-1.5 py-0.5 read-only:border-transparent read-only:bg-transparent dark:border-slate-600 dark:bg-slate-950 dark:read-only:bg-transparent"
            />
            <span className="text-slate-600 dark:text-slate-300">units{edited ? ` (recommended ${rec.quantity.toLocaleString('en-GB')})` : ''}</span>
          </label>
        )}
        <span className="text-slate-600 dark:text-slate-300">{confidenceWord(a.confidence)}</span>
        <span className="text-xs text-slate-600 dark:text-slate-300">
          {a.agent} agent · model {a.model_version}
        </span>
      </div>

      {need && (
        <p data-testid="alert-approver" data-level={need.level} className="mt-1 text-xs text-slate-700 dark:text-slate-200">
          {approverLine(need)}
        </p>
      )}
      {a.action && <ActionLine action={a.action} />}

      {p.note && (
        <p data-testid="alert-note" className={`mt-1 text-sm font-medium ${NOTE_CLS[p.note.tone]}`}>
          {p.note.tone === 'ok' ? '✓' : '⚠'} {p.note.text}
        </p>
      )}

      {canDecide && decidable && (
        <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label="Decide">
          <button type="button" disabled={p.busy} className={`${BUTTON} border-blue-600 bg-blue-600 font-medium text-white hover:bg-blue-700 dark:border-blue-500 dark:bg-blue-600 dark:hover:bg-blue-700`} onClick={() => p.onAction(a.id, 'approve')} aria-keyshortcuts="a">
            {edited ? `Approve ${p.quantity} units…` : 'Approve'}
            <Key k="a" onPrimary />
          </button>
          <button type="button" disabled={p.busy} className={BUTTON} onClick={() => p.onAction(a.id, 'modify')} aria-haspopup="dialog" aria-keyshortcuts="m">
            Modify…<Key k="m" />
          </button>
          <button type="button" disabled={p.busy} className={BUTTON} onClick={() => p.onAction(a.id, 'reject')} aria-haspopup="dialog" aria-keyshortcuts="r">
            Reject…<Key k="r" />
          </button>
          <button type="button" disabled={p.busy} className={BUTTON} onClick={() => p.onAction(a.id, 'snooze')} aria-haspopup="dialog" aria-keyshortcuts="s">
            Snooze…<Key k="s" />
          </button>
          <label className="ml-auto flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-200">
            <input type="checkbox" checked={p.checked} onChange={() => p.onCheck(a.id)} aria-keyshortcuts="x" className="h-4 w-4" />
            Select for bulk approval<Key k="x" />
          </label>
        </div>
      )}
    </article>
  )
})
