/**
 * The value report's reads on real data (issue 16 item 2; docs/value-settlement.md): executed
 * decisions of a period with their estimates (the actions table) beside their settlements
 * (action_settlements), by use case, per day, their calibration, the decisions behind a figure,
 * and the acceptance and override rates by agent, category and planner with the value of the
 * accepted against the overridden decisions.
 *
 * Every read takes `{ from, to, locations? }`: from and to are inclusive UTC days and filter on the
 * day a decision was made; `locations`, when given, restricts to those locations (a scoped
 * person's: lib/auth/access.ts allowedLocations), and an empty list then matches nothing.
 * "Executed" is an action the receiver accepted (delivered) or confirmed carrying out; dead
 * actions never took effect and are not counted (they settle as not_executed, at 0).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'
import { ON_PROMOTION } from './settlement-inputs'
import { rateRow } from '@/lib/alerts/rates'
import { ALERT_TYPES, type AlertType } from '@/lib/alerts/types'
import { EXECUTABLE_ACTIONS, type ExecutableAction } from '@/lib/actions/types'
// A namespace import: the React hooks lint reads a bare call of `useCaseOf` as a hook.
import * as useCases from '@/lib/value/use-cases'
import type { UseCase } from '@/lib/value/use-cases'
import type { DecisionRateRow } from '@/lib/value/report-types'
import { addDays } from '@/lib/value/settle'

const num = z.coerce.number()
const isoOf = (s: string) => `${s.replace(' ', 'T')}Z`
const chTime = z.string().transform(isoOf)

export interface PeriodQuery {
  from: string
  to: string
  locations?: string[]
}

/** Action statuses that count as executed. */
export const EXECUTED_STATUSES = ['delivered', 'confirmed'] as const

const period = z.object({ from: z.iso.date(), to: z.iso.date(), scoped: z.number().int(), allowed: z.array(z.string()) })
const periodParams = (q: PeriodQuery) => ({ from: q.from, to: q.to, scoped: q.locations ? 1 : 0, allowed: q.locations ?? [] })

/** Each action's current state, of the period and scope. */
const ACTIONS_IN_PERIOD = `SELECT action_id, any(alert_id) AS alert_id, any(kind) AS kind, any(sku) AS sku, any(location) AS location,
         min(created_at) AS created_at, any(value) AS value, any(approved_by) AS approved_by, argMax(status, version) AS status
  FROM actions
  WHERE toDate(created_at) >= {from:Date} AND toDate(created_at) <= {to:Date}
    AND ({scoped:UInt8} = 0 OR location IN {allowed:Array(String)})
  GROUP BY action_id`

const SETTLED = `SELECT action_id, argMax(settled_value, settled_at) AS settled_value, argMax(outcome, settled_at) AS outcome FROM action_settlements GROUP BY action_id`

/** Executed decisions of the period with their alert's type, the promotion flag (use case) and their settlement (null: not yet). */
const DECISIONS = `SELECT a.action_id AS action_id, a.alert_id AS alert_id, a.kind AS kind, a.sku AS sku, a.location AS location, a.created_at AS created_at,
    a.value AS value, a.approved_by AS approved_by, a.status AS status, ifNull(al.type, '') AS alert_type, ${ON_PROMOTION} AS on_promotion, s.settled_value AS settled_value, s.outcome AS outcome
  FROM (${ACTIONS_IN_PERIOD}) AS a
  LEFT JOIN (SELECT id, any(type) AS type FROM alerts WHERE id IN (SELECT alert_id FROM actions WHERE toDate(created_at) >= {from:Date} AND toDate(created_at) <= {to:Date}) GROUP BY id) AS al
    ON al.id = a.alert_id
  LEFT JOIN (${SETTLED}) AS s ON s.action_id = a.action_id
  WHERE a.status IN ('${EXECUTED_STATUSES.join("', '")}')`

