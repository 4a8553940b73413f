/**
 * The vocabulary of value (issue 16): what one SKU-location-day cost and earned under a policy in
 * the simulation, and what one executed decision was estimated and settled at on real data. Types
 * only; shared by the simulator's recorder, bench:value, the settlement job and the report.
 * Money is in the deployment's currency (config CURRENCY); units are units; dates are UTC days.
 */
import type { UseCase } from './use-cases'

/** Which run of the same demand a row belongs to. */
export const POLICY_RUNS = ['baseline', 'stockpulse'] as const
export type PolicyRun = (typeof POLICY_RUNS)[number]

/**
 * One SKU-location-day of one run, as lived (ground truth, physical stock): the row of
 * `{truth_db}.value_daily`. A day a decision touched carries the use case it is attributed to;
 * when decisions of several use cases touch the same pair-day, there is one row per use case and
 * `weight` (summing to 1 over them) splits it; every figure is read as sum(weight * figure).
 * Both runs' rows of a pair-day carry the same use cases and weights (the StockPulse run's), so
 * the difference of the two is attributed where it arose.
 */
export interface PairDayOutcome {
  date: string
  sku: string
  location: string
  policy: PolicyRun
  use_case: UseCase
  weight: number
  /** True unconstrained demand, units served from stock, units turned away (demand - sold). */
  demand: number
  sold: number
  lost: number
  /** Sales at the shelf price of the day, and their cost (unit cost x sold). */
  revenue: number
  cogs: number
  /** Margin of the lost units at the day's shelf price: lost x (price - unit cost). */
  lost_margin: number
  /** Physical on hand at the end of the day, in units and at unit cost. */
  inventory_units: number
  inventory_cost: number
  /** Inventory at cost x annual carrying rate / 365 (config CARRYING_RATE, default 0.25). */
  carrying_cost: number
  /** Fees of expedites and cost of transfers shipped from or to this pair that day. */
  expedite_cost: number
  transfer_cost: number
  /** Regular price minus shelf price, times units sold below regular (the margin given away). */
  markdown_cost: number
  /** Units written off (shrink, damage, spoilage, unsold at season end) at unit cost. */
  writeoff_cost: number
  /** 1 when stock arrived at the pair that day (a PO receipt or a transfer in): cycles are counted between receipts. */
  receipts: number
}

/** How a decision's estimate was settled when its horizon ended (lib/value/settle.ts). */
export const SETTLEMENT_OUTCOMES = [
  'stockout_prevented', // the pair came close to zero in the horizon and the action's units were sold
  'stockout_not_threatened', // stock never came close: the units were not needed in the horizon
  'stockout_not_prevented', // the pair ran out anyway
  'units_sold', // transferred / reallocated / marked-down units sold in the horizon
  'units_unsold', // they did not sell
  'not_executed', // the action never took effect (dead, rejected by the receiver)
] as const
export type SettlementOutcome = (typeof SETTLEMENT_OUTCOMES)[number]

/** One executed decision's value, estimated when decided and settled when its horizon ended: a row of `action_settlements`. */
export interface ActionSettlement {
  action_id: string
  alert_id: string
  use_case: UseCase
  kind: string
  sku: string
  location: string
  decided_at: string
  /** Last day (UTC) of the horizon the estimate was about. */
  horizon_end: string
  /** Margin protected or cost avoided, as estimated at decision time (the action's `value`). */
  estimated_value: number
  /** The same measure, from what happened in the horizon. */
  settled_value: number
  outcome: SettlementOutcome
  /** The figures behind the settlement, one sentence ("sold 40 of 48 units; on hand fell to 3"). */
  detail: string
  settled_at: string
}
