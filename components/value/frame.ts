/** The box every section of /reports/value sits in (the board's tiles' look). */
export const FRAME = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900'
export const H2 = 'text-base font-semibold'
export const NOTE = 'text-xs text-slate-600 dark:text-slate-300'
/** Recharts colours: StockPulse blue, the baseline slate (dashed where lines), readable in both schemes. */
export const SP_COLOUR = '#2563eb'
export const BASE_COLOUR = '#94a3b8'
