/**
 * The deployment's currency (config CURRENCY, ISO 4217) and money written in it. Safe in the
 * browser: pages get the code from the server (components/Settings.tsx) and pass it to these
 * functions; server-side text (agents' cards, the daily summary) reads the process's currency,
 * set once at start (server/bootstrap.ts: configureCurrency). Kept on globalThis, as the runtime
 * is, because Next.js bundles route handlers apart from the server: a module-level variable there
 * would be a second copy.
 */

const KEY = Symbol.for('stockpulse.currency')
type WithCurrency = typeof globalThis & { [KEY]?: string }

export const DEFAULT_CURRENCY = 'GBP'

/** Set the process's currency (at start, from config). */
export function configureCurrency(code: string): void {
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`CURRENCY must be an ISO 4217 code such as GBP, got ${code}`)
  ;(globalThis as WithCurrency)[KEY] = code
}

/** The process's currency code: GBP until configured. */
export function currency(): string {
  return (globalThis as WithCurrency)[KEY] ?? DEFAULT_CURRENCY
}

const symbols = new Map<string, string>()

/** What is written before a figure: "£" for GBP, "€" for EUR, "$" for USD, "CHF" for CHF. */
export function currencySymbol(code: string = currency()): string {
  let s = symbols.get(code)
  if (s === undefined) {
    const part = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code }).formatToParts(0).find((p) => p.type === 'currency')
    s = part?.value ?? code
    // A code written as letters ("CHF") reads better with a space: "CHF 12".
    if (/^[A-Z]{2,}$/.test(s)) s = `${s} `
    symbols.set(code, s)
  }
  return s
}

const fixed = new Map<number, Intl.NumberFormat>()
function nf(digits: number): Intl.NumberFormat {
  let f = fixed.get(digits)
  if (!f) fixed.set(digits, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return f
}

/**
 * Money with the symbol before the figure and the sign before both: formatMoney(1234.5, 'GBP') =
 * "£1,235", formatMoney(-40, 'EUR') = "-€40". `digits` decimals (default 0); not finite: "—".
 */
export function formatMoney(x: number, code: string = currency(), digits = 0): string {
  if (!Number.isFinite(x)) return '—'
  const r = Math.round(x * 10 ** digits) / 10 ** digits
  return `${r < 0 ? '-' : ''}${currencySymbol(code)}${nf(digits).format(Math.abs(r))}`
}

/**
 * A money figure in a list or a sentence: pence below 10 so a small positive figure never reads
 * "£0" ("£0.36"), whole units from there ("£12", "£1,235").
 */
export function formatMoneyShort(x: number, code: string = currency()): string {
  return formatMoney(x, code, Math.abs(x) < 9.995 && x !== 0 ? 2 : 0)
}
