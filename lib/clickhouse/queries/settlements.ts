// TEMP- (value-api): the smallest reads of settlements the value report needs, with the names and
// signatures branch `settle` is building (lib/clickhouse/queries/settlements.ts). They read
// `action_settlements` (migration 024) and `alert_transitions` directly. Every row of
// action_settlements is a settled decision here; settle's version also counts executed decisions
// not settled yet. The lead replaces this file with settle's on merge.
/**
 * Settlements of executed decisions (estimated at decision time, settled when their horizon
 * ended) and the decision rates, over a period of decision days [from, to] (UTC), for the
 * caller's locations (`locations` empty or absent: the estate).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'
import type { DecisionRateRow } from '@/lib/value/report-types'
import { rates } from '@/lib/alerts/rates'

const num = z.coerce.number()
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export interface SettlementQuery {
  from: string
  to: string
  locations?: string[]
}

const IN_PERIOD = `toDate(decided_at) BETWEEN {from:Date} AND {to:Date}
          AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})`
const params = z.object({ from: day, to: day, allowed: z.array(z.string()).default([]) })
const paramsOf = (q: SettlementQuery) => ({ from: q.from, to: q.to, allowed: q.locations ?? [] })

const byUseCase = defineQuery({
  name: 'settlements.by_use_case',
  sql: `SELECT use_case, count() AS decisions, sum(estimated_value) AS estimated_value, sum(settled_value) AS settled_value, count() AS settled
        FROM (SELECT * FROM action_settlements WHERE ${IN_PERIOD} ORDER BY action_id, settled_at DESC LIMIT 1 BY action_id)
        GROUP BY use_case ORDER BY use_case`,
  params,
  row: z.object({ use_case: z.string(), decisions: num, estimated_value: num, settled_value: num, settled: num }),
})

export const settlementsByUseCase = (client: ClickHouseClient, q: SettlementQuery) => byUseCase(client, paramsOf(q))

const calibration = defineQuery({
  name: 'settlements.calibration',
  sql: `SELECT count() AS settled, sum(estimated_value) AS estimated_total, sum(settled_value) AS settled_total,
               if(sum(estimated_value) != 0, sum(settled_value) / sum(estimated_value), NULL) AS ratio,
               if(count() > 0, avg(abs(settled_value - estimated_value)), NULL) AS mean_abs_error
        FROM (SELECT * FROM action_settlements WHERE ${IN_PERIOD} ORDER BY action_id, settled_at DESC LIMIT 1 BY action_id)`,
  params,
  row: z.object({ settled: num, estimated_total: num, settled_total: num, ratio: num.nullable(), mean_abs_error: num.nullable() }),
})

export async function settlementCalibration(client: ClickHouseClient, q: SettlementQuery) {
  const [r] = await calibration(client, paramsOf(q))
  return r ?? { settled: 0, estimated_total: 0, settled_total: 0, ratio: null, mean_abs_error: null }
}

const daily = defineQuery({
  name: 'settlements.daily',
  sql: `SELECT toString(toDate(decided_at)) AS date, sum(estimated_value) AS estimated, sum(settled_value) AS settled
        FROM (SELECT * FROM action_settlements WHERE ${IN_PERIOD} ORDER BY action_id, settled_at DESC LIMIT 1 BY action_id)
        GROUP BY date ORDER BY date`,
  params,
  row: z.object({ date: z.string(), estimated: num, settled: num }),
})

export const settledDaily = (client: ClickHouseClient, q: SettlementQuery) => daily(client, paramsOf(q))

/**
 * Decisions of people and keys (not approvals by rule) in the period, by agent, category and
 * planner, with the settled value of the accepted (approved) and the overridden (modified, as
 * executed) ones.
 */
const rateCounts = defineQuery({
  name: 'settlements.decision_rates',
  sql: `SELECT dim.1 AS by, dim.2 AS key, any(dim.3) AS label,
               countIf(t.to_status = 'approved') AS approved, countIf(t.to_status = 'modified') AS modified, countIf(t.to_status = 'rejected') AS rejected,
               sumIf(s.settled_value, t.to_status = 'approved') AS value_accepted, sumIf(s.settled_value, t.to_status = 'modified') AS value_overridden
        FROM (
          SELECT alert_id, transition_id, to_status, actor_id, actor_name, agent, sku FROM alert_transitions
          WHERE to_status IN ('approved', 'modified', 'rejected') AND toDate(at) BETWEEN {from:Date} AND {to:Date}
            AND NOT (actor_kind = 'system' AND startsWith(actor_id, 'rule:'))
            AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})
          LIMIT 1 BY alert_id, transition_id
        ) AS t
        LEFT JOIN (SELECT sku, argMax(category, updated_at) AS category FROM products GROUP BY sku) AS p ON p.sku = t.sku
        LEFT JOIN (SELECT alert_id, sum(settled_value) AS settled_value FROM action_settlements GROUP BY alert_id) AS s ON s.alert_id = t.alert_id
        ARRAY JOIN [('agent', t.agent, t.agent), ('category', if(p.category = '', '(unknown)', p.category), if(p.category = '', '(unknown)', p.category)), ('planner', t.actor_id, t.actor_name)] AS dim
        GROUP BY by, key ORDER BY by, approved + modified + rejected DESC, key`,
  params,
  row: z.object({ by: z.enum(['agent', 'category', 'planner']), key: z.string(), label: z.string(), approved: num, modified: num, rejected: num, value_accepted: num, value_overridden: num }),
})

export async function decisionRates(client: ClickHouseClient, q: SettlementQuery): Promise<DecisionRateRow[]> {
  return (await rateCounts(client, paramsOf(q))).map((r) => {
    const x = rates(r)
    return {
      by: r.by, key: r.key, label: r.label, decided: x.decided, accepted: r.approved, modified: r.modified, rejected: r.rejected,
      acceptance_rate: x.acceptance_rate, override_rate: x.override_rate, value_accepted: r.value_accepted, value_overridden: r.value_overridden,
    }
  })
}

export const decisionRow = z.object({
  action_id: z.string(), alert_id: z.string(), use_case: z.string(), kind: z.string(), sku: z.string(), location: z.string(),
  decided_at: z.string(), horizon_end: z.string(), estimated_value: num, settled_value: num, outcome: z.string(), detail: z.string(), settled_at: z.string(),
})
export type DecisionBehind = z.infer<typeof decisionRow>

const behind = defineQuery({
  name: 'settlements.decisions_behind',
  sql: `SELECT action_id, alert_id, use_case, kind, sku, location, toString(decided_at) AS decided_at, toString(horizon_end) AS horizon_end,
               estimated_value, settled_value, outcome, detail, toString(settled_at) AS settled_at
        FROM (
          SELECT * FROM action_settlements
          WHERE ${IN_PERIOD} AND ({use_case:String} = '' OR use_case = {use_case:String}) AND ({kind:String} = '' OR kind = {kind:String})
          ORDER BY action_id, settled_at DESC LIMIT 1 BY action_id
        )
        ORDER BY decided_at DESC, action_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
  params: params.extend({ use_case: z.string().default(''), kind: z.string().default(''), limit: z.number().int(), offset: z.number().int() }),
  row: decisionRow,
})

/** The settled decisions behind a figure (newest first), a page at a time. */
export const decisionsBehind = (client: ClickHouseClient, q: SettlementQuery & { use_case?: string; kind?: string; limit: number; offset: number }) =>
  behind(client, { ...paramsOf(q), use_case: q.use_case ?? '', kind: q.kind ?? '', limit: q.limit, offset: q.offset })
