'use client'
import { useId, useState } from 'react'
import type { KpiDefinition } from '@/lib/kpis/definitions'

/**
 * The "i" beside a KPI's name: a button that shows the definition while it has focus or the
 * pointer is over it (or over the definition), and on a tap; Escape hides it. The definition is
 * the button's description (aria-describedby), so a screen reader reads it on focus too.
 */
/** `def`: a board KPI, or any figure with a key, a label and a definition (the value report's); `testId` names the button. */
export function KpiInfo({ def, testId }: { def: Pick<KpiDefinition, 'key' | 'label' | 'definition'> & { source?: string }; testId?: string }) {
  const [open, setOpen] = useState(false)
  const tipId = useId()
  return (
    <span className="relative" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        aria-label={`Definition of ${def.label}`}
        aria-describedby={tipId}
        data-testid={testId ?? `kpi-${def.key}-info`}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.stopPropagation()
            setOpen(false)
          }
        }}
        className="grid h-6 w-6 place-items-center rounded-full border border-slate-300 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        i
      </button>
      <span
        id={tipId}
        role="tooltip"
        hidden={!open}
        className="absolute right-0 top-full z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-2 text-xs font-normal leading-snug text-slate-700 shadow-lg dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
      >
        {def.definition}
        {def.source && <span className="text-slate-600 dark:text-slate-300"> Source: {def.source}.</span>}
      </span>
    </span>
  )
}
