/**
 * What every agent's worker does with its decisions: for each (type, scope) it evaluated, alert
 * hygiene (lib/alerts/hygiene.ts) turns the finding (or its absence) into the next version of the
 * alert, or nothing; this writes the versions and transitions and pushes the changed cards.
 *
 * Keys are locked first (lib/alerts/store.ts), then read, so a planner's decision in the same
 * instant is never overwritten; a key someone holds is skipped and handed back to the caller to
 * look at again. Hygiene's streaks (ScopeTrack) live in one Redis hash per deployment; a key with
 * no alert and no streak above its open threshold keeps no entry, so the hash stays as small as
 * the set of alerts and near-alerts, not the catalogue.
 */
import { executeApproved, type ExecuteDeps } from '@/lib/actions/execute'
import { randomUUID } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import { activeAlertScopesAt, currentAlertsByKey } from '@/lib/clickhouse/queries/alerts'
import { alertKey, evaluate } from '@/lib/alerts/hygiene'
import { lockKeys, nextVersion, writeAlerts } from '@/lib/alerts/store'
import { alertTracksKey } from '@/lib/redis-keys'
import { autoApproval } from '@/lib/actions/auto-approve'
import { currentRules } from '@/lib/actions/rules-store'
import { ACTIVE_STATUSES, type AgentFinding, type AlertRecord, type AlertScope, type AlertTransition, type AlertType, type HysteresisRule, type ScopeTrack } from '@/lib/alerts/types'

/** One (type, scope) an agent looked at: the signal it measured and, if it would alert, the card. */
export interface Evaluation {
  type: AlertType
  scope: AlertScope
  signal: number
  finding: AgentFinding | null
  rule: HysteresisRule
  /** A stock-out alert open for this scope suppresses its low-stock alert. */
  suppressed?: boolean
  /**
   * Instead of `suppressed` when that alert's key is in the same write: suppressed while the alert
   * of this key is active (open or snoozed, awaiting a person) or was written by this same write.
   */
  suppressedWhileActive?: string
  /** How to say why it cleared ("stockout probability fell to 12 %"). */
  clearText?: string
}

export interface ApplyResult {
  evaluated: number
  /** Alerts written (an auto-approved one counts once, though it gets two versions). */
  written: number
  opened: number
  cleared: number
  /** Keys held by someone else (a person deciding): look at them again later. */
  skipped: Evaluation[]
  /** Alerts the approval rules approved by themselves in this write. */
  auto_approved: number
}

const isActive = (a: AlertRecord) => (ACTIVE_STATUSES as readonly string[]).includes(a.status)
const HOLDING: readonly string[] = ['approved', 'modified', 'rejected', 'executed']

