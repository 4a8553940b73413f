/**
 * How a KPI figure is written on a tile: short enough to fit, with the whole figure beside it
 * for a tooltip and screen readers. Below a million (units, counts, money) the figure is written
 * out; from there compact (£1.2bn, 3.4m; money in the deployment's currency); past a thousand trillion, scientific (£1E18), which
 * no real figure reaches but a bad feed once did. Not a number (null, NaN, infinite): "—".
 */
import type { KpiDefinition } from './definitions'
import { currency } from '../money'

export interface FormattedFigure {
  /** What the tile shows. */
  short: string
  /** The whole figure, for `title` and `aria-label`. */
  full: string
}

const NONE: FormattedFigure = { short: '—', full: 'no figure' }
const COMPACT_FROM = 1e6
const SCIENTIFIC_FROM = 1e15

/**
 * Formatters are built on first use and kept: building an Intl.NumberFormat costs far more than
 * using one (milliseconds for compact and scientific notation on a phone, measured on the board's
 * hydration), and most boards never need the compact or scientific ones.
 */
const formatters = new Map<string, Intl.NumberFormat>()
function nf(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts)
  let f = formatters.get(key)
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-GB', opts)))
  return f
}
const FULL_INT = () => nf({ maximumFractionDigits: 0 })
const FULL_MONEY = (code: string) => () => nf({ style: 'currency', currency: code, maximumFractionDigits: 0 })
const COMPACT = () => nf({ notation: 'compact', maximumFractionDigits: 1 })
const COMPACT_MONEY = (code: string) => () => nf({ style: 'currency', currency: code, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 })
const SCI = () => nf({ notation: 'scientific', maximumFractionDigits: 1 })
const SCI_MONEY = (code: string) => () => nf({ style: 'currency', currency: code, notation: 'scientific', minimumFractionDigits: 0, maximumFractionDigits: 1 })
type Lazy = () => Intl.NumberFormat

/** A plain number, written out below `compactFrom`, compact above, scientific beyond. */
function scaled(v: number, full: Lazy, compact: Lazy, sci: Lazy, compactFrom = COMPACT_FROM): string {
  const a = Math.abs(v)
  if (a >= SCIENTIFIC_FROM) return sci().format(v)
  if (a >= compactFrom) return compact().format(v)
  return full().format(v)
}

/** `code`: the currency of a money figure, the deployment's (lib/money.ts) unless given. */
export function formatFigure(value: number | null | undefined, unit: KpiDefinition['unit'], code: string = currency()): FormattedFigure {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE
  const v = value === 0 ? 0 : value // no "-0"
  switch (unit) {
    case 'units':
    case 'count': {
      const full = FULL_INT().format(v)
      return { short: scaled(v, FULL_INT, COMPACT, SCI), full: unit === 'units' ? `${full} units` : full }
    }
    case 'currency':
      return { short: scaled(v, FULL_MONEY(code), COMPACT_MONEY(code), SCI_MONEY(code)), full: FULL_MONEY(code)().format(v) }
    case 'percent': {
      const p = v * 100
      const short = Math.abs(p) >= 1e4 ? `${scaled(p, FULL_INT, COMPACT, SCI, 0)}%` : `${p.toFixed(1)}%`
      return { short, full: `${nf({ maximumFractionDigits: 2 }).format(p)}%` }
    }
    case 'days': {
      const short = Math.abs(v) >= 1e4 ? `${scaled(v, FULL_INT, COMPACT, SCI, 0)} d` : `${v.toFixed(1)} d`
      return { short, full: `${nf({ maximumFractionDigits: 1 }).format(v)} days` }
    }
    case 'ratio': {
      const short = Math.abs(v) >= 1e4 ? scaled(v, FULL_INT, COMPACT, SCI, 0) : v.toFixed(2)
      return { short, full: nf({ maximumFractionDigits: 2 }).format(v) }
    }
  }
}

/**
 * Days of cover as a list shows it: rounded down to a tenth, as the run-out day counts it
 * (today + floor(cover)), so 0.96 days reads "0.9 d" beside "runs out today", never "1.0 d".
 * No demand (null, infinite or the stored 9999): "∞".
 */
export function formatCover(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days) || days >= 9999) return '∞'
  return `${(Math.floor(Math.max(0, days) * 10 + 1e-9) / 10).toFixed(1)} d`
}

/**
 * A daily rate or a count of units with its fraction ("12.3", "0.042"): one decimal from 1 up, two
 * significant digits below, so a slow seller's 0.04 units a day does not read as 0. Exactly 0: "0".
 */
export function formatUnits(x: number): string {
  if (!Number.isFinite(x)) return '—'
  if (Math.abs(x) >= 1 || x === 0) return nf({ maximumFractionDigits: 1 }).format(Math.round(x * 10) / 10)
  return nf({ maximumSignificantDigits: 2 }).format(x)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * "06 Dec, 09:47:55 UTC" from an ISO-8601 UTC time, written from its digits: the same text on the
 * server and in every browser whatever its locale or zone, and no Intl.DateTimeFormat to build
 * per tile and per push. Anything else (not UTC, not a time) comes back as given.
 */
export function formatUtcStamp(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso)
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined
  return m && month ? `${m[3]} ${month}, ${m[4]} UTC` : iso
}
