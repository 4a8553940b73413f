/**
 * After a crash between a decision's row and its action's row (or Redis refusing the action
 * then), an approved card would sit without its action. When the deliver worker starts, every such
 * card of the last days gets its action from the transition that approved it: executeApproved is
 * idempotent by (alert, transition), so a card that got its action meanwhile gets nothing twice.
 */
import { alertHistory, alertWithId, transitionOf } from '@/lib/clickhouse/queries/alerts'
import { decidedWithoutAction } from '@/lib/clickhouse/queries/actions'
import { executeApproved, type ExecuteDeps } from './execute'
import { EXECUTABLE_ACTIONS, type ApprovedBy } from './types'

/** The actions made, by alert id. `days`: how far back decisions are looked at. */
export async function repairMissingActions(deps: ExecuteDeps, days = 7, now = new Date()): Promise<string[]> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().replace('T', ' ').replace('Z', '')
  const rows = await decidedWithoutAction(deps.clickhouse.interactive, { since, kinds: [...EXECUTABLE_ACTIONS], limit: 1_000 })
  const made: string[] = []
  for (const { id } of rows) {
    const alert = await alertWithId(deps.clickhouse.interactive, id)
    if (!alert) continue
    const step = (await alertHistory(deps.clickhouse.interactive, { id })).map(transitionOf).filter((t) => t.to === alert.status).at(-1)
    if (!step) continue
    // An auto-approval's transition is the system's, naming its rule (`rule:v<N>`); a person's is theirs.
    const rule_version = step.rule_version ?? 0
    const by: ApprovedBy = step.actor.id.startsWith('rule:') ? { kind: 'rule', rule_version } : { kind: 'person', actor: step.actor }
    const r = await executeApproved(deps, alert, step, by, rule_version)
    if (r.ok && r.created) made.push(id)
  }
  return made
}
