import type { HeatCell } from '@/lib/kpis/definitions'
import type { Health } from '../StatusBadge'

/** Share of a cell's SKU-locations at risk (null: none planned there). */
export const shareOf = (cell: HeatCell | undefined): number | null => (cell && cell.series > 0 ? cell.at_risk / cell.series : null)

/**
 * A heatmap cell's level: red at risk (>= 20%), amber watch (>= 5%), green healthy, grey no data.
 * Each has a word and a symbol besides its colour, and text at 4.5:1 or more on its fill in both
 * schemes (white on red-600 4.8:1; slate-900 on amber-300 12:1; green-900 on green-100 8:1,
 * green-100 on green-900 in the dark 8:1; slate-600 on slate-200 6:1, slate-300 on slate-800 9.9:1).
 */
export function heatLevel(share: number | null): { health: Health; word: string; symbol: string; cls: string } {
  if (share === null) return { health: 'unknown', word: 'no data', symbol: '○', cls: 'bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300' }
  if (share >= 0.2) return { health: 'risk', word: 'at risk', symbol: '■', cls: 'bg-red-600 text-white' }
  if (share >= 0.05) return { health: 'watch', word: 'watch', symbol: '▲', cls: 'bg-amber-300 text-slate-900' }
  return { health: 'healthy', word: 'healthy', symbol: '●', cls: 'bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100' }
}

export const percent = (share: number) => `${Math.round(share * 100)}%`