const groupsByUseCase = defineQuery({
  name: 'settlements.by_use_case',
  sql: `SELECT kind, alert_type, on_promotion, count() AS decisions, sum(value) AS estimated_value, sum(ifNull(settled_value, 0)) AS settled_value,
               countIf(settled_value IS NOT NULL) AS settled
        FROM (${DECISIONS}) GROUP BY kind, alert_type, on_promotion SETTINGS join_use_nulls = 1`,
  params: period,
  row: z.object({ kind: z.string(), alert_type: z.string(), on_promotion: num, decisions: num, estimated_value: num, settled_value: num, settled: num }),
})

const caseOf = (alertType: string, kind: string, onPromotion: number): UseCase =>
  useCases.useCaseOf(alertType as AlertType, kind as ExecutableAction, { onPromotion: onPromotion > 0 })

export interface UseCaseSettlement {
  use_case: UseCase
  decisions: number
  estimated_value: number
  settled_value: number
  settled: number
}

/** Executed decisions of the period per use case (every use case, in USE_CASES order): their estimates, and the settled values of those settled. */
export async function settlementsByUseCase(client: ClickHouseClient, q: PeriodQuery): Promise<UseCaseSettlement[]> {
  const out = new Map<UseCase, UseCaseSettlement>(useCases.USE_CASES.map((u) => [u, { use_case: u, decisions: 0, estimated_value: 0, settled_value: 0, settled: 0 }]))
  for (const r of await groupsByUseCase(client, periodParams(q))) {
    const row = out.get(caseOf(r.alert_type, r.kind, r.on_promotion))!
    row.decisions += r.decisions
    row.estimated_value += r.estimated_value
    row.settled_value += r.settled_value
    row.settled += r.settled
  }
  return [...out.values()]
}

const calibrationQuery = defineQuery({
  name: 'settlements.calibration',
  sql: `SELECT count() AS settled, sum(value) AS estimated_total, sum(settled_value) AS settled_total, avg(abs(settled_value - value)) AS mae
        FROM (${DECISIONS}) WHERE settled_value IS NOT NULL SETTINGS join_use_nulls = 1`,
  params: period,
  row: z.object({ settled: num, estimated_total: num, settled_total: num, mae: num.nullable() }),
})

export interface Calibration {
  settled: number
  estimated_total: number
  settled_total: number
  /** settled_total / estimated_total over the settled decisions; null when their estimates sum to 0. */
  ratio: number | null
  /** Mean of |settled - estimated| over the settled decisions; null when none is settled. */
  mean_abs_error: number | null
}

/** How well the estimates of the period's executed decisions matched their settlements (settled ones only). */
export async function settlementCalibration(client: ClickHouseClient, q: PeriodQuery): Promise<Calibration> {
  const [r] = await calibrationQuery(client, periodParams(q))
  const settled = r?.settled ?? 0
  const estimated_total = settled ? r.estimated_total : 0
  const settled_total = settled ? r.settled_total : 0
  return {
    settled, estimated_total, settled_total,
    ratio: settled && estimated_total !== 0 ? settled_total / estimated_total : null,
    mean_abs_error: settled && r.mae !== null && Number.isFinite(r.mae) ? r.mae : null,
  }
}

const dailyQuery = defineQuery({
  name: 'settlements.daily',
  sql: `SELECT toString(toDate(created_at)) AS date, sum(value) AS estimated, sum(ifNull(settled_value, 0)) AS settled
        FROM (${DECISIONS}) GROUP BY date ORDER BY date SETTINGS join_use_nulls = 1`,
  params: period,
  row: z.object({ date: z.string(), estimated: num, settled: num }),
})

/** Per day of the period (every day, 0 where none), the estimates of the executed decisions made that day and the settled values of those settled. */
export async function settledDaily(client: ClickHouseClient, q: PeriodQuery): Promise<{ date: string; estimated: number; settled: number }[]> {
  const byDay = new Map((await dailyQuery(client, periodParams(q))).map((r) => [r.date, r]))
  const out: { date: string; estimated: number; settled: number }[] = []
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) out.push({ date: d, estimated: byDay.get(d)?.estimated ?? 0, settled: byDay.get(d)?.settled ?? 0 })
  return out
}

