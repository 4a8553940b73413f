/**
 * Action records and their delivery attempts in ClickHouse (migration 021): the current state of
 * actions (argMax by version over their rows), the list the API pages through, an action's
 * attempts, the latest action of alerts (what their cards show), and the appends. Status changes
 * take their compare-and-set in Redis first (lib/actions/store.ts).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import type { ActionRecord, ActionStatus, ApprovedBy, ExecutableAction } from '@/lib/actions/types'

const num = z.coerce.number()
const isoOf = (s: string) => `${s.replace(' ', 'T')}Z`
const chTime = z.string().transform(isoOf)

/** The current state of each action: fixed columns with any(), changing ones by argMax(version). */
const CURRENT = `action_id, any(alert_id) AS alert_id, any(kind) AS kind, any(sku) AS sku, any(location) AS location, any(channel) AS channel,
  any(supplier) AS supplier, any(from_location) AS from_location, any(quantity) AS quantity, any(split) AS split, any(price) AS price,
  any(cost) AS cost, any(value) AS value, any(rule_version) AS rule_version, any(approved_by) AS approved_by, toString(min(created_at)) AS created_at,
  argMax(status, version) AS status, argMax(attempts, version) AS attempts, argMax(detail, version) AS detail,
  toString(argMax(updated_at, version)) AS updated_at, max(version) AS version`

const actionRow = z.object({
  action_id: z.string(), alert_id: z.string(), kind: z.string(), sku: z.string(), location: z.string(), channel: z.string(), supplier: z.string(),
  from_location: z.string(), quantity: num, split: z.string(), price: num.nullable(), cost: num, value: num, rule_version: num, approved_by: z.string(),
  created_at: chTime, status: z.string(), attempts: num, detail: z.string(), updated_at: chTime, version: num,
})
type ActionRow = z.infer<typeof actionRow>

export function actionOf(r: ActionRow): ActionRecord & { version: number } {
  return {
    action_id: r.action_id, kind: r.kind as ExecutableAction, alert_id: r.alert_id, sku: r.sku, location: r.location, channel: r.channel, supplier: r.supplier,
    ...(r.from_location ? { from_location: r.from_location } : {}),
    quantity: r.quantity,
    ...(r.split ? { split: JSON.parse(r.split) as Record<string, number> } : {}),
    ...(r.price !== null ? { price: r.price } : {}),
    cost: r.cost, value: r.value, rule_version: r.rule_version, approved_by: JSON.parse(r.approved_by) as ApprovedBy, created_at: r.created_at,
    status: r.status as ActionStatus, attempts: r.attempts, detail: r.detail, updated_at: r.updated_at, version: r.version,
  }
}

const actionsById = defineQuery({
  name: 'actions.by_ids',
  sql: `SELECT ${CURRENT} FROM actions WHERE action_id IN {ids:Array(String)} GROUP BY action_id`,
  params: z.object({ ids: z.array(z.string()) }),
  row: actionRow,
})

export async function actionWithId(ch: ClickHouseClient, id: string): Promise<(ActionRecord & { version: number }) | undefined> {
  const [row] = await actionsById(ch, { ids: [id] })
  return row ? actionOf(row) : undefined
}

/** `allowed`: the caller's locations (lib/auth/access.ts allowedParam), empty = no restriction. */
const LIST_WHERE = `WHERE ({alert_id:String} = '' OR alert_id = {alert_id:String}) AND ({location:String} = '' OR location = {location:String})
  AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})`

