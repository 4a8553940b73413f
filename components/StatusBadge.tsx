/** Colour plus a label and a symbol: never colour alone. red = at risk, amber = watch, green = healthy, grey = unknown/stale. */
export type Health = 'healthy' | 'watch' | 'risk' | 'unknown'

const STYLE: Record<Health, { cls: string; icon: string }> = {
  healthy: { cls: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300', icon: '●' },
  watch: { cls: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300', icon: '▲' },
  risk: { cls: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300', icon: '■' },
  unknown: { cls: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300', icon: '○' },
}

export function StatusBadge({ health, label }: { health: Health; label: string }) {
  const s = STYLE[health]
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${s.cls}`}>
      <span aria-hidden>{s.icon}</span>
      {label}
    </span>
  )
}
