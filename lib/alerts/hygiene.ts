/**
 * Alert hygiene as one pure function: given the latest version of the (type, scope)'s latest alert,
 * the counters kept for the scope and this evaluation's finding, what to write and whether to
 * notify. No I/O; the caller appends `alert` and `transition` when they are not null, stores
 * `track` for the key, and notifies when `notify` is true.
 *
 * Rules (DESIGN.md "Queues and agents"):
 *   - One alert per key at a time. While an alert is active (open, acknowledged, snoozed) every
 *     evaluation updates it in place: same id, a new version row.
 *   - Hysteresis. Each evaluation counts as above (signal >= rule.open), below (signal < rule.clear)
 *     or in the band between (neither; a signal that is not a number counts as neither). The
 *     counters are consecutive runs: an evaluation that is not above resets `above`, one that is not
 *     below resets `below`. An alert opens when `above` reaches rule.open_after, and an active alert
 *     clears when `below` reaches rule.clear_after; in the band nothing opens or clears.
 *   - Clearing: status 'cleared', `cleared_reason` = `clearText` or a sentence with the signal, by
 *     the agent. Clearing does not notify (the card changes live; good news pages nobody).
 *   - Material change (material.ts) bumps `revision`, writes a version and notifies. An immaterial
 *     change writes NOTHING: the card keeps the figures of its last material change, and storage
 *     does not grow by a row per evaluation. Only `track` changes every evaluation.
 *   - Snooze: a snoozed alert does not notify before `snoozed_until`, whatever updates arrive (it
 *     still takes material updates and may clear). At or after `snoozed_until` it returns to 'open'
 *     (by the system) and notifies if it is still active. A snoozed alert without a wake time wakes.
 *   - Decided episodes. After approved, modified, rejected or executed, the scope stays quiet until
 *     the condition has cleared (rule.clear_after evaluations below rule.clear): the planner decided
 *     this episode, and re-raising it while the same condition persists would overrule them. The
 *     track remembers the decided alert whose condition cleared (`hold_released`); after that a new
 *     episode (a new id) opens by the ordinary rule. After 'cleared' (hysteresis has already run)
 *     and 'expired' (nobody decided; silence would hide a live risk) a new episode opens by the
 *     ordinary rule.
 *     A rule with rearm_after_action_days re-arms a scope whose action ran (the alert 'executed':
 *     delivered) that long ago while the condition persists (the action was not enough); an approval
 *     whose action has not been delivered yet, and a rejection, hold until the condition clears. A
 *     dead action expires its alert, and the scope opens by the ordinary rule.
 *   - Suppression: `suppressed` (a stock-out alert is open for the scope, so low stock is
 *     suppressed) never opens an alert, and clears an active one at once with the reason
 *     "superseded by the stock-out alert".
 *   - Replays. Delivery is at least once: an evaluation at the same instant as the track's last one
 *     is a replay and does not move the counters; an evaluation older than it is out of order and
 *     changes nothing.
 *
 * Transition ids are derived (hygieneTransitionId): alert id, revision, from and to (and the wake
 * time for a snooze ending), so re-running an evaluation on the same stored state yields the same
 * ids and the append is idempotent. A new alert's id comes from `newId`: pass a deterministic one
 * (e.g. from the key and the evaluation time) to make opening idempotent as well.
 */
import { materialChanges } from './material'
import type { Actor, AgentFinding, AlertRecord, AlertScope, AlertStatus, AlertTransition, AlertType, HysteresisRule, ScopeTrack } from './types'
import { ACTIVE_STATUSES } from './types'

export interface EvaluateInput {
  /** The latest version of the key's latest alert, any status; null if the key never had one. */
  prev: AlertRecord | null
  /** The key's counters from the last evaluation; null on the first. */
  track: ScopeTrack | null
  /** The agent's card for this scope, or null when it has none (the signal still counts). */
  finding: AgentFinding | null
  /** The measured condition, in the rule's unit. */
  signal: number
  key: string
  rule: HysteresisRule
  /** ISO instant of this evaluation. */
  now: string
  newId: () => string
  /** A stock-out alert is open for the scope: this (low-stock) alert must not be open. */
  suppressed?: boolean
  /** The sentence to clear with ("stockout probability fell to 12 %, below 30 %"). */
  clearText?: string
}

