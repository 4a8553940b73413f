/**
 * The settlement worker (queue `settle`, lib/queues.ts; docs/value-settlement.md): every hour
 * (SETTLE_SCHEDULE) and when it starts, it finds executed decisions whose horizon has ended and
 * that are not settled yet, reads what happened at their pair (lib/clickhouse/queries/
 * settlement-inputs.ts), settles each (lib/value/settle.ts) and appends the rows to
 * action_settlements. Idempotent: a settled action is not read again, and a retried append
 * replaces itself (ReplacingMergeTree by action_id). Dead actions settle at once as not_executed.
 */
import type { ConnectionOptions, Worker } from 'bullmq'
import type { Runtime } from '@/lib/runtime-types'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { SETTLE_SCHEDULE } from '@/lib/queues'
import {
  actionTransfer, appendSettlements, expeditedPo, pairSales, pairStock, productFacts, reorderPo, unsettledActions, type UnsettledAction,
} from '@/lib/clickhouse/queries/settlement-inputs'
import { HORIZON_CAP_DAYS, addDays, dayOf, horizonDays, horizonEnd, settleAction, type HorizonContext, type PairOutcome } from '@/lib/value/settle'
// A namespace import: the React hooks lint reads a bare call of `useCaseOf` as a hook.
import * as useCases from '@/lib/value/use-cases'
import type { ActionSettlement } from '@/lib/value/types'
import type { AlertType } from '@/lib/alerts/types'
import type { ActionRecord } from '@/lib/actions/types'
import { logger } from '@/lib/log'
import { registerWorker } from './registry'

const log = logger('settle')

/** How far back decisions are looked for (the longest horizon is well inside it). */
export const SETTLE_LOOKBACK_DAYS = 120
/** Most actions looked at in one run, oldest first. */
export const SETTLE_BATCH = 2_000
/** Days of sales before a decision whose mean is the pair's daily demand (cover, markdown's full-price rate). */
const DEMAND_DAYS = 28

export interface SettleRun {
  /** Actions looked at, settled now, and still inside their horizon. */
  checked: number
  settled: number
  waiting: number
}

type Receipts = [string, number][]
const asReceived = (r: Receipts) => r.map(([date, units]) => ({ date, units }))

/** Where the action's units went and when they were expected: per kind (settle.ts says what each means). */
async function unitsOf(ch: ClickHouse, a: UnsettledAction): Promise<{ arrival: string | null; received: Receipts; counterfactual: string | null }> {
  const q = { sku: a.sku, location: a.location, at: a.created_at }
  if (a.kind === 'reorder') {
    const [po] = await reorderPo(ch.interactive, { ...q, qty: Math.floor(a.quantity) })
    return { arrival: po?.promised ?? null, received: po?.receipts ?? [], counterfactual: null }
  }
  if (a.kind === 'expedite') {
    const [po] = await expeditedPo(ch.interactive, q)
    return { arrival: po?.after ?? null, received: po?.receipts ?? [], counterfactual: po?.before ?? null }
  }
  if (a.kind === 'transfer') {
    const [t] = await actionTransfer(ch.interactive, { ...q, from: a.from_location })
    return { arrival: t?.expected ?? null, received: t?.receipts ?? [], counterfactual: null }
  }
  return { arrival: null, received: [], counterfactual: null }
}

/** Settle one action if its horizon ended before `today`; null while it runs. */
export async function settleOne(ch: ClickHouse, a: UnsettledAction, today: string, settledAt: string): Promise<ActionSettlement | null> {
  const record = { ...a, price: a.price ?? undefined } as unknown as ActionRecord
  const use_case = useCases.useCaseOf(a.alert_type as AlertType, a.kind as ActionRecord['kind'], { onPromotion: a.on_promotion > 0 })
  const decided = dayOf(a.created_at)
  if (a.status === 'dead') return settleAction(record, null, { use_case, horizon_end: decided, settled_at: settledAt })
  const [units, [product], before] = await Promise.all([
    unitsOf(ch, a),
    productFacts(ch.interactive, { sku: a.sku }),
    pairSales(ch.interactive, { sku: a.sku, location: a.location, from: addDays(decided, -DEMAND_DAYS), to: addDays(decided, -1) }),
  ])
  const dailyDemand = before.reduce((s, r) => s + r.units, 0) / DEMAND_DAYS
  const ctx: HorizonContext = { arrival: units.arrival, daily_demand: dailyDemand, season_end: product?.season_end || null }
  const end = horizonEnd(record, ctx)
  if (end >= today) return null
  const [sales, stock] = await Promise.all([
    pairSales(ch.interactive, { sku: a.sku, location: a.location, from: decided, to: end }),
    pairStock(ch.interactive, { sku: a.sku, location: a.location, from: addDays(decided, -DEMAND_DAYS), to: end }),
  ])
  const soldOn = new Map(sales.map((r) => [r.date, r]))
  const stockOn = new Map(stock.map((r) => [r.date, r.on_hand]))
  const outcome: PairOutcome = {
    days: horizonDays(a.created_at, end).map((date) => ({ date, sold: soldOn.get(date)?.units ?? 0, revenue: soldOn.get(date)?.revenue ?? 0, on_hand: stockOn.get(date) ?? null })),
    // The last stock figure before the decision day (snapshots come when stock changed).
    opening_on_hand: stock.filter((r) => r.date < decided).at(-1)?.on_hand ?? null,
    received: asReceived(units.received).filter((r) => r.date >= decided && r.date <= end),
    counterfactual_arrival: units.counterfactual,
    price: product?.price ?? 0,
    unit_cost: product?.unit_cost ?? 0,
    baseline_daily_units: dailyDemand,
  }
  return settleAction(record, outcome, { use_case, horizon_end: end, settled_at: settledAt })
}

/** One run: every unsettled action of the look-back whose horizon ended is settled and appended. */
export async function settleDue(ch: ClickHouse, opts: { now?: Date; lookbackDays?: number; limit?: number } = {}): Promise<SettleRun> {
  const now = opts.now ?? new Date()
  const today = now.toISOString().slice(0, 10)
  const since = new Date(now.getTime() - (opts.lookbackDays ?? SETTLE_LOOKBACK_DAYS) * 86_400_000).toISOString()
  const actions = await unsettledActions(ch.interactive, { since, moved_before: addDays(today, -HORIZON_CAP_DAYS), limit: opts.limit ?? SETTLE_BATCH })
  const out: ActionSettlement[] = []
  for (const a of actions) {
    const s = await settleOne(ch, a, today, now.toISOString())
    if (s) out.push(s)
  }
  await appendSettlements(ch, out)
  return { checked: actions.length, settled: out.length, waiting: actions.length - out.length }
}

export function startSettleWorker(rt: Runtime, connection: ConnectionOptions): Worker {
  const worker = registerWorker(
    'settle',
    async (job) => {
      const run = await settleDue(rt.clickhouse)
      if (run.settled) log.info('decisions settled', { ...run, by: job.data.requested_by })
      return run
    },
    { connection, prefix: rt.redisPrefix, concurrency: 1 },
  )
  const q = rt.queues.settle
  worker.alongside(
    Promise.all([
      q.upsertJobScheduler(SETTLE_SCHEDULE.id, { pattern: SETTLE_SCHEDULE.pattern, tz: 'UTC' }, { name: 'scheduled', data: { requested_by: 'schedule' } }),
      q.add('on-start', { requested_by: 'worker start' }),
    ]).catch((err) => log.warn('could not register the settlement schedule', { error: String(err) })),
  )
  return worker
}
