/**
 * An approved (by a person, or auto-approved by a rule) recommendation becomes an action record,
 * once, and is queued for delivery (DESIGN.md "Execution"). The action's id comes from the alert
 * and the transition that approved it (records.ts), so a retried call finds what the first made:
 * the compare-and-set in Redis (none -> pending) lets one caller create it; the row, the job
 * (job id = action id) and a replay after a crash between them are idempotent by that id.
 *
 * Called by the alerts API after an approve or modify (server/api/alerts.ts) and, once approval
 * rules land, by them for what they auto-approve.
 */
import type { Queue } from 'bullmq'
import type { AlertStoreDeps } from '@/lib/alerts/store'
import type { AlertRecord, AlertTransition } from '@/lib/alerts/types'
import type { Payload } from '@/lib/queues'
import { actionWithId, appendActionRow } from '@/lib/clickhouse/queries/actions'
import { recordAudit } from '@/lib/audit/store'
import type { AuditActor } from '@/lib/audit/types'
import { actionPayloadFrom, pendingRecord, webhookBody } from './records'
import { compareAndSet, pushAction } from './store'
import type { ActionRecord, ApprovedBy } from './types'

export interface ExecuteDeps extends AlertStoreDeps {
  deliver: Queue<Payload<'deliver'>>
  /** Tries of the delivery (WEBHOOK_ATTEMPTS). */
  attempts: number
}

export type ExecuteResult = { ok: true; created: boolean; action: ActionRecord } | { ok: false; reason: string }

export function auditActorOf(by: ApprovedBy): AuditActor {
  return by.kind === 'person' ? { kind: by.actor.kind === 'person' ? 'person' : by.actor.kind === 'agent' ? 'agent' : 'system', id: by.actor.id, name: by.actor.name } : { kind: 'system', id: `rule:${by.rule_version}`, name: `approval rules v${by.rule_version}` }
}

/**
 * Create the action of `alert` (the version the decision wrote) and `transition` (the approve or
 * modify step), queue its delivery and audit it. `created` is false when it existed already.
 */
export async function executeApproved(deps: ExecuteDeps, alert: AlertRecord, transition: AlertTransition, approvedBy: ApprovedBy, ruleVersion: number): Promise<ExecuteResult> {
  // created_at is the decision's time: the same payload, byte for byte, on every retry.
  const built = actionPayloadFrom(alert, transition, approvedBy, ruleVersion, transition.at)
  if (!built.ok) return built
  const record = pendingRecord(built.payload)
  const body = webhookBody(built.payload)
  const id = record.action_id
  const existing = await actionWithId(deps.clickhouse.interactive, id)
  if (existing) {
    if (existing.status === 'pending' || existing.status === 'failed') await enqueue(deps, record, body)
    return { ok: true, created: false, action: existing }
  }
  const cas = await compareAndSet(deps.redis, deps.prefix, id, 'none', 'pending', false)
  // Someone made it (or this call crashed after the set): make sure the row and the job exist, both idempotent by id.
  const won = cas === 'OK'
  if (!won && cas !== 'pending') {
    return { ok: true, created: false, action: (await actionWithId(deps.clickhouse.interactive, id)) ?? record }
  }
  await appendActionRow(deps.clickhouse, record, 'pending', Date.parse(record.created_at) * 1_000)
  await enqueue(deps, record, body)
  if (won) {
    await pushAction(deps, record)
    await recordAudit(deps, [{
      kind: 'action.created', actor: auditActorOf(approvedBy), subject_type: 'action', subject_id: id, location: record.location,
      before: null, after: { status: 'pending', kind: record.kind, quantity: record.quantity, alert_id: record.alert_id },
      reason: transition.reason, inputs: { recommendation: alert.recommendation, decided_quantity: alert.decided_quantity, transition_id: transition.transition_id },
      model_version: alert.model_version, at: record.created_at,
    }])
  }
  return { ok: true, created: won, action: record }
}

async function enqueue(deps: ExecuteDeps, a: ActionRecord, body: string): Promise<void> {
  await deps.deliver.add('deliver', { action_id: a.action_id, alert_id: a.alert_id, location: a.location, body }, { jobId: a.action_id, attempts: deps.attempts })
}