export interface EvaluateResult {
  /** The new version to append; null: nothing to write. */
  alert: AlertRecord | null
  transition: AlertTransition | null
  /** Always: the key's counters to store. */
  track: ScopeTrack
  notify: boolean
}

/** Statuses after which a new episode waits for the condition to clear first. */
const HOLDING: readonly AlertStatus[] = ['approved', 'modified', 'rejected', 'executed']

export const SUPERSEDED_REASON = 'superseded by the stock-out alert'
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: 'system' }
export const agentActor = (agent: string): Actor => ({ kind: 'agent', id: `agent:${agent}`, name: `${agent} agent` })

/** The key of one (type, scope); a stale-data feed or a model-drift segment is its sixth part. */
export const alertKey = (type: AlertType, s: AlertScope): string => {
  const extra = s.feed || s.segment
  return `${type}|${s.sku}|${s.location}|${s.channel}|${s.supplier}${extra ? `|${extra}` : ''}`
}

export const isActive = (s: AlertStatus): boolean => (ACTIVE_STATUSES as readonly AlertStatus[]).includes(s)

/** `${alertId}:r${revision}:${from}>${to}`, plus `@${wakeOf}` for a snooze ending (a snooze can end more than once per revision). */
export function hygieneTransitionId(alertId: string, revision: number, from: AlertStatus | 'none', to: AlertStatus, wakeOf?: string | null): string {
  return `${alertId}:r${revision}:${from}>${to}${wakeOf ? `@${wakeOf}` : ''}`
}

function checkRule(r: HysteresisRule): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 1
  if (!(r.clear <= r.open) || !whole(r.open_after) || !whole(r.clear_after)) {
    throw new RangeError(`bad hysteresis rule: clear ${r.clear} must be <= open ${r.open}, open_after ${r.open_after} and clear_after ${r.clear_after} whole numbers >= 1`)
  }
}