/** Actions matching the filters, newest first, one page; and how many match. */
const listActionsQuery = defineQuery({
  name: 'actions.list',
  sql: `SELECT * FROM (SELECT ${CURRENT} FROM actions ${LIST_WHERE} GROUP BY action_id)
        WHERE ({status:String} = '' OR status = {status:String})
        ORDER BY created_at DESC, action_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
  params: z.object({ alert_id: z.string(), location: z.string(), allowed: z.array(z.string()), status: z.string(), limit: z.number().int(), offset: z.number().int() }),
  row: actionRow,
})

const countActionsQuery = defineQuery({
  name: 'actions.count',
  sql: `SELECT count() AS n FROM (SELECT action_id, argMax(status, version) AS status FROM actions ${LIST_WHERE} GROUP BY action_id)
        WHERE ({status:String} = '' OR status = {status:String})`,
  params: z.object({ alert_id: z.string(), location: z.string(), allowed: z.array(z.string()), status: z.string() }),
  row: z.object({ n: num }),
})

export interface ActionFilter {
  alert_id?: string
  location?: string
  status?: ActionStatus
  limit: number
  offset: number
}

export async function listActions(ch: ClickHouseClient, f: ActionFilter, allowed: string[] = []): Promise<{ actions: (ActionRecord & { version: number })[]; total: number }> {
  const where = { alert_id: f.alert_id ?? '', location: f.location ?? '', allowed, status: f.status ?? '' }
  const [rows, [count]] = await Promise.all([listActionsQuery(ch, { ...where, limit: f.limit, offset: f.offset }), countActionsQuery(ch, where)])
  return { actions: rows.map(actionOf), total: count?.n ?? 0 }
}

/** The latest action of each of these alerts (an alert decided once has one). */
const latestForAlerts = defineQuery({
  name: 'actions.latest_for_alerts',
  sql: `SELECT * FROM (SELECT ${CURRENT} FROM actions WHERE alert_id IN {ids:Array(String)} GROUP BY action_id)
        ORDER BY alert_id, created_at DESC LIMIT 1 BY alert_id`,
  params: z.object({ ids: z.array(z.string()) }),
  row: actionRow,
})

export async function actionsOfAlerts(ch: ClickHouseClient, alertIds: string[]): Promise<Map<string, ActionRecord>> {
  const out = new Map<string, ActionRecord>()
  if (!alertIds.length) return out
  for (const r of await latestForAlerts(ch, { ids: alertIds })) out.set(r.alert_id, actionOf(r))
  return out
}

const attemptRow = z.object({ attempt: num, at: chTime, url: z.string(), http_status: num, error: z.string(), duration_ms: num })
export type DeliveryAttempt = z.infer<typeof attemptRow>

export const actionAttempts = defineQuery({
  name: 'actions.attempts',
  sql: `SELECT attempt, toString(at) AS at, url, http_status, error, duration_ms FROM action_deliveries
        WHERE action_id = {id:String} ORDER BY attempt LIMIT 1 BY attempt`,
  params: z.object({ id: z.string() }),
  row: attemptRow,
})

/** Append a row of an action (its status change). `rowId` names the change: a replay re-uses it. */
export async function appendActionRow(clickhouse: ClickHouse, a: ActionRecord, rowId: string, version: number): Promise<void> {
  await clickhouse.insertRows('interactive', 'actions', [{
    action_id: a.action_id, row_id: rowId, version, alert_id: a.alert_id, kind: a.kind, sku: a.sku, location: a.location, channel: a.channel,
    supplier: a.supplier, from_location: a.from_location ?? '', quantity: a.quantity, split: a.split ? JSON.stringify(a.split) : '',
    price: a.price ?? null, cost: a.cost, value: a.value, rule_version: a.rule_version, approved_by: JSON.stringify(a.approved_by),
    created_at: a.created_at, status: a.status, attempts: a.attempts, detail: a.detail, updated_at: a.updated_at,
  }], { date_time_input_format: 'best_effort' })
}

export async function appendDelivery(clickhouse: ClickHouse, d: DeliveryAttempt & { action_id: string; location: string }): Promise<void> {
  await clickhouse.insertRows('interactive', 'action_deliveries', [d], { date_time_input_format: 'best_effort' })
}

/**
 * Alerts approved or modified since `since` whose recommendation changes stock and that have no
 * action: what a crash between the decision's row and its action's row leaves (lib/actions/repair.ts).
 */
export const decidedWithoutAction = defineQuery({
  name: 'actions.decided_without_action',
  sql: `SELECT id FROM (
          SELECT id, status, recommendation, updated_at FROM alerts ORDER BY id, version DESC LIMIT 1 BY id
        )
        WHERE status IN ('approved', 'modified') AND updated_at >= {since:DateTime64(3, 'UTC')}
          AND JSONExtractString(recommendation, 'action') IN {kinds:Array(String)}
          AND id NOT IN (SELECT alert_id FROM actions)
        ORDER BY id LIMIT {limit:UInt32}`,
  params: z.object({ since: z.string(), kinds: z.array(z.string()), limit: z.number().int() }),
  row: z.object({ id: z.string() }),
})
