/**
 * Alerts and their lifecycle in ClickHouse (migration 015): the latest version of each alert, an
 * alert's history, the inbox list with the product's name and category and the location's region
 * joined at read time, and the appends. Writers hold the alert key's lock (lib/alerts/store.ts).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import type { AlertRecord, AlertStatus, AlertTransition } from '@/lib/alerts/types'
import { ACTIVE_STATUSES } from '@/lib/alerts/types'
import type { AlertAction, AlertBody, AlertsAnswer, AlertsQuery } from '@/lib/alerts/api-schemas'
import type { ActionRecord } from '@/lib/actions/types'
import { actionsOfAlerts } from './actions'

const num = z.coerce.number()
const nullableNum = z.coerce.number().nullable()

/** ClickHouse DateTime64 text ('2026-12-06 12:00:00.000') as ISO 8601 UTC. */
const isoOf = (s: string) => `${s.replace(' ', 'T')}Z`
const chTime = z.string().transform(isoOf)

const alertRow = z.object({
  id: z.string(), key: z.string(), type: z.string(), sku: z.string(), location: z.string(), channel: z.string(), supplier: z.string(),
  status: z.string(), severity: z.string(), value_at_risk: num, signal: num, why: z.string(), recommendation: z.string(),
  confidence: num, agent: z.string(), model_version: z.string(), chart: z.string(),
  opened_at: chTime, updated_at: chTime, snoozed_until: z.string().nullable().transform((s) => (s ? isoOf(s) : null)),
  revision: num, cleared_reason: z.string().nullable(), decided_quantity: nullableNum, version: num,
})
type AlertRow = z.infer<typeof alertRow>

/** The columns of an alert row as read, in the alertRow schema's names (the list's join names each). */
const ALERT_NAMES = Object.keys(alertRow.shape)

/** Their SELECT list: times as text (converted to ISO by the schema). */
const ALERT_COLUMNS = ALERT_NAMES.map((c) =>
  c === 'opened_at' || c === 'updated_at' ? `toString(${c}) AS ${c}` : c === 'snoozed_until' ? `if(snoozed_until IS NULL, NULL, toString(snoozed_until)) AS snoozed_until` : c,
).join(', ')

/**
 * The latest row of every alert, as a subquery, narrowed before the ranking by what never changes
 * between an alert's versions (its id, location and type), so a card's read does not rank them all.
 */
const LATEST = `SELECT ${ALERT_COLUMNS} FROM alerts
  WHERE (empty({ids:Array(String)}) OR id IN {ids:Array(String)})
    AND ({location:String} = '' OR location = {location:String})
    AND ({type:String} = '' OR type = {type:String})
    AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})
  ORDER BY id, version DESC LIMIT 1 BY id`

const sixthPart = (type: string, key: string): { feed?: string; segment?: string } => {
  const part = key.split('|').slice(5).join('|')
  if (!part) return {}
  return type === 'model_drift' ? { segment: part } : { feed: part }
}

export function recordOf(r: AlertRow): AlertRecord & { version: number } {
  return {
    id: r.id,
    key: r.key,
    type: r.type as AlertRecord['type'],
    // A stale-data alert's feed and a model-drift alert's segment have no column of their own: each
    // is the key's sixth part (hygiene's alertKey).
    scope: { sku: r.sku, location: r.location, channel: r.channel, supplier: r.supplier, ...sixthPart(r.type, r.key) },
    status: r.status as AlertStatus,
    severity: r.severity as AlertRecord['severity'],
    value_at_risk: r.value_at_risk,
    signal: r.signal,
    why: r.why,
    recommendation: JSON.parse(r.recommendation) as AlertRecord['recommendation'],
    confidence: r.confidence,
    agent: r.agent,
    model_version: r.model_version,
    chart: r.chart ? (JSON.parse(r.chart) as AlertRecord['chart']) : null,
    opened_at: r.opened_at,
    updated_at: r.updated_at,
    snoozed_until: r.snoozed_until,
    revision: r.revision,
    cleared_reason: r.cleared_reason,
    decided_quantity: r.decided_quantity,
    version: r.version,
  }
}

