/**
 * The vocabulary of the decision loop, in one place: alert types, the actions an agent may
 * recommend, severities, the lifecycle's states and decisions, and the shapes that pass between
 * an agent's pure decision (lib/agents/), alert hygiene (lib/alerts/hygiene.ts), storage, the API
 * and the inbox. Types only, and the constant lists they are built from.
 */

/** What an alert is about. One agent raises one or more of these (its mandate says which). */
export const ALERT_TYPES = [
  'stockout_risk',
  'low_stock',
  'transfer_opportunity',
  'channel_conflict',
  'supplier_delay',
  'replenishment_exception',
  'phantom_inventory',
  'shrink_spike',
  'sell_through_deviation',
  'forecast_deviation',
  'stale_data',
  'model_drift',
] as const
export type AlertType = (typeof ALERT_TYPES)[number]

/** The action a card recommends; 'investigate' asks a person to look (no stock moves). */
export const ACTION_KINDS = ['reorder', 'expedite', 'transfer', 'reallocate', 'markdown', 'investigate'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]

/**
 * Lifecycle (DESIGN.md): open -> acknowledged | snoozed -> approved | modified | rejected ->
 * executed | expired | cleared. An alert whose condition clears before anyone decided it is
 * 'cleared' too, and says so on its card.
 */
export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'approved', 'modified', 'rejected', 'executed', 'expired', 'cleared'] as const
export type AlertStatus = (typeof ALERT_STATUSES)[number]

/** Statuses a person still has to act on: the inbox's default view. */
export const ACTIVE_STATUSES = ['open', 'acknowledged', 'snoozed'] as const satisfies readonly AlertStatus[]

/** What a planner can do to a card (POST /api/v1/alerts/{id}/decision). */
export const DECISIONS = ['approve', 'modify', 'reject', 'snooze', 'acknowledge'] as const
export type Decision = (typeof DECISIONS)[number]

/** Reasons offered when a planner rejects or modifies a recommendation (plus free text). */
export const DECISION_REASONS = [
  'quantity too high',
  'quantity too low',
  'stock figure wrong',
  'forecast wrong',
  'supplier issue known',
  'already handled',
  'other',
] as const
export type DecisionReason = (typeof DECISION_REASONS)[number]

/** What an alert is about: empty strings where a dimension does not apply (a supplier alert has no channel). */
export interface AlertScope {
  sku: string
  location: string
  channel: string
  /** For supplier alerts; '' otherwise. */
  supplier: string
  /**
   * stale_data only: the feed that went quiet, '<source>/<event type>' ("pos-north/sale"); absent
   * for every other alert. Part of the alert key when set (see AlertRecord.key).
   */
  feed?: string
  /**
   * model_drift only: the forecast segment whose accuracy drifted, '<kind>:<value>' ("category:Dairy",
   * "demand_class:intermittent"); absent for every other alert. Part of the alert key like `feed`.
   */
  segment?: string
}

/** The recommended action of a card. Quantities are units; money is in the deployment's currency. */
export interface Recommendation {
  action: ActionKind
  /** Units to order, expedite, transfer or reallocate; 0 for investigate. */
  quantity: number
  /** Transfers: where the stock comes from (the alert's scope location receives it). */
  from_location?: string
  /** Reallocation: units per channel, the split recommended. */
  split?: Record<string, number>
  /** Markdown: the new price. */
  price?: number
  /** Cost of doing it (order value at cost, transfer cost, expedite fee), money. */
  cost: number
  /** Margin protected or cost avoided if it is done, money: what the card ranks by with value_at_risk. */
  value: number
  /** One line a planner reads: "Order 48 units (4 cases of 12) from ACME". */
  summary: string
}

/** A small series behind "why it fired", drawn on the card (day or point labels, one or more lines). */
export interface WhyChart {
  /** x labels, e.g. dates YYYY-MM-DD. */
  x: string[]
  series: { name: string; values: number[]; unit: string }[]
  /** Horizontal reference lines (reorder point, threshold). */
  refs?: { name: string; value: number }[]
}

/**
 * What an agent's pure decision returns for one scope: the condition it judged (a signal value
 * hygiene compares against open and clear thresholds) and, when it would raise an alert, the card.
 */
export interface AgentFinding {
  type: AlertType
  scope: AlertScope
  /** The measured condition, in the unit of the agent's thresholds (e.g. stockout probability). */
  signal: number
  severity: Severity
  /** Money at risk if nothing is done (expected lost margin, value of exposed stock). */
  value_at_risk: number
  /** Why it fired, one or two sentences with the figures. */
  why: string
  recommendation: Recommendation
  /** 0..1: how much the figures behind it can be trusted (forecast interval width, history length). */
  confidence: number
  agent: string
  model_version: string
  chart?: WhyChart
}

