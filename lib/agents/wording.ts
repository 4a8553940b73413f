/**
 * How the watch agents write figures into sentences: grouped integers, money with the currency
 * symbol the deployment passes in, signed percentages and percentage points, plurals, lists.
 * en-GB grouping (1,234.5), written the same on the server and in tests whatever the host locale.
 */

const formatters = new Map<number, Intl.NumberFormat>()
function fixed(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits)
  if (!f) formatters.set(digits, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return f
}

/** Rounded to `digits` and never "-0". */
function rounded(x: number, digits: number): number {
  const f = 10 ** digits
  const r = Math.round(x * f) / f
  return r === 0 ? 0 : r
}

/** 1234.56 -> "1,235"; digits > 0 keeps that many decimals: "1,234.6". */
export function fmtNum(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '—'
  return fixed(digits).format(rounded(x, digits))
}

/** Money with the currency symbol before the figure and the sign before both: "£1,235", "-£40". */
export function fmtMoney(x: number, symbol: string, digits = 0): string {
  if (!Number.isFinite(x)) return '—'
  const r = rounded(x, digits)
  return `${r < 0 ? '-' : ''}${symbol}${fixed(digits).format(Math.abs(r))}`
}

/** Money for a sentence: pennies below 100 ("£2.50"), whole units from there ("£1,235"). */
export function fmtMoneyAuto(x: number, symbol: string): string {
  return fmtMoney(x, symbol, Math.abs(x) < 99.995 ? 2 : 0)
}

/** Decimals for a quantity: whole from 10 up or when whole, else one ("2.5", "12", "3"). */
export function qtyDigits(x: number): number {
  return Math.abs(x) >= 9.95 || Number.isInteger(rounded(x, 1)) ? 0 : 1
}

/** A share as a percentage: 0.9625 -> "96.3%". */
export function fmtPct(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return '—'
  return `${fmtNum(share * 100, digits)}%`
}

/** A relative change with its sign: 0.052 -> "+5.2%", -0.01 -> "-1.0%", 0 -> "0.0%". */
export function fmtSignedPct(change: number, digits = 1): string {
  if (!Number.isFinite(change)) return '—'
  const r = rounded(change * 100, digits)
  return `${r > 0 ? '+' : ''}${fmtNum(r, digits)}%`
}

/** A difference of two shares in percentage points: 0.004 -> "+0.4 pts". */
export function fmtSignedPts(diff: number, digits = 1): string {
  if (!Number.isFinite(diff)) return '—'
  const r = rounded(diff * 100, digits)
  return `${r > 0 ? '+' : ''}${fmtNum(r, digits)} pts`
}

/**
 * "1 alert", "2 alerts", "1,200 units"; `many` for irregular plurals. `digits` defaults to what the
 * quantity needs (qtyDigits): "2.5 units", "12 units".
 */
export function plural(n: number, one: string, many = `${one}s`, digits = qtyDigits(n)): string {
  const r = rounded(n, digits)
  return `${fmtNum(r, digits)} ${r === 1 ? one : many}`
}

/** ["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b and c". */
export function listAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** 'stockout_risk' -> 'stockout risk'. */
export function humanize(id: string): string {
  return id.replace(/_/g, ' ')
}
