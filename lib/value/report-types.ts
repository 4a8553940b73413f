/**
 * The executive value report (`GET /api/v1/reports/value`, `/reports/value`, its CSV and PDF):
 * one shape, assembled by lib/value/report.ts, rendered by the page, flattened to CSV tables and
 * printed to PDF. Money in `currency`; dates are UTC days, `from` and `to` inclusive.
 */
import type { UseCase } from './use-cases'

/** A report figure with its comparisons: baseline on the same demand (simulation only) and the previous period of equal length. */
export interface ReportFigure {
  key: string
  label: string
  unit: 'units' | 'currency' | 'percent' | 'count' | 'days' | 'ratio'
  /** The definition shown on hover (DESIGN.md wording). */
  definition: string
  value: number | null
  /** Same period, same demand, baseline static min-max policy: null where there is no counterfactual (real data). */
  baseline: number | null
  previous: number | null
}

export interface UseCaseValue {
  use_case: UseCase
  label: string
  /** Executed decisions of this use case in the period. */
  decisions: number
  /** Measured in simulation: baseline cost minus StockPulse cost (lost margin + carrying + expedite + transfer + markdown + write-offs); null on real data. */
  measured_value: number | null
  /** Sum of the decisions' estimates at decision time, and of the settled values of those whose horizon ended. */
  estimated_value: number
  settled_value: number
  /** Decisions settled, of `decisions`. */
  settled: number
  /** The outcome figures of this use case's pair-days, both runs (simulation only; null on real data). */
  lost_units: { stockpulse: number; baseline: number } | null
  lost_margin: { stockpulse: number; baseline: number } | null
  /** This use case's share of the average inventory at cost (its pair-days' daily inventory at cost summed / the period's days). */
  inventory_cost: { stockpulse: number; baseline: number } | null
}

export interface DecisionRateRow {
  by: 'agent' | 'category' | 'planner'
  key: string
  label: string
  decided: number
  accepted: number
  modified: number
  rejected: number
  acceptance_rate: number | null
  override_rate: number | null
  /** Settled value of the accepted decisions, and of the overridden ones (modified as executed). */
  value_accepted: number
  value_overridden: number
  /** Of the accepted and of the overridden decisions, how many are valued at their estimate because they are not settled yet (lib/clickhouse/queries/settlements.ts decisionRates). */
  accepted_unsettled?: number
  overridden_unsettled?: number
}

export interface ValueReport {
  from: string
  to: string
  /** The previous period of equal length, for like-for-like comparison. */
  previous: { from: string; to: string }
  currency: string
  /** 'simulation': a baseline run of the same demand exists; 'real': estimates and settlements only. */
  basis: 'simulation' | 'real'
  generated_at: string
  /** Which locations (and so which figures) the reader's scope covers: 'all' or the location ids. */
  scope: 'all' | string[]
  figures: ReportFigure[]
  use_cases: UseCaseValue[]
  /**
   * Simulation: value measured on pair-days no decision touched (the 'value' figure minus the use
   * cases' measured values, so the use cases and this add up to the total); null on real data.
   */
  unattributed_value?: number | null
  /** Per day, for the charts: value measured (simulation) or settled, and lost margin of both runs. */
  daily: { date: string; value: number; lost_margin: number; baseline_lost_margin: number | null; inventory_cost: number; baseline_inventory_cost: number | null }[]
  rates: DecisionRateRow[]
  /** How well past estimates matched their settlements. */
  calibration: { settled: number; estimated_total: number; settled_total: number; ratio: number | null; mean_abs_error: number | null }
}

