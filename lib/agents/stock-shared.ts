/**
 * What the stock agents (stockout-risk, replenishment-exception, transfers, channel-allocation)
 * share: how much a forecast can be trusted (confidence), the severity bands of a stock-out risk,
 * the descriptor each agent exports, and small formatting and date helpers for `why` sentences.
 * Pure, no I/O.
 */
import type { ActionKind, AlertType, Severity } from '@/lib/alerts/types'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { dateOfDay, dayNumber } from './signals'
import { currencySymbol } from '@/lib/money'

/** What an agent file exports as `AGENT`: who it is and what its mandate lets it raise and recommend. */
export interface AgentDescriptor {
  name: string
  model_version: string
  alert_types: readonly AlertType[]
  actions: readonly ActionKind[]
  /** Whether an approval rule may let (some of) its actions run without a person (the mandate says which). */
  may_run_without_person: boolean
}

/** History (days of clean sales) at which the history factor of confidence reaches 1: eight weeks. */
export const FULL_HISTORY_DAYS = 56
/** Floor of the history factor (an item with no history at all). */
export const MIN_HISTORY_FACTOR = 0.25
/** History factor when the history length is unknown but the forecast came from a category prior. */
export const NEW_ITEM_HISTORY_FACTOR = 0.5

/**
 * Confidence from a coefficient of variation, linear between two bands:
 * cv <= full -> 1, cv >= floorAt -> 0.3, in between 1 - 0.7 (cv - full) / (floorAt - full).
 * A non-finite cv (no demand) gives 0.3.
 */
export function cvConfidence(cv: number, full: number, floorAt: number): number {
  if (!Number.isFinite(cv)) return 0.3
  if (cv <= full) return 1
  if (cv >= floorAt) return 0.3
  return 1 - (0.7 * (cv - full)) / (floorAt - full)
}

/** The history factor: history_days / 56 within [0.25, 1]; without history_days, from the model name. */
export function historyFactor(history_days?: number | null, model?: string): number {
  if (history_days != null && Number.isFinite(history_days)) return Math.min(1, Math.max(MIN_HISTORY_FACTOR, history_days / FULL_HISTORY_DAYS))
  if (model === 'no_history') return MIN_HISTORY_FACTOR
  if (model === 'new_item_prior') return NEW_ITEM_HISTORY_FACTOR
  return 1
}

/**
 * Confidence of a daily forecast (0..1, two decimals) = cv factor x history factor, where
 * - cv = sd_d / d, the daily coefficient of variation of the forecast residuals: factor 1 up to
 *   cv 0.5, falling linearly to 0.3 at cv 2 (cvConfidence(cv, 0.5, 2)); no demand (d <= 0) 0.3;
 * - the history factor is days of history / 56 clamped to [0.25, 1] (eight weeks give a full
 *   weekly pattern twice over); when history_days is unknown, 0.25 for 'no_history', 0.5 for
 *   'new_item_prior' and 1 for any fitted model.
 * Example: d 4, sd_d 4 (cv 1): 1 - 0.7 x 0.5 / 1.5 = 0.7667; 28 days of history: x 0.5 = 0.38.
 */
export function forecastConfidence(f: { d: number; sd_d: number; history_days?: number | null; model?: string }): number {
  const cv = f.d > 0 ? Math.max(0, f.sd_d) / f.d : Infinity
  return round2(cvConfidence(cv, 0.5, 2) * historyFactor(f.history_days, f.model))
}

/**
 * Severity of a stock-out risk (p = stockout probability within the lead time, cover = on hand / d,
 * L = lead time days):
 * - critical: p >= 0.8 and cover < L (on hand runs out before anything ordered today can arrive);
 * - high: p >= 0.6, or p >= the risk threshold (0.3) and cover < L;
 * - medium: p >= 0.45;
 * - low: anything else.
 */
export function stockoutSeverity(p: number, cover: number, L: number): Severity {
  const short = cover < L
  if (p >= 0.8 && short) return 'critical'
  if (p >= 0.6 || (p >= STOCKOUT_RISK_THRESHOLD && short)) return 'high'
  if (p >= 0.45) return 'medium'
  return 'low'
}

export const round2 = (x: number) => Math.round(x * 100) / 100

/** Money in card text, two decimals, with the deployment's currency symbol (config CURRENCY, lib/money.ts). */
export const money = (x: number) => (Number.isFinite(x) ? `${currencySymbol()}${x.toFixed(2)}` : String(x))
/** A probability or share as a whole percent: 0.724 -> "72%". */
export const pct = (p: number) => `${Math.round(p * 100)}%`
/** Units: whole numbers as they are, otherwise one decimal. */
export const units = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1))

/** " (4 cases of 12)" when the case pack is above 1 and divides the quantity, else "". */
export function casesNote(qty: number, case_pack: number): string {
  if (!(case_pack > 1) || qty % case_pack !== 0) return ''
  const n = qty / case_pack
  return ` (${n} ${n === 1 ? 'case' : 'cases'} of ${case_pack})`
}

const dayNo = (iso: string) => dayNumber(iso.slice(0, 10))

/** YYYY-MM-DD plus n days. */
export function addDays(iso: string, n: number): string {
  return dateOfDay(dayNo(iso) + n)
}

/** Whole days from a to b (b - a), both YYYY-MM-DD (or ISO instants: their UTC day). */
export function daysBetween(a: string, b: string): number {
  return dayNo(b) - dayNo(a)
}
