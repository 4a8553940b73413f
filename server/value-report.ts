/**
 * Load the executive value report for a period and a caller's access: the reads
 * (lib/clickhouse/queries/value-report.ts, settlements.ts) on the interactive connection, then
 * the pure assembly (lib/value/report.ts). The API (server/api/reports.ts) and the page call this.
 *
 * basis: 'simulation' when `{truth_db}.value_daily` has rows for the period within the caller's
 * locations (the demo), else 'real'.
 */
import type { Runtime } from '@/lib/runtime-types'
import { truthDatabase } from '@/lib/clickhouse/migrate'
import { planNow, salesAtCost, transferCost, valueCycles, valueRunFor, valueTotals } from '@/lib/clickhouse/queries/value-report'
import { decisionRates, settledDaily, settlementCalibration, settlementsByUseCase } from '@/lib/clickhouse/queries/settlements'
import { policyCost } from '@/lib/value/definitions'
import { assembleReport, previousPeriod, ZERO_TOTALS, type RunTotals, type SimDay, type SimPeriod } from '@/lib/value/report'
import type { ValueReport } from '@/lib/value/report-types'
import { allowedLocations, allowedParam, type AccessScope } from '@/lib/auth/access'

type TotalsRow = Awaited<ReturnType<typeof valueTotals>>[number]
type CyclesRow = Awaited<ReturnType<typeof valueCycles>>[number]

const add = (a: RunTotals, b: RunTotals): RunTotals => Object.fromEntries(Object.keys(ZERO_TOTALS).map((k) => [k, a[k as keyof RunTotals] + b[k as keyof RunTotals]])) as unknown as RunTotals
const totalsOf = (r: TotalsRow): RunTotals => Object.fromEntries(Object.keys(ZERO_TOTALS).map((k) => [k, r[k as keyof RunTotals]])) as unknown as RunTotals

function simPeriod(rows: TotalsRow[], cycles: CyclesRow[], period: 'current' | 'previous'): SimPeriod | null {
  const mine = rows.filter((r) => r.period === period)
  if (!mine.length) return null
  const byUse = new Map<string, { use_case: string; stockpulse: RunTotals; baseline: RunTotals }>()
  const out: SimPeriod = { stockpulse: ZERO_TOTALS, baseline: ZERO_TOTALS, by_use_case: [], cycles: { stockpulse: { cycles: 0, stockout_cycles: 0 }, baseline: { cycles: 0, stockout_cycles: 0 } } }
  for (const r of mine) {
    if (r.policy !== 'stockpulse' && r.policy !== 'baseline') continue
    const t = totalsOf(r)
    out[r.policy] = add(out[r.policy], t)
    const u = byUse.get(r.use_case) ?? { use_case: r.use_case, stockpulse: ZERO_TOTALS, baseline: ZERO_TOTALS }
    u[r.policy] = add(u[r.policy], t)
    byUse.set(r.use_case, u)
  }
  out.by_use_case = [...byUse.values()]
  for (const c of cycles) if (c.period === period && (c.policy === 'stockpulse' || c.policy === 'baseline')) out.cycles[c.policy] = { cycles: c.cycles, stockout_cycles: c.stockout_cycles }
  return out
}

/** The current period's days, both runs: cost (what value is measured by), lost margin, inventory at cost. */
function simDays(rows: TotalsRow[]): SimDay[] {
  const byDate = new Map<string, SimDay>()
  const zero = { cost: 0, lost_margin: 0, inventory_cost: 0 }
  for (const r of rows) {
    if (r.period !== 'current' || (r.policy !== 'stockpulse' && r.policy !== 'baseline')) continue
    const d = byDate.get(r.date) ?? { date: r.date, stockpulse: zero, baseline: zero }
    const was = d[r.policy]
    d[r.policy] = { cost: was.cost + policyCost(r), lost_margin: was.lost_margin + r.lost_margin, inventory_cost: was.inventory_cost + r.inventory_cost }
    byDate.set(r.date, d)
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date))
}

export interface ValueReportTimings {
  /** ms spent in the reads, and in all. */
  reads: number
  total: number
}

/** The report for [from, to] as the caller's access sees it (a scoped caller's figures are its locations only). */
export async function loadValueReport(rt: Pick<Runtime, 'clickhouse' | 'config'>, q: { from: string; to: string }, scope: AccessScope, timings?: ValueReportTimings): Promise<ValueReport> {
  const t0 = performance.now()
  const ch = rt.clickhouse.interactive
  const db = truthDatabase(rt.config.CLICKHOUSE_URL ? rt.config.CLICKHOUSE_DATABASE : undefined)
  const allowed = allowedParam(scope)
  const locations = allowed.length ? allowed : undefined
  const prev = previousPeriod(q.from, q.to)
  const base = { from: q.from, to: q.to, prev_from: prev.from, allowed }
  // One connection runs one query at a time (DESIGN.md): these queue on it in this order.
  const [[run], sales, [plan], transfers, current, previous, daily, calibration, rates] = await Promise.all([
    valueRunFor(ch, { db, from: q.from, to: q.to, allowed }),
    salesAtCost(ch, base),
    planNow(ch, { allowed }),
    transferCost(ch, base),
    settlementsByUseCase(ch, { from: q.from, to: q.to, locations }),
    settlementsByUseCase(ch, { ...prev, locations }),
    settledDaily(ch, { from: q.from, to: q.to, locations }),
    settlementCalibration(ch, { from: q.from, to: q.to, locations }),
    decisionRates(ch, { from: q.from, to: q.to, locations }),
  ])
  let sim: Parameters<typeof assembleReport>[0]['sim'] = null
  if (run && run.n > 0) {
    const p = { ...base, db, run: run.run }
    // The cycles walk every SKU-location's days (the heaviest read): on the heavy connection, beside the sums on this one.
    const [totals, cycles] = await Promise.all([valueTotals(ch, p), valueCycles(rt.clickhouse.heavy, p)])
    const cur = simPeriod(totals, cycles, 'current')
    if (cur) sim = { current: cur, previous: simPeriod(totals, cycles, 'previous'), daily: simDays(totals) }
  }
  const reads = performance.now() - t0
  const salesOf = (period: 'current' | 'previous') => sales.find((s) => s.period === period) ?? { units: 0, revenue: 0, cogs: 0 }
  const report = assembleReport({
    from: q.from,
    to: q.to,
    currency: rt.config.CURRENCY,
    carrying_rate: rt.config.CARRYING_RATE,
    generated_at: new Date().toISOString(),
    scope: allowedLocations(scope) ?? 'all',
    sim,
    sales: { current: salesOf('current'), previous: salesOf('previous') },
    plan: plan && plan.n > 0 ? plan : null,
    settlements: {
      current,
      previous,
      daily,
      calibration,
      transfer_cost: { current: transfers.find((t) => t.period === 'current')?.cost ?? 0, previous: transfers.find((t) => t.period === 'previous')?.cost ?? 0 },
    },
    rates,
  })
  if (timings) Object.assign(timings, { reads, total: performance.now() - t0 })
  return report
}
