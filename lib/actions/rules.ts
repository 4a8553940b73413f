/**
 * Approval rules (issue 15): who must approve a recommendation before it may change stock or
 * price, by action type and value. Pure: no I/O. Storage and versions: lib/actions/rules-store.ts.
 *
 * The value a rule compares is the recommendation's `cost`: the money doing it commits (a
 * reorder's order value at cost, an expedite's fee, a transfer's cost, a reallocation's cost, a
 * markdown's margin given up), not the margin it protects. After a person modifies the quantity
 * it is that cost scaled to the decided quantity (cost / recommended quantity x decided quantity;
 * for a transfer, whose cost has a fixed part, this is close, not exact).
 *
 * Per action type, two thresholds X <= Y (money, the deployment's currency):
 *   value <  X  -> 'auto': executes without a person (the rule approves it);
 *   X <= value <= Y -> 'planner': a planner (or an operations manager, or an admin) approves;
 *   value >  Y  -> 'ops_manager': an operations manager (or an admin) approves.
 * Never 'auto', whatever the value (at least 'planner'):
 *   - critical alerts;
 *   - low-confidence recommendations: replenishment exceptions (their mandate: never without a
 *     person), and any recommendation whose confidence is below the configured floor;
 *   - a value that is not a finite number >= 0 (then 'ops_manager': nothing to compare, so the
 *     most senior approver).
 * A card that executes nothing (investigate) is never auto-approved; anyone who may decide does.
 *
 * No schema library here (the inbox's cards import it): the rule set's validation is
 * lib/actions/rules-schema.ts.
 */
import type { AlertRecord } from '@/lib/alerts/types'
import { may, type Role } from '@/lib/auth/roles'
import { EXECUTABLE_ACTIONS, type ExecutableAction } from './types'

export type ApprovalLevel = 'auto' | 'planner' | 'ops_manager'

export interface ActionThresholds {
  /** X: below this value the action runs without a person. */
  auto_below: number
  /** Y: up to this value a planner approves; above it an operations manager. */
  planner_up_to: number
}

export interface ApprovalRules {
  thresholds: Record<ExecutableAction, ActionThresholds>
  /** Recommendations with a confidence (0..1) below this never run without a person. */
  confidence_floor: number
}

/** One stored version of the rules. */
export interface RuleSetVersion {
  version: number
  rules: ApprovalRules
  /** User id of the admin who saved it; 'system' for the defaults. */
  changed_by: string
  changed_at: string
  reason: string
}

/**
 * Version 1, in force until an admin saves another. Routine reorders of the demo's everyday goods
 * (tens to a few hundred at cost) run by themselves; an order of 500 or more asks a planner and
 * one over 5,000 an operations manager. Expedite fees are extra money spent, so they ask for a
 * person sooner; markdowns give margin away and always ask for one (X = 0).
 */
export const DEFAULT_RULES: ApprovalRules = {
  thresholds: {
    reorder: { auto_below: 500, planner_up_to: 5_000 },
    expedite: { auto_below: 100, planner_up_to: 1_000 },
    transfer: { auto_below: 250, planner_up_to: 2_500 },
    reallocate: { auto_below: 250, planner_up_to: 2_500 },
    markdown: { auto_below: 0, planner_up_to: 1_000 },
  },
  confidence_floor: 0.5,
}

export const DEFAULT_RULE_SET: RuleSetVersion = { version: 1, rules: DEFAULT_RULES, changed_by: 'system', changed_at: '1970-01-01T00:00:00.000Z', reason: 'defaults' }

/** The words for each action's value on a card ("order value 12,400"). */
export const VALUE_NOUN: Record<ExecutableAction, string> = {
  reorder: 'order value',
  expedite: 'expedite fee',
  transfer: 'transfer cost',
  reallocate: 'reallocation cost',
  markdown: 'margin given up',
}

export const LEVEL_WORDS: Record<ApprovalLevel, string> = { auto: 'no one (the rule approves it)', planner: 'a planner', ops_manager: 'an operations manager' }

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
export const formatMoney = (v: number) => fmt.format(v)