/** The latest version of every alert ever raised for these keys (each key: all its episodes). */
export const latestAlertsForKeys = defineQuery({
  name: 'alerts.latest_for_keys',
  sql: `SELECT ${ALERT_COLUMNS} FROM alerts WHERE key IN {keys:Array(String)} ORDER BY id, version DESC LIMIT 1 BY id`,
  params: z.object({ keys: z.array(z.string()) }),
  row: alertRow,
})

/** The newest episode per key (what hygiene evaluates against), from latestAlertsForKeys. */
export async function currentAlertsByKey(ch: ClickHouseClient, keys: string[]): Promise<Map<string, AlertRecord & { version: number }>> {
  const out = new Map<string, AlertRecord & { version: number }>()
  for (let i = 0; i < keys.length; i += 5_000) {
    for (const row of await latestAlertsForKeys(ch, { keys: keys.slice(i, i + 5_000) })) {
      const rec = recordOf(row)
      const prev = out.get(rec.key)
      if (!prev || rec.opened_at > prev.opened_at || (rec.opened_at === prev.opened_at && rec.version > prev.version)) out.set(rec.key, rec)
    }
  }
  return out
}

const alertById = defineQuery({
  name: 'alerts.by_id',
  sql: `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = {id:String} ORDER BY version DESC LIMIT 1`,
  params: z.object({ id: z.string() }),
  row: alertRow,
})

export async function alertWithId(ch: ClickHouseClient, id: string): Promise<(AlertRecord & { version: number }) | undefined> {
  const [row] = await alertById(ch, { id })
  return row ? recordOf(row) : undefined
}

const transitionRow = z.object({
  alert_id: z.string(), transition_id: z.string(), at: chTime, actor_kind: z.enum(['person', 'agent', 'system']), actor_id: z.string(), actor_name: z.string(),
  from_status: z.string(), to_status: z.string(), reason: z.string(), quantity_before: nullableNum, quantity_after: nullableNum, revision: num, rule_version: num,
})

export const alertHistory = defineQuery({
  name: 'alerts.history',
  sql: `SELECT alert_id, transition_id, toString(at) AS at, actor_kind, actor_id, actor_name, from_status, to_status, reason,
               quantity_before, quantity_after, revision, rule_version
        FROM alert_transitions WHERE alert_id = {id:String}
        ORDER BY at, revision, transition_id LIMIT 1 BY transition_id`,
  params: z.object({ id: z.string() }),
  row: transitionRow,
})

export function transitionOf(r: z.infer<typeof transitionRow>): AlertTransition & { rule_version: number | null } {
  return {
    alert_id: r.alert_id, transition_id: r.transition_id, at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    from: r.from_status as AlertTransition['from'], to: r.to_status as AlertStatus, reason: r.reason,
    quantity_before: r.quantity_before, quantity_after: r.quantity_after, revision: r.revision,
    rule_version: r.rule_version || null,
  }
}

const listRow = alertRow.extend({ product_name: z.string().nullable(), category: z.string().nullable(), region: z.string().nullable() })

/**
 * The inbox: latest versions matching the filters, by value at risk, with names joined. The
 * product and location dimensions are small (one row per sku and location) and read latest-first.
 */