function instant(s: string, what: string): number {
  const t = Date.parse(s)
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not an ISO instant: ${s}`)
  return t
}

const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : String(n))
const times = (n: number) => `${n} consecutive evaluation${n === 1 ? '' : 's'}`

/** The counters after one evaluation (a replay at the same instant leaves them as they were). */
export function advanceTrack(track: ScopeTrack | null, key: string, signal: number, rule: HysteresisRule, now: string): ScopeTrack {
  const replay = track !== null && instant(now, 'now') === instant(track.last_evaluated_at, 'track.last_evaluated_at')
  const above = signal >= rule.open
  const below = signal < rule.clear
  const prevAbove = track?.above ?? 0
  const prevBelow = track?.below ?? 0
  // A per-day rule counts a run once per UTC day: the same day seen again keeps the count.
  const sameDay = !!rule.per_day && track !== null && now.slice(0, 10) === track.last_evaluated_at.slice(0, 10)
  const step = (prev: number) => (sameDay && prev > 0 ? prev : prev + 1)
  return {
    key,
    above: replay ? prevAbove : above ? step(prevAbove) : 0,
    below: replay ? prevBelow : below ? step(prevBelow) : 0,
    last_signal: signal,
    last_evaluated_at: now,
    hold_released: track?.hold_released ?? null,
  }
}

/** What a card shows of a finding: written when it opens and on each material change. */
function figuresOf(finding: AgentFinding, signal: number) {
  const { severity, value_at_risk, why, recommendation, confidence, agent, model_version } = finding
  return { severity, value_at_risk, signal, why, recommendation, confidence, agent, model_version, chart: finding.chart ?? null }
}

function openNew(input: EvaluateInput, finding: AgentFinding, track: ScopeTrack): EvaluateResult {
  const id = input.newId()
  const alert: AlertRecord = {
    id,
    key: input.key,
    type: finding.type,
    scope: finding.scope,
    status: 'open',
    ...figuresOf(finding, input.signal),
    opened_at: input.now,
    updated_at: input.now,
    snoozed_until: null,
    revision: 1,
    cleared_reason: null,
    decided_quantity: null,
  }
  const q = finding.recommendation.quantity
  const transition: AlertTransition = {
    alert_id: id,
    transition_id: hygieneTransitionId(id, 1, 'none', 'open'),
    at: input.now,
    actor: agentActor(finding.agent),
    from: 'none',
    to: 'open',
    reason: `signal ${fmt(input.signal)} at or above ${fmt(input.rule.open)} for ${times(track.above)}`,
    quantity_before: q,
    quantity_after: q,
    revision: 1,
  }
  return { alert, transition, track, notify: true }
}

function clearActive(prev: AlertRecord, reason: string, now: string, track: ScopeTrack): EvaluateResult {
  const alert: AlertRecord = { ...prev, status: 'cleared', cleared_reason: reason, snoozed_until: null, updated_at: now }
  const q = prev.recommendation.quantity
  const transition: AlertTransition = {
    alert_id: prev.id,
    transition_id: hygieneTransitionId(prev.id, prev.revision, prev.status, 'cleared'),
    at: now,
    actor: agentActor(prev.agent),
    from: prev.status,
    to: 'cleared',
    reason,
    quantity_before: q,
    quantity_after: q,
    revision: prev.revision,
  }
  return { alert, transition, track, notify: false }
}

function updateActive(input: EvaluateInput, prev: AlertRecord, track: ScopeTrack): EvaluateResult {
  const { finding, now } = input
  if (input.suppressed) return clearActive(prev, SUPERSEDED_REASON, now, track)
  if (track.below >= input.rule.clear_after) {
    const reason = input.clearText ?? `Condition cleared: the signal was ${fmt(input.signal)}, below ${fmt(input.rule.clear)}, for ${times(track.below)}.`
    return clearActive(prev, reason, now, track)
  }
  const woke = prev.status === 'snoozed' && (prev.snoozed_until === null || instant(now, 'now') >= instant(prev.snoozed_until, 'snoozed_until'))
  const changes = finding ? materialChanges(prev, finding) : []
  if (!woke && changes.length === 0) return { alert: null, transition: null, track, notify: false }

  const status: AlertStatus = woke ? 'open' : prev.status
  const revision = changes.length > 0 ? prev.revision + 1 : prev.revision
  let alert: AlertRecord = { ...prev, status, snoozed_until: woke ? null : prev.snoozed_until, updated_at: now, revision }
  if (finding && changes.length > 0) {
    alert = { ...alert, ...figuresOf(finding, input.signal) }
  }
  const transition: AlertTransition = {
    alert_id: prev.id,
    transition_id: hygieneTransitionId(prev.id, revision, prev.status, status, woke ? (prev.snoozed_until ?? 'unset') : null),
    at: now,
    actor: woke ? SYSTEM_ACTOR : agentActor(alert.agent),
    from: prev.status,
    to: status,
    reason: (woke ? ['snooze ended', ...changes] : changes).join('; '),
    quantity_before: prev.recommendation.quantity,
    quantity_after: alert.recommendation.quantity,
    revision,
  }
  return { alert, transition, track, notify: status !== 'snoozed' }
}

/** One evaluation of one key: see the module comment for the rules. */
export function evaluate(input: EvaluateInput): EvaluateResult {
  const { prev, track: before, finding, key, rule } = input
  checkRule(rule)
  if (prev && prev.key !== key) throw new Error(`alert ${prev.id} has key ${prev.key}, evaluated as ${key}`)
  if (before && before.key !== key) throw new Error(`track for ${before.key} evaluated as ${key}`)
  if (finding && alertKey(finding.type, finding.scope) !== key) throw new Error(`finding for ${alertKey(finding.type, finding.scope)} evaluated as ${key}`)
  if (before && instant(input.now, 'now') < instant(before.last_evaluated_at, 'track.last_evaluated_at')) {
    return { alert: null, transition: null, track: before, notify: false }
  }

  const track = advanceTrack(before, key, input.signal, rule, input.now)
  if (prev && isActive(prev.status)) return updateActive(input, prev, track)

  const holding = prev !== null && HOLDING.includes(prev.status)
  if (holding && track.below >= rule.clear_after) track.hold_released = prev.id
  // Only where the action ran ('executed': delivered). An approval whose action is still on its way
  // holds (re-armed, a second order for the same need would go when the first arrives); one whose
  // action died has expired (lib/actions/records.ts) and does not hold at all.
  if (holding && rule.rearm_after_action_days !== undefined && prev.status === 'executed' && instant(input.now, 'now') - instant(prev.updated_at, 'prev.updated_at') >= rule.rearm_after_action_days * 86_400_000) {
    track.hold_released = prev.id
  }
  const armed = !holding || track.hold_released === prev?.id
  if (!armed || input.suppressed || !finding || track.above < rule.open_after) return { alert: null, transition: null, track, notify: false }
  return openNew(input, finding, track)
}
