/**
 * bench:value's planner model: the people who work the inbox once a day. A diligent planning team
 * that trusts the product: every active alert whose recommendation changes stock (reorder,
 * transfer, expedite, reallocate, markdown) and that the approval rules left for a person is
 * approved as recommended, through the same decision function the alerts API calls
 * (lib/actions/decide.ts): under the alert's lock, the lifecycle's step, the rules' level checked
 * against the decider, the version written, the action made and queued. What a planner may approve
 * (up to Y) the demo's planner approves; above Y the demo's operations manager does, as the rules
 * require. Nothing is modified, rejected or snoozed: the run measures the recommendations as made.
 * Investigate cards change no stock and are left alone.
 */
import { randomUUID } from 'node:crypto'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { alertsQuery } from '@/lib/alerts/api-schemas'
import { alertKey } from '@/lib/alerts/hygiene'
import { decideAlert, type Decider } from '@/lib/actions/decide'
import { currentRules } from '@/lib/actions/rules-store'
import { mayApprove } from '@/lib/actions/rules'
import { isExecutable } from '@/lib/actions/records'
import { findUser } from '@/lib/auth/users'
import type { ExecuteDeps } from '@/lib/actions/execute'

export interface InboxDay {
  approved: number
  /** Approvals by the operations manager (above a planner's limit). */
  escalated: number
  /** Decisions that did not go through (conflict, busy, refused): with why. */
  failed: string[]
}

async function deciderFor(id: 'u-planner' | 'u-ops'): Promise<Decider> {
  const user = await findUser(id, undefined)
  if (!user) throw new Error(`the demo's user ${id} is missing`)
  return {
    actor: { kind: 'person', id: user.id, name: user.name },
    mayApprove: (level) => mayApprove(user.role, level),
    refusal: `a ${user.role.replace('_', ' ')} may not approve it`,
  }
}

/** Work the inbox of `locations` at instant `now` (ISO): approve every recommendation awaiting a person. */
export async function workInbox(deps: ExecuteDeps, locations: readonly string[], now: string): Promise<InboxDay> {
  const [planner, ops, rules] = await Promise.all([deciderFor('u-planner'), deciderFor('u-ops'), currentRules(deps)])
  const day: InboxDay = { approved: 0, escalated: 0, failed: [] }
  for (const location of locations) {
    const answer = await listAlerts(deps.clickhouse.interactive, alertsQuery.parse({ status: 'active', location, limit: 1000 }))
    if (answer.counts.total > answer.alerts.length) throw new Error(`more than 1,000 active alerts at ${location}: raise the read limit`)
    for (const a of answer.alerts) {
      if (a.status === 'snoozed' || !isExecutable(a.recommendation.action)) continue
      const key = alertKey(a.type, a.scope)
      let out = await decideAlert(deps, a.id, key, { decision: 'approve', revision: a.revision }, planner, rules, now, randomUUID())
      if (out.kind === 'refused') {
        out = await decideAlert(deps, a.id, key, { decision: 'approve', revision: a.revision }, ops, rules, now, randomUUID())
        if (out.kind === 'done') day.escalated++
      }
      if (out.kind === 'done') day.approved++
      else day.failed.push(`${a.id} ${a.type} ${a.recommendation.action}: ${out.kind}${'message' in out ? ` ${out.message}` : ''}`)
    }
  }
  return day
}
