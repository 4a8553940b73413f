'use client'
import { useId, useRef, useState, type FormEvent } from 'react'
import type { AlertBody } from '@/lib/alerts/api-schemas'
import { SNOOZE_LABELS, SNOOZE_PRESETS, parseLocalInput, snoozeUntil, toLocalInput, type DecisionOutcome, type FieldErrors, type SnoozePreset } from '@/lib/alerts/decision-form'
import { FIELD, FieldError, Modal, PRIMARY, SECONDARY, closeDialogOf } from './Modal'

type Choice = SnoozePreset | 'custom'
const when = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' })

/**
 * Snooze one card until a time: 4 hours, tomorrow 08:00 (the viewer's local time), a week, or a
 * date and time typed in (local, at most 30 days ahead). Each preset says the time it means.
 */
export function SnoozeDialog({ alert, onSubmit, onClose }: { alert: AlertBody; onSubmit: (until: Date) => Promise<DecisionOutcome>; onClose: () => void }) {
  const id = useId()
  // The dialog opens on a keypress, in the browser: the clock read here is the moment it opened.
  const [now] = useState(() => new Date())
  const [choice, setChoice] = useState<Choice>('4h')
  const [custom, setCustom] = useState(() => toLocalInput(snoozeUntil('tomorrow', now)))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [sending, setSending] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const customInput = useRef<HTMLInputElement>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const at = new Date()
    let until: Date
    if (choice === 'custom') {
      const parsed = parseLocalInput(custom, at)
      if (!parsed.until) {
        setErrors({ until: parsed.error })
        customInput.current?.focus()
        return
      }
      until = parsed.until
    } else until = snoozeUntil(choice, at)
    setErrors({})
    setSending(true)
    const outcome = await onSubmit(until)
    setSending(false)
    if (outcome.kind === 'invalid') setErrors(outcome.errors)
    else if (outcome.kind === 'failed') setErrors({ form: outcome.message })
    else if (form.current) closeDialogOf(form.current)
  }

  return (
    <Modal
      title="Snooze until"
      testId="snooze-dialog"
      onClose={onClose}
      description={
        <>
          <span className="font-mono">{alert.scope.sku}</span>
          {alert.scope.location && <> at <span className="font-mono">{alert.scope.location}</span></>}: it comes back to the inbox then, or sooner if it gets worse.
        </>
      }
    >
      <form ref={form} onSubmit={submit} noValidate className="space-y-3">
        <fieldset>
          <legend className="text-sm font-medium">Wake it</legend>
          <div className="mt-1 space-y-1">
            {SNOOZE_PRESETS.map((p, i) => (
              <label key={p} className="flex items-center gap-2 text-sm">
                <input type="radio" name={`${id}-when`} value={p} checked={choice === p} onChange={() => setChoice(p)} data-autofocus={i === 0 ? true : undefined} />
                {SNOOZE_LABELS[p]} <span className="num text-slate-600 dark:text-slate-300">({when.format(snoozeUntil(p, now))})</span>
              </label>
            ))}
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name={`${id}-when`} value="custom" checked={choice === 'custom'} onChange={() => setChoice('custom')} />
              At a date and time
            </label>
          </div>
        </fieldset>
        <div>
          <label htmlFor={`${id}-at`} className="block text-sm font-medium">
            Date and time (your local time)
          </label>
          <input
            id={`${id}-at`}
            ref={customInput}
            type="datetime-local"
            value={custom}
            min={toLocalInput(now)}
            onChange={(e) => {
              setCustom(e.target.value)
              setChoice('custom')
            }}
            aria-invalid={errors.until ? true : undefined}
            aria-describedby={errors.until ? `${id}-at-err` : undefined}
            className={`num ${FIELD}`}
          />
          <FieldError id={`${id}-at-err`} text={errors.until} />
        </div>
        {errors.form && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            ⚠ {errors.form}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={SECONDARY} onClick={(e) => closeDialogOf(e.currentTarget)}>
            Cancel
          </button>
          <button type="submit" className={PRIMARY} disabled={sending}>
            {sending ? 'Sending…' : 'Snooze'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
