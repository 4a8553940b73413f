'use client'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { AlertBody } from '@/lib/alerts/api-schemas'
import { composeReason, parseQuantity, type DecisionOutcome, type FieldErrors } from '@/lib/alerts/decision-form'
import { DECISION_REASONS } from '@/lib/alerts/types'
import { FIELD, FieldError, Modal, PRIMARY, SECONDARY, closeDialogOf } from './Modal'

export interface ReasonSubmit {
  reason: string
  quantity?: number
}

/**
 * Modify (a quantity and a reason) or reject (a reason) one card. The reason is one of
 * DECISION_REASONS, as radio buttons (arrow keys move between them), plus free text (required for
 * "other"). Errors show beside their field, the API's too; a 409 or success closes the dialog and
 * the card says what happened.
 */
export function DecisionDialog({ alert, mode, initialQuantity, onSubmit, onClose }: {
  alert: AlertBody
  mode: 'modify' | 'reject'
  initialQuantity: string
  onSubmit: (v: ReasonSubmit) => Promise<DecisionOutcome>
  onClose: () => void
}) {
  const id = useId()
  const [quantity, setQuantity] = useState(initialQuantity)
  const [reason, setReason] = useState<string>()
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [sending, setSending] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const rec = alert.recommendation
  // After errors render, focus goes to the first field at fault.
  const focusError = useRef(false)
  useEffect(() => {
    if (!focusError.current) return
    focusError.current = false
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [errors])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: FieldErrors = {}
    const r = composeReason(reason, note)
    if (r.error) errs.reason = r.error
    const q = mode === 'modify' ? parseQuantity(quantity) : {}
    if (q.error) errs.quantity = q.error
    setErrors(errs)
    if (Object.keys(errs).length) {
      focusError.current = true
      return
    }
    setSending(true)
    const outcome = await onSubmit({ reason: r.reason!, quantity: q.quantity })
    setSending(false)
    if (outcome.kind === 'invalid') {
      focusError.current = true
      setErrors(outcome.errors)
    } else if (outcome.kind === 'failed') setErrors({ form: outcome.message })
    else if (form.current) closeDialogOf(form.current)
  }

  const title = mode === 'modify' ? 'Modify the recommendation' : 'Reject the recommendation'
  return (
    <Modal
      title={title}
      testId={`${mode}-dialog`}
      onClose={onClose}
      description={
        <>
          <span className="font-mono">{alert.scope.sku}</span>
          {alert.scope.location && <> at <span className="font-mono">{alert.scope.location}</span></>}: {rec.summary}
        </>
      }
    >
      <form ref={form} onSubmit={submit} noValidate className="space-y-3">
        {mode === 'modify' && (
          <div>
            <label htmlFor={`${id}-q`} className="block text-sm font-medium">
              Quantity (units; recommended {rec.quantity.toLocaleString('en-GB')})
            </label>
            <input
              id={`${id}-q`}
              data-autofocus
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              required
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              aria-invalid={errors.quantity ? true : undefined}
              aria-describedby={errors.quantity ? `${id}-q-err` : undefined}
              className={`num ${FIELD}`}
            />
            <FieldError id={`${id}-q-err`} text={errors.quantity} />
          </div>
        )}
        <fieldset aria-describedby={errors.reason ? `${id}-r-err` : undefined}>
          <legend className="text-sm font-medium">Reason</legend>
          <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
            {DECISION_REASONS.map((r, i) => (
              <label key={r} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                  data-autofocus={mode === 'reject' && i === 0 ? true : undefined}
                  aria-invalid={errors.reason && i === 0 ? true : undefined}
                  required
                />
                {r[0].toUpperCase() + r.slice(1)}
              </label>
            ))}
          </div>
          <FieldError id={`${id}-r-err`} text={errors.reason} />
        </fieldset>
        <div>
          <label htmlFor={`${id}-note`} className="block text-sm font-medium">
            Note {reason === 'other' ? '(required for “other”)' : '(optional)'}
          </label>
          <input id={`${id}-note`} type="text" maxLength={480} value={note} onChange={(e) => setNote(e.target.value)} className={FIELD} autoComplete="off" />
        </div>
        {errors.form && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            ⚠ {errors.form}
          </p>
        )}
        {errors.until && <FieldError id={`${id}-u-err`} text={errors.until} />}
        <div className="flex justify-end gap-2">
          <button type="button" className={SECONDARY} onClick={(e) => closeDialogOf(e.currentTarget)}>
            Cancel
          </button>
          <button type="submit" className={PRIMARY} disabled={sending}>
            {sending ? 'Sending…' : mode === 'modify' ? 'Modify' : 'Reject'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
