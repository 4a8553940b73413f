/**
 * Auto-approval by the approval rules (lib/actions/rules.ts), pure: when an agent opens an alert,
 * or materially updates one still waiting for a person (a new revision), and its recommendation
 * executes (EXECUTABLE_ACTIONS) at level 'auto', the rule approves it in the same write: the next
 * version is 'approved', its transition's actor is the system as `rule:v<N>`, its reason names the
 * rule and the value, and it records the rule version.
 *
 * Not auto-approved: snoozed alerts (a person chose to look later; they decide when it wakes),
 * alerts someone already decided or that ended, an update that changed nothing material, a new
 * episode on a scope whose last alert expired (its action died: the same rule would send the same
 * action into the same failure at every sweep, so a person looks first), and whatever the rules
 * send to a person.
 *
 * The approval is stamped 1 ms after the write it follows, so an alert's history (ordered by time)
 * reads open, then approved.
 */
import { applyDecision } from '@/lib/alerts/lifecycle'
import type { AlertRecord, AlertTransition } from '@/lib/alerts/types'
import { requiredApprover, type RuleSetVersion } from './rules'
import { EXECUTABLE_ACTIONS } from './types'

export const ruleActorId = (version: number) => `rule:v${version}`

/**
 * The approved version and its transition when the rules approve `next` by themselves, else null.
 * `prev` is the alert's version before this write (null when the agent opens it).
 */
export function autoApproval(
  rules: Pick<RuleSetVersion, 'version' | 'rules'>,
  prev: Pick<AlertRecord, 'id' | 'revision' | 'status'> | null,
  next: AlertRecord,
  now: string,
  transitionId: string,
): { alert: AlertRecord; transition: AlertTransition & { rule_version: number } } | null {
  if (next.status !== 'open' && next.status !== 'acknowledged') return null
  const fresh = !prev || prev.id !== next.id
  if (!fresh && next.revision <= prev.revision) return null
  if (fresh && prev?.status === 'expired') return null
  if (!(EXECUTABLE_ACTIONS as readonly string[]).includes(next.recommendation.action)) return null
  const need = requiredApprover(rules, next)
  if (need.level !== 'auto') return null
  const at = new Date(Date.parse(now) + 1).toISOString()
  const step = applyDecision(next, { decision: 'approve', reason: need.reason }, { kind: 'system', id: ruleActorId(rules.version), name: `approval rules v${rules.version}` }, at, transitionId)
  if (!step.ok) return null
  return { alert: step.alert, transition: { ...step.transition, rule_version: rules.version } }
}