/** The `alert_type|kind|on_promotion` combinations a use case is made of (lib/value/use-cases.ts, the one mapping). */
export function combosOf(useCase: UseCase): string[] {
  const out: string[] = []
  for (const t of ['', ...ALERT_TYPES]) for (const k of EXECUTABLE_ACTIONS) for (const p of [0, 1]) if (caseOf(t, k, p) === useCase) out.push(`${t}|${k}|${p}`)
  return out
}

const BEHIND_WHERE = `WHERE ({kind:String} = '' OR kind = {kind:String})
  AND ({any_case:UInt8} = 1 OR concat(alert_type, '|', kind, '|', toString(on_promotion)) IN {combos:Array(String)})`

const behindRow = z.object({
  action_id: z.string(), alert_id: z.string(), kind: z.string(), alert_type: z.string(), on_promotion: num, sku: z.string(), location: z.string(),
  decided_at: chTime, approved_by: z.string(), estimated_value: num, settled_value: num.nullable(), outcome: z.string().nullable(), status: z.string(),
})
const behindParams = period.extend({ kind: z.string(), any_case: z.number().int(), combos: z.array(z.string()) })

const behindQuery = defineQuery({
  name: 'settlements.decisions_behind',
  sql: `SELECT action_id, alert_id, kind, alert_type, toUInt8(on_promotion) AS on_promotion, sku, location, toString(created_at) AS decided_at, approved_by,
               value AS estimated_value, settled_value, outcome, status
        FROM (${DECISIONS}) ${BEHIND_WHERE}
        ORDER BY created_at DESC, action_id LIMIT {limit:UInt32} OFFSET {offset:UInt32} SETTINGS join_use_nulls = 1`,
  params: behindParams.extend({ limit: z.number().int().min(1).max(1000), offset: z.number().int().min(0) }),
  row: behindRow,
})

const behindCount = defineQuery({
  name: 'settlements.decisions_behind_count',
  sql: `SELECT count() AS n FROM (${DECISIONS}) ${BEHIND_WHERE} SETTINGS join_use_nulls = 1`,
  params: behindParams,
  row: z.object({ n: num }),
})

export interface DecisionBehind {
  action_id: string
  alert_id: string
  kind: string
  use_case: UseCase
  sku: string
  location: string
  decided_at: string
  /** Who let it run: a person's name, or `rule v<N>` for an approval by rule. */
  approved_by: string
  estimated_value: number
  settled_value: number | null
  outcome: string | null
  status: string
}

function approverOf(json: string): string {
  try {
    const a = JSON.parse(json) as { kind: string; actor?: { name?: string; id?: string }; rule_version?: number }
    return a.kind === 'rule' ? `rule v${a.rule_version}` : (a.actor?.name ?? a.actor?.id ?? '')
  } catch {
    return ''
  }
}

/** The executed decisions behind a figure (newest first, one page), and how many there are. */
export async function decisionsBehind(
  client: ClickHouseClient,
  q: PeriodQuery & { use_case?: string; kind?: string; limit: number; offset: number },
): Promise<{ rows: DecisionBehind[]; total: number }> {
  const useCase = q.use_case ? z.enum(useCases.USE_CASES).parse(q.use_case) : undefined
  const where = { ...periodParams(q), kind: q.kind ?? '', any_case: useCase ? 0 : 1, combos: useCase ? combosOf(useCase) : [] }
  const [rows, [count]] = await Promise.all([behindQuery(client, { ...where, limit: q.limit, offset: q.offset }), behindCount(client, where)])
  return {
    rows: rows.map(({ alert_type, on_promotion, approved_by, ...r }) => ({ ...r, use_case: caseOf(alert_type, r.kind, on_promotion), approved_by: approverOf(approved_by) })),
    total: count?.n ?? 0,
  }
}

/**
 * Decisions (approved, modified, rejected) made in the period, by agent, product category or the
 * person who decided, excluding approvals by an approval rule (as lib/clickhouse/queries/alerts.ts
 * decisionCounts), each joined to the action it made (its id is actionIdFor(alert, transition),
 * lib/actions/records.ts) and that action's settlement. The value of a decision is its settled
 * value, else (not settled yet) its estimate; a rejected one made no action and is worth 0.
 */