const listAlertsQuery = defineQuery({
  name: 'alerts.list',
  sql: `SELECT ${ALERT_NAMES.map((c) => `a.${c} AS ${c}`).join(', ')}, p.name AS product_name, p.category AS category, l.region AS region
        FROM (${LATEST}) AS a
        LEFT JOIN (SELECT sku, argMax(name, updated_at) AS name, argMax(category, updated_at) AS category FROM products WHERE sku IN (SELECT DISTINCT sku FROM alerts) GROUP BY sku) AS p ON p.sku = a.sku
        LEFT JOIN (SELECT location, argMax(region, updated_at) AS region FROM locations GROUP BY location) AS l ON l.location = a.location
        WHERE (empty({statuses:Array(String)}) OR a.status IN {statuses:Array(String)})
          AND ({severity:String} = '' OR a.severity = {severity:String})
          AND ({region:String} = '' OR l.region = {region:String})
          AND ({category:String} = '' OR p.category = {category:String})
        ORDER BY a.value_at_risk DESC, a.opened_at, a.id`,
  params: z.object({
    ids: z.array(z.string()).default([]), statuses: z.array(z.string()), location: z.string(), type: z.string(), severity: z.string(), region: z.string(), category: z.string(),
    /** The caller's allowed locations (lib/auth/access.ts allowedParam); empty = no restriction. */
    allowed: z.array(z.string()).default([]),
  }),
  row: listRow,
  settings: { join_use_nulls: 1 },
})

export function bodyOf(r: z.infer<typeof listRow>, action?: ActionRecord): AlertBody {
  const { version: _v, ...rec } = recordOf(r)
  return { ...rec, product_name: r.product_name || null, category: r.category || null, region: r.region || null, action: action ? actionSummaryOf(action) : null }
}

export const actionSummaryOf = (a: ActionRecord): AlertAction => ({
  id: a.action_id, kind: a.kind, status: a.status, attempts: a.attempts, detail: a.detail, quantity: a.quantity, updated_at: a.updated_at,
})

/** Cards with their actions joined (only decided alerts can have one; an expired one's died). */
async function withActions(ch: ClickHouseClient, rows: z.infer<typeof listRow>[]): Promise<AlertBody[]> {
  const decided = rows.filter((r) => r.status === 'approved' || r.status === 'modified' || r.status === 'executed' || r.status === 'expired').map((r) => r.id)
  const actions = await actionsOfAlerts(ch, decided)
  return rows.map((r) => bodyOf(r, actions.get(r.id)))
}

/** `allowed`: the caller's locations (allowedParam); empty or absent = the estate. */
export async function listAlerts(ch: ClickHouseClient, q: AlertsQuery, allowed: string[] = []): Promise<AlertsAnswer> {
  const statuses: string[] = q.status === 'all' ? [] : q.status === 'active' ? [...ACTIVE_STATUSES] : [q.status]
  const rows = await listAlertsQuery(ch, {
    statuses, location: q.location ?? '', type: q.type ?? '', severity: q.severity ?? '', region: q.region ?? '', category: q.category ?? '', allowed,
  })
  const by_severity: Record<string, number> = {}
  const by_type: Record<string, number> = {}
  for (const r of rows) {
    by_severity[r.severity] = (by_severity[r.severity] ?? 0) + 1
    by_type[r.type] = (by_type[r.type] ?? 0) + 1
  }
  return { alerts: await withActions(ch, rows.slice(0, q.limit)), counts: { by_severity, by_type, total: rows.length }, as_of: new Date().toISOString() }
}

/** These alerts as the API shows them (names joined), latest versions. */
export async function alertBodiesWithIds(ch: ClickHouseClient, ids: string[]): Promise<AlertBody[]> {
  if (!ids.length) return []
  return withActions(ch, await listAlertsQuery(ch, { ids, statuses: [], location: '', type: '', severity: '', region: '', category: '' }))
}