export async function applyEvaluations(deps: ExecuteDeps, evaluations: Evaluation[], now = new Date().toISOString()): Promise<ApplyResult> {
  const result: ApplyResult = { evaluated: evaluations.length, written: 0, opened: 0, cleared: 0, skipped: [], auto_approved: 0 }
  if (!evaluations.length) return result
  const byKey = new Map(evaluations.map((e) => [alertKey(e.type, e.scope), e]))
  const { locked, release } = await lockKeys(deps, [...byKey.keys()])
  const lockedSet = new Set(locked)
  for (const [k, e] of byKey) if (!lockedSet.has(k)) result.skipped.push(e)
  try {
    if (!locked.length) return result
    const tracksKey = alertTracksKey(deps.prefix)
    const [current, trackJson, rules] = await Promise.all([currentAlertsByKey(deps.clickhouse.interactive, locked), deps.redis.hmget(tracksKey, ...locked), currentRules(deps)])
    const approvedByRule: { alert: AlertRecord; transition: AlertTransition & { rule_version: number } }[] = []
    const versions: (AlertRecord & { version: number })[] = []
    const transitions: AlertTransition[] = []
    const notify = new Set<string>()
    // Each key's alert as this write leaves it (suppressedWhileActive reads it).
    const latestOf = new Map<string, AlertRecord>(current)
    const writtenNow = new Set<string>()
    const keep: Record<string, string> = {}
    const drop: string[] = []
    locked.forEach((key, i) => {
      const e = byKey.get(key)!
      const prev = current.get(key) ?? null
      const track = trackJson[i] ? (JSON.parse(trackJson[i]!) as ScopeTrack) : null
      const by = e.suppressedWhileActive
      // Active (awaiting a person), or written in this same write (its recommendation is tonight's
      // order: both cards executing would send the stock twice).
      const suppressed = by && lockedSet.has(by) ? writtenNow.has(by) || (!!latestOf.get(by) && isActive(latestOf.get(by)!)) : e.suppressed
      const out = evaluate({ prev, track, finding: e.finding, signal: e.signal, key, rule: e.rule, now, newId: randomUUID, suppressed, clearText: e.clearText })
      if (out.alert) {
        const written = { ...out.alert, version: nextVersion(prev) }
        versions.push(written)
        if (out.transition) transitions.push(out.transition)
        // Opened or materially updated, executable, and under the rules' auto level: the rule
        // approves it in this same write, under the same lock (lib/actions/auto-approve.ts).
        const auto = autoApproval(rules, prev, out.alert, now, randomUUID())
        if (auto) {
          versions.push({ ...auto.alert, version: written.version + 1 })
          transitions.push(auto.transition)
          approvedByRule.push(auto)
          out.alert = auto.alert
        }
        latestOf.set(key, out.alert)
        writtenNow.add(key)
        // Every written card is pushed so that open inboxes show it as it is; hygiene's `notify`
        // (a material change) is what the card itself marks as news.
        notify.add(out.alert.id)
        if (out.transition?.to === 'open' && out.transition.from === 'none') result.opened++
        if (out.alert.status === 'cleared' && prev?.status !== 'cleared') result.cleared++
      }
      // Keep the streaks while they matter: an alert is active, a decided one holds its scope
      // until the condition clears (hygiene's hold_released), or a streak is building.
      const latest = out.alert ?? prev
      const matters = out.track.above > 0 || (!!latest && (isActive(latest) || HOLDING.includes(latest.status)))
      if (matters) keep[key] = JSON.stringify(out.track)
      else if (track) drop.push(key)
    })
    if (versions.length) await writeAlerts(deps, versions, transitions, notify)
    result.written = versions.length - approvedByRule.length
    result.auto_approved = approvedByRule.length
    // Each alert the rule approved becomes an action record, queued for delivery, still under the
    // keys' locks and after its approved version landed. A failure here is repaired when the
    // deliver worker next starts (lib/actions/repair.ts): the approved row is the record.
    for (const { alert, transition } of approvedByRule) {
      const rule_version = transition.rule_version ?? 0
      await executeApproved(deps, alert, transition, { kind: 'rule', rule_version }, rule_version)
    }
    if (Object.keys(keep).length) await deps.redis.hset(tracksKey, keep)
    if (drop.length) await deps.redis.hdel(tracksKey, ...drop)
    return result
  } finally {
    await release()
  }
}

/**
 * Evaluations (signal 0, no finding) for the alerts of `type` at `location` that are active or
 * hold their scope after a decision, and whose scope the agent did not judge this time (the PO
 * was received, the order is no longer recommended): hygiene clears them after `clear_after`
 * such evaluations, or releases a decided alert's hold, instead of leaving them open for ever.
 */
export async function unjudgedEvaluations(
  ch: ClickHouseClient,
  location: string,
  type: AlertType,
  judged: readonly Evaluation[],
  rule: HysteresisRule,
  clearText: string,
): Promise<Evaluation[]> {
  const seen = new Set(judged.map((e) => alertKey(e.type, e.scope)))
  const scopes = await activeAlertScopesAt(ch, { location, type, statuses: [...ACTIVE_STATUSES, ...HOLDING] })
  return scopes
    .filter((scope) => !seen.has(alertKey(type, scope)))
    .map((scope) => ({ type, scope, signal: 0, finding: null, rule, clearText }))
}