const ratesQuery = defineQuery({
  name: 'settlements.decision_rates',
  sql: `SELECT multiIf({by:String} = 'agent', t.agent, {by:String} = 'category', if(p.category IS NULL OR p.category = '', '(unknown)', p.category), t.actor_id) AS key,
               multiIf({by:String} = 'planner', any(t.actor_name), key) AS label,
               countIf(t.to_status = 'approved') AS approved, countIf(t.to_status = 'modified') AS modified, countIf(t.to_status = 'rejected') AS rejected,
               sumIf(ifNull(s.settled_value, ifNull(a.value, 0)), t.to_status = 'approved') AS value_accepted,
               sumIf(ifNull(s.settled_value, ifNull(a.value, 0)), t.to_status = 'modified') AS value_overridden,
               countIf(t.to_status = 'approved' AND a.value IS NOT NULL AND s.settled_value IS NULL) AS accepted_unsettled,
               countIf(t.to_status = 'modified' AND a.value IS NOT NULL AND s.settled_value IS NULL) AS overridden_unsettled
        FROM (
          SELECT alert_id, transition_id, to_status, actor_id, actor_name, agent, sku,
                 concat('act_', substring(lower(hex(SHA256(concat(alert_id, '\\n', transition_id)))), 1, 32)) AS action_id
          FROM alert_transitions
          WHERE to_status IN ('approved', 'modified', 'rejected') AND toDate(at) >= {from:Date} AND toDate(at) <= {to:Date}
            AND NOT (actor_kind = 'system' AND startsWith(actor_id, 'rule:'))
            AND ({scoped:UInt8} = 0 OR location IN {allowed:Array(String)})
          LIMIT 1 BY alert_id, transition_id
        ) AS t
        LEFT JOIN (SELECT sku, argMax(category, updated_at) AS category FROM products GROUP BY sku) AS p ON p.sku = t.sku
        LEFT JOIN (SELECT action_id, any(value) AS value FROM actions GROUP BY action_id) AS a ON a.action_id = t.action_id
        LEFT JOIN (${SETTLED}) AS s ON s.action_id = t.action_id
        GROUP BY key ORDER BY approved + modified + rejected DESC, key
        SETTINGS join_use_nulls = 1`,
  params: period.extend({ by: z.enum(['agent', 'category', 'planner']) }),
  row: z.object({
    key: z.string(), label: z.string(), approved: num, modified: num, rejected: num, value_accepted: num, value_overridden: num,
    accepted_unsettled: num, overridden_unsettled: num,
  }),
})

/**
 * Acceptance and override rates (DESIGN.md; the math of lib/alerts/rates.ts) of the period's
 * decisions by agent, then category, then planner: each dimension's rows add up to the same
 * decided total. value_accepted and value_overridden are settled values where the decision's
 * action is settled, else its estimate; accepted_unsettled and overridden_unsettled count the
 * decisions valued at their estimate.
 */
export async function decisionRates(client: ClickHouseClient, q: PeriodQuery): Promise<DecisionRateRow[]> {
  const dims = ['agent', 'category', 'planner'] as const
  const results = await Promise.all(dims.map((by) => ratesQuery(client, { ...periodParams(q), by })))
  const out: DecisionRateRow[] = []
  for (const [i, by] of dims.entries()) {
    for (const r of results[i]) {
      const rr = rateRow(r.key, r)
      out.push({
        by, key: r.key, label: r.label || r.key, decided: rr.decided, accepted: r.approved, modified: r.modified, rejected: r.rejected,
        acceptance_rate: rr.acceptance_rate, override_rate: rr.override_rate, value_accepted: r.value_accepted, value_overridden: r.value_overridden,
        accepted_unsettled: r.accepted_unsettled, overridden_unsettled: r.overridden_unsettled,
      })
    }
  }
  return out
}
