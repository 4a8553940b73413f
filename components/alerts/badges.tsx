/**
 * An alert's severity and status as badges: a word and an icon beside the colour, never colour
 * alone (DESIGN.md). Severity follows the board's palette: critical and high are red (at risk),
 * medium amber (watch), low grey. Text is 4.5:1 or more on its fill in both schemes (white on
 * red-700 6.3:1; red-800 on red-100 7.6:1, red-300 on red-950 8:1; amber-800 on amber-100 6.4:1,
 * amber-300 on amber-950 10:1; slate-700 on slate-200 8:1, slate-300 on slate-800 9.9:1).
 */
import type { AlertStatus, Severity } from '@/lib/alerts/types'

export const SEVERITY: Record<Severity, { word: string; icon: string; cls: string }> = {
  critical: { word: 'Critical', icon: '◆', cls: 'bg-red-700 text-white' },
  high: { word: 'High', icon: '■', cls: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300' },
  medium: { word: 'Medium', icon: '▲', cls: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300' },
  low: { word: 'Low', icon: '●', cls: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300' },
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = SEVERITY[severity]
  return (
    <span data-severity={severity} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold ${s.cls}`}>
      <span aria-hidden>{s.icon}</span>
      {s.word}
      <span className="sr-only"> severity</span>
    </span>
  )
}

/** Decided well (green), set aside (grey), waiting (blue outline): with a word and a mark. */
const STATUS: Record<AlertStatus, { word: string; icon: string; cls: string }> = {
  open: { word: 'Open', icon: '○', cls: 'border border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-300' },
  acknowledged: { word: 'Acknowledged', icon: '◐', cls: 'border border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-300' },
  snoozed: { word: 'Snoozed', icon: '☾', cls: 'border border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-300' },
  approved: { word: 'Approved', icon: '✓', cls: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300' },
  modified: { word: 'Modified', icon: '✎', cls: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300' },
  executed: { word: 'Executed', icon: '✓', cls: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300' },
  rejected: { word: 'Rejected', icon: '✕', cls: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300' },
  // Expired: the decision's action never ran (dead), so it asks for a look like a dead action does.
  expired: { word: 'Expired', icon: '⚠', cls: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200' },
  cleared: { word: 'Cleared', icon: '✓', cls: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300' },
}

export const statusWord = (s: AlertStatus) => STATUS[s].word

/** The status's word, and after it what it needs said ("Cleared: stockout probability fell to 12 %"). */
export function AlertStatusBadge({ status, detail, detailTestId }: { status: AlertStatus; detail?: string; detailTestId?: string }) {
  const s = STATUS[status]
  return (
    <span data-status={status} data-testid="alert-status" className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${s.cls}`}>
      <span aria-hidden>{s.icon}</span>
      {s.word}
      {detail && <span data-testid={detailTestId}>: {detail}</span>}
    </span>
  )
}
