/**
 * A person's (or a key's) decision on an alert, as it is carried out: under the alert's key lock,
 * the alert read again, the revision checked, the lifecycle's step (lib/alerts/lifecycle.ts), the
 * approval rules' level checked against who decides, the new version written and, for an approved
 * or modified recommendation that changes stock, its action made and queued (execute.ts).
 * The alerts API (server/api/alerts.ts) answers HTTP from the outcome; bench:value's planner model
 * decides through the same function.
 */
import { alertWithId } from '@/lib/clickhouse/queries/alerts'
import { applyDecision, type DecisionInput } from '@/lib/alerts/lifecycle'
import { nextVersion, withKeyLock, writeAlerts } from '@/lib/alerts/store'
import type { Actor, AlertStatus } from '@/lib/alerts/types'
import { logger } from '@/lib/log'
import { executeApproved, type ExecuteDeps } from './execute'
import { isExecutable } from './records'
import { LEVEL_WORDS, requiredApprover, type ApprovalLevel, type RuleSetVersion } from './rules'
import type { ApprovedBy } from './types'

const log = logger('actions:decide')

export type DecideOutcome =
  | { kind: 'done' }
  | { kind: 'not_found' }
  | { kind: 'conflict'; message: string; status: AlertStatus; revision: number }
  | { kind: 'invalid'; field: string; message: string }
  /** The rules ask for a higher level than the decider's: `message` says who must. */
  | { kind: 'refused'; message: string }
  /** Someone else holds the alert's lock: retry. */
  | { kind: 'busy' }

export interface Decider {
  actor: Actor
  /** May this decider approve at `level`? */
  mayApprove: (level: ApprovalLevel) => boolean
  /** Words for a refusal ("a planner may not approve it"). */
  refusal: string
}

/** Decide alert `id` (already found, and visible to the decider) under `rules`, stamped `now`. */
export async function decideAlert(
  deps: ExecuteDeps,
  id: string,
  key: string,
  body: DecisionInput & { revision?: number },
  decider: Decider,
  rules: Pick<RuleSetVersion, 'version' | 'rules'>,
  now: string,
  transitionId: string,
): Promise<DecideOutcome> {
  const outcome = await withKeyLock(deps, key, async (): Promise<DecideOutcome> => {
    // Read again under the lock: an agent or another person may have written since.
    const current = await alertWithId(deps.clickhouse.interactive, id)
    if (!current) return { kind: 'not_found' }
    if (body.revision !== undefined && body.revision !== current.revision) {
      return { kind: 'conflict', message: `the alert changed since revision ${body.revision}; it is ${current.status} at revision ${current.revision}`, status: current.status, revision: current.revision }
    }
    const step = applyDecision(current, body, decider.actor, now, transitionId)
    if (!step.ok) {
      if (step.code === 'conflict') return { kind: 'conflict', message: step.message, status: step.current, revision: current.revision }
      return { kind: 'invalid', field: step.field ?? 'decision', message: step.message }
    }
    if (step.alert.status === 'approved' || step.alert.status === 'modified') {
      // Approving or modifying lets the recommendation run: the rules say who may, at the value decided.
      const need = requiredApprover(rules, current, step.alert.decided_quantity)
      if (!decider.mayApprove(need.level)) return { kind: 'refused', message: `${need.reason} (approval rules v${rules.version}); ${decider.refusal}: ${LEVEL_WORDS[need.level]} must` }
    }
    step.transition.rule_version = rules.version
    // An approved or modified recommendation that changes stock becomes an action, queued for
    // delivery before the card is pushed (the push of the card with its action is executeApproved's).
    const runs = (step.alert.status === 'approved' || step.alert.status === 'modified') && isExecutable(step.alert.recommendation.action)
    await writeAlerts(deps, [{ ...step.alert, version: nextVersion(current) }], [step.transition], new Set(runs ? [] : [current.id]))
    if (runs) {
      const approvedBy: ApprovedBy = { kind: 'person', actor: step.transition.actor }
      const made = await executeApproved(deps, step.alert, step.transition, approvedBy, rules.version)
      if (!made.ok || !made.created) {
        if (!made.ok) log.warn('approved alert made no action', { alert: current.id, reason: made.reason })
        await writeAlerts(deps, [], [], new Set([current.id]))
      }
    }
    return { kind: 'done' }
  })
  return outcome.ok ? outcome.value : { kind: 'busy' }
}
