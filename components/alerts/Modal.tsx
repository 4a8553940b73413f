'use client'
import { useEffect, useId, useRef, type ReactNode } from 'react'

/**
 * A native modal <dialog>, as the board's drill-down opens one: shown with showModal() on mount
 * (the rest of the page inert), focus on the element marked `data-autofocus` (or the dialog),
 * Escape or Cancel closes it and `onClose` runs, which gives focus back to the card.
 */
export function Modal({ title, description, onClose, children, testId }: { title: string; description?: ReactNode; onClose: () => void; children: ReactNode; testId?: string }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descId = useId()
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (!d.open) d.showModal()
    const first = d.querySelector<HTMLElement>('[data-autofocus]')
    ;(first ?? d).focus()
  }, [])
  return (
    <dialog
      ref={dialog}
      tabIndex={-1}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      data-testid={testId}
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/60 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="space-y-3 p-4">
        <h2 id={titleId} className="text-lg font-semibold">{title}</h2>
        {description && <div id={descId} className="text-sm text-slate-700 dark:text-slate-200">{description}</div>}
        {children}
      </div>
    </dialog>
  )
}

/** Close the dialog a control is in (Cancel buttons). */
export const closeDialogOf = (el: HTMLElement) => el.closest('dialog')?.close()

export const FIELD = 'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-950 dark:aria-[invalid=true]:border-red-400'
export const PRIMARY = 'rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-50'
export const SECONDARY = 'rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800'

/** A field's error, named by the field's aria-describedby. */
export function FieldError({ id, text }: { id: string; text?: string }) {
  if (!text) return null
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      ⚠ {text}
    </p>
  )
}