const isExecutable = (a: string): a is ExecutableAction => (EXECUTABLE_ACTIONS as readonly string[]).includes(a)

export type RuleSubject = Pick<AlertRecord, 'type' | 'severity' | 'confidence' | 'recommendation'>

/**
 * The money the recommendation commits: its cost, or after a modification its cost scaled to the
 * decided quantity.
 */
export function approvalValue(alert: RuleSubject, decidedQuantity?: number | null): number {
  const { cost, quantity } = alert.recommendation
  if (decidedQuantity === undefined || decidedQuantity === null || decidedQuantity === quantity) return cost
  if (!(quantity > 0)) return cost
  return Math.round(((cost / quantity) * decidedQuantity) * 100) / 100
}

export interface Requirement {
  level: ApprovalLevel
  /** One line for the card and the transition: "needs an operations manager: order value 12,400 above 5,000". */
  reason: string
  /** The money compared, or null for a card that executes nothing. */
  value: number | null
  rule_version: number
}

/** Who must approve `alert`'s recommendation (at `decidedQuantity` after a modification) under `set`. */
export function requiredApprover(set: Pick<RuleSetVersion, 'version' | 'rules'>, alert: RuleSubject, decidedQuantity?: number | null): Requirement {
  const action = alert.recommendation.action
  const v = set.version
  if (!isExecutable(action)) return { level: 'planner', reason: `needs a planner: an ${action} card changes no stock, so no rule runs it`, value: null, rule_version: v }
  const value = approvalValue(alert, decidedQuantity)
  const noun = VALUE_NOUN[action]
  if (!Number.isFinite(value) || value < 0) return { level: 'ops_manager', reason: `needs an operations manager: the ${noun} (${String(value)}) is not a usable amount`, value, rule_version: v }
  const t = set.rules.thresholds[action]
  const shown = `${noun} ${formatMoney(value)}`
  if (value > t.planner_up_to) return { level: 'ops_manager', reason: `needs an operations manager: ${shown} above ${formatMoney(t.planner_up_to)}`, value, rule_version: v }

  const blocked =
    alert.severity === 'critical'
      ? 'a critical alert never runs without a person'
      : alert.type === 'replenishment_exception'
        ? 'a replenishment exception never runs without a person'
        : alert.confidence < set.rules.confidence_floor
          ? `confidence ${formatMoney(alert.confidence)} is below the floor ${formatMoney(set.rules.confidence_floor)}`
          : null
  if (blocked) return { level: 'planner', reason: `needs a planner: ${blocked} (${shown})`, value, rule_version: v }
  if (value < t.auto_below) return { level: 'auto', reason: `approved by rule v${v}: ${action} with ${shown} below ${formatMoney(t.auto_below)}`, value, rule_version: v }
  return { level: 'planner', reason: `needs a planner: ${shown} from ${formatMoney(t.auto_below)} to ${formatMoney(t.planner_up_to)}`, value, rule_version: v }
}

/** Whether a person of `role` may approve (or modify) at `level`. Executives never decide. */
export function mayApprove(role: Role, level: ApprovalLevel): boolean {
  if (level === 'ops_manager') return may({ role }, 'approve_ops_manager_level')
  return may({ role }, 'approve_planner_level')
}

/**
 * API keys with the actions scope approve as a planner does: up to Y. Above Y an operations
 * manager decides in person, so a machine can never let the largest commitments through.
 */
export const keyMayApprove = (level: ApprovalLevel): boolean => level !== 'ops_manager'

/**
 * What a card says about who must approve it: "Needs an operations manager: order value 12,400
 * above 5,000 (rules v3)"; for a value within the automatic limit (a card that opened before the
 * rules changed, say) that anyone who may decide can approve it.
 */
export function approverLine(need: Requirement): string {
  if (need.level === 'auto') return `Anyone who may decide can approve: ${need.reason.replace(/^approved by rule v\d+: /, '')} (rules v${need.rule_version})`
  return `${need.reason[0].toUpperCase()}${need.reason.slice(1)} (rules v${need.rule_version})`
}