/** Append versions of alerts (each with its version number) and their transitions. */
export async function appendAlerts(clickhouse: ClickHouse, alerts: (AlertRecord & { version: number })[], transitions: (AlertTransition & { alert: AlertRecord })[]): Promise<void> {
  if (alerts.length) {
    await clickhouse.insertRows('interactive', 'alerts', alerts.map((a) => ({
      id: a.id, key: a.key, type: a.type, sku: a.scope.sku, location: a.scope.location, channel: a.scope.channel, supplier: a.scope.supplier,
      status: a.status, severity: a.severity, value_at_risk: a.value_at_risk, signal: a.signal, why: a.why,
      recommendation: JSON.stringify(a.recommendation), confidence: a.confidence, agent: a.agent, model_version: a.model_version,
      chart: a.chart ? JSON.stringify(a.chart) : '', opened_at: a.opened_at, updated_at: a.updated_at, snoozed_until: a.snoozed_until,
      revision: a.revision, cleared_reason: a.cleared_reason, decided_quantity: a.decided_quantity, version: a.version,
    })), { date_time_input_format: 'best_effort' })
  }
  if (transitions.length) {
    await clickhouse.insertRows('interactive', 'alert_transitions', transitions.map((t) => ({
      alert_id: t.alert_id, transition_id: t.transition_id, at: t.at, actor_kind: t.actor.kind, actor_id: t.actor.id, actor_name: t.actor.name,
      from_status: t.from, to_status: t.to, reason: t.reason, quantity_before: t.quantity_before, quantity_after: t.quantity_after, revision: t.revision,
      rule_version: t.rule_version ?? 0,
      type: t.alert.type, agent: t.alert.agent, location: t.alert.scope.location, sku: t.alert.scope.sku,
    })), { date_time_input_format: 'best_effort' })
  }
}

/**
 * Decisions (approved, modified, rejected) since a time, counted per agent, product category or
 * the person who decided (their name). Each transition counts once (LIMIT 1 BY its id). Approvals
 * by an approval rule (actor `rule:v<N>`) are not decisions of anyone's: they are left out, so the
 * rates say how people (and API keys) judged what reached them.
 */
export const decisionCounts = defineQuery({
  name: 'alerts.decision_counts',
  sql: `SELECT multiIf({by:String} = 'agent', t.agent, {by:String} = 'category', if(p.category IS NULL OR p.category = '', '(unknown)', p.category), t.actor_name) AS key,
               countIf(t.to_status = 'approved') AS approved, countIf(t.to_status = 'modified') AS modified, countIf(t.to_status = 'rejected') AS rejected
        FROM (
          SELECT transition_id, to_status, actor_name, agent, sku FROM alert_transitions
          WHERE to_status IN ('approved', 'modified', 'rejected') AND at >= {since:DateTime64(3, 'UTC')}
            AND NOT (actor_kind = 'system' AND startsWith(actor_id, 'rule:'))
            AND ({location:String} = '' OR location = {location:String})
            AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})
          LIMIT 1 BY alert_id, transition_id
        ) AS t
        LEFT JOIN (SELECT sku, argMax(category, updated_at) AS category FROM products GROUP BY sku) AS p ON p.sku = t.sku
        GROUP BY key ORDER BY approved + modified + rejected DESC, key`,
  params: z.object({ by: z.enum(['agent', 'category', 'planner']), since: z.string(), location: z.string(), allowed: z.array(z.string()).default([]) }),
  row: z.object({ key: z.string(), approved: num, modified: num, rejected: num }),
  settings: { join_use_nulls: 1 },
})

/**
 * The scopes of one type's alerts at a location whose latest status is one of `statuses` (by
 * default the active ones): what an agent must re-judge when the thing it judged is gone (a
 * received PO), so that hygiene can clear the alert or release a decided one's hold.
 */
export const activeAlertScopesAt = defineQuery({
  name: 'alerts.active_scopes_at',
  sql: `SELECT sku, location, channel, supplier FROM (
          SELECT id, sku, location, channel, supplier, status FROM alerts WHERE location = {location:String} AND type = {type:String}
          ORDER BY id, version DESC LIMIT 1 BY id
        ) WHERE status IN {statuses:Array(String)}
        LIMIT 1 BY sku, location, channel, supplier`,
  params: z.object({ location: z.string(), type: z.string(), statuses: z.array(z.string()).default([...ACTIVE_STATUSES]) }),
  row: z.object({ sku: z.string(), location: z.string(), channel: z.string(), supplier: z.string() }),
})