/** Open and clear thresholds of one alert type (hysteresis), and consecutive evaluations needed. */
export interface HysteresisRule {
  /** Opens when signal >= open (after open_after consecutive evaluations at or above it). */
  open: number
  /** Clears when signal < clear (after clear_after consecutive evaluations below it); clear <= open. */
  clear: number
  open_after: number
  clear_after: number
  /**
   * Count open_after and clear_after in days, not evaluations: for signals built from whole days
   * (sell-through, forecast deviation, write-offs), the sweep every 15 minutes sees the same day
   * again, so a second evaluation on the same UTC day does not extend a run (it can still break it).
   */
  per_day?: boolean
  /**
   * After its action ran (the alert 'executed': delivered), the scope re-arms once this many days
   * have passed since the delivery even if the condition never cleared: the action was not enough
   * (cut short, landed and sold through), and that is news. Absent: the decided scope stays quiet
   * until the condition clears. An approval whose action is still on its way, and a rejection,
   * always hold until then (a re-armed card would order the same need twice).
   */
  rearm_after_action_days?: number
}

/** Who did something: a person (user id) or an agent ('agent:<name>'), and which. */
export interface Actor {
  kind: 'person' | 'agent' | 'system'
  /** User id, agent name, or 'system' (expiry, snooze ending). */
  id: string
  /** Display name ("Priya Planner", "stockout-risk agent"). */
  name: string
}

/**
 * An alert as stored: one row per version, the latest row is its current state (DESIGN.md:
 * append-only, current state = latest row). `id` names one episode of one (type, scope): a new
 * alert for the same scope after this one cleared or was decided gets a new id.
 */
export interface AlertRecord {
  id: string
  /** `${type}|${sku}|${location}|${channel}|${supplier}`, then `|${feed}` (or `|${segment}`) when scope.feed (scope.segment) is set: one open alert per key. */
  key: string
  type: AlertType
  scope: AlertScope
  status: AlertStatus
  severity: Severity
  value_at_risk: number
  signal: number
  why: string
  recommendation: Recommendation
  confidence: number
  agent: string
  model_version: string
  chart: WhyChart | null
  /** ISO instants (UTC). */
  opened_at: string
  updated_at: string
  /** While snoozed: when it wakes. */
  snoozed_until: string | null
  /** Bumped on every material change (what re-notifies); the card shows "updated". */
  revision: number
  /** Set when it cleared: why ("stockout probability fell to 12 %, below 30 %"). */
  cleared_reason: string | null
  /** The decided quantity when a person modified the recommendation. */
  decided_quantity: number | null
}

/** One lifecycle step of an alert, append-only: who, when, from which status to which, why. */
export interface AlertTransition {
  alert_id: string
  /** Unique per transition; a retry after a crash re-uses it (idempotent append). */
  transition_id: string
  at: string
  actor: Actor
  from: AlertStatus | 'none'
  to: AlertStatus
  /** Reason from DECISION_REASONS or a sentence (agent transitions), plus free text. */
  reason: string
  /** Recommended quantity before, decided quantity after (modify), else equal. */
  quantity_before: number | null
  quantity_after: number | null
  revision: number
  /**
   * The version of the approval rules (lib/actions/rules.ts) that applied to a decision, a
   * person's or the rule's own; null (stored as 0) for an agent's transitions.
   */
  rule_version?: number | null
}

/**
 * What hygiene keeps per (type, scope) between evaluations, whether or not an alert is open:
 * the consecutive evaluations above the open threshold and below the clear threshold.
 */
export interface ScopeTrack {
  key: string
  above: number
  below: number
  last_signal: number
  last_evaluated_at: string
  /**
   * The id of the last decided alert for this key (approved, modified, rejected, executed) whose
   * condition has since cleared: only then may a new episode open (hygiene.ts). Storage keeps it
   * with the counters; missing means "not cleared since", so a decided scope stays quiet.
   */
  hold_released?: string | null
}

/** Socket.IO: the event a changed alert is pushed as (payload: AlertRecord), to rooms `alerts:all` and `alerts:location:<id>`. */
export const ALERT_EVENT = 'alert'
export const alertRoom = (location: string | 'all') => (location === 'all' ? 'alerts:all' : `alerts:location:${location}`)
