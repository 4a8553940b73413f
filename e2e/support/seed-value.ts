/**
 * For e2e/value-report.spec.ts, with that test's own server stopped (as tamper-audit.ts writes
 * an audit row): write a fixed value report into the embedded ClickHouse on disk. No API writes
 * `{truth_db}.value_daily` (only the simulator's recorder does) and no API back-dates actions or
 * settlements, so the rows go in here, through the product's own client and migrations.
 * Usage: seed-value.ts <DATA_DIR>.
 *
 * What is written (every figure hand-computed in the spec from these rows):
 * - value_daily, run `seed-<SIMULATOR_SEED>` (simulatorValueSource), 28 days from VALUE_FROM, two
 *   SKU-locations, both policies: VAL-1@VAL-N attributed to replenishment, VAL-2@VAL-N to markdown.
 * - actions: two reorders (replenishment) and a markdown, delivered or confirmed, and a dead reorder
 *   (never executed: not counted); settlements for one reorder and the markdown.
 */
import { openClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'
import { simulatorValueSource } from '@/lib/clickhouse/queries/value-sim'
import { loadConfig } from '@/lib/config'
import { markCycles, type CycleState } from '@/lib/value/cycles'

export const VALUE_FROM = '2026-03-01'
export const VALUE_TO = '2026-03-28'
export const VALUE_LOCATION = 'VAL-N'
const DAYS = 28
const DAY = 86_400_000

const ZERO = { expedite_cost: 0, transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0 }

/** One SKU-location-day under one policy (weight 1: the day belongs to one use case). */
function day(sku: string, useCase: string, policy: 'baseline' | 'stockpulse', d: number, run: string) {
  const date = new Date(Date.parse(`${VALUE_FROM}T00:00:00Z`) + d * DAY).toISOString().slice(0, 10)
  const common = { run, policy, date, sku, location: VALUE_LOCATION, use_case: useCase, weight: 1 }
  // StockPulse receives stock on days 3, 10, 17, 24; the baseline on days 5 and 19.
  const receipts = policy === 'stockpulse' ? Number(d % 7 === 3) : Number(d % 14 === 5)
  if (sku === 'VAL-1') {
    return policy === 'baseline'
      ? { ...common, ...ZERO, demand: 10, sold: 8, lost: 2, revenue: 32, cogs: 16, lost_margin: 4, inventory_units: 20, inventory_cost: 40, carrying_cost: 0.5, receipts }
      : { ...common, ...ZERO, demand: 10, sold: 10, lost: 0, revenue: 40, cogs: 20, lost_margin: 0, inventory_units: 15, inventory_cost: 30, carrying_cost: 0.25, receipts }
  }
  if (policy === 'baseline') {
    return { ...common, ...ZERO, demand: 6, sold: 6, lost: 0, revenue: 24, cogs: 12, lost_margin: 0, inventory_units: 30, inventory_cost: 60, carrying_cost: 1, writeoff_cost: 0.5, receipts }
  }
  // StockPulse marks VAL-2 down (1 a day) and turns one unit away on the last day.
  const last = d === DAYS - 1
  return { ...common, ...ZERO, demand: 6, sold: last ? 5 : 6, lost: last ? 1 : 0, revenue: last ? 20 : 24, cogs: last ? 10 : 12, lost_margin: last ? 2 : 0, inventory_units: 18, inventory_cost: 36, carrying_cost: 0.5, markdown_cost: 1, receipts }
}

/** Who let an action run, stored as the actions table stores it (lib/clickhouse/queries/actions.ts: the payload's approved_by as JSON). */
export const VALUE_APPROVER = 'Val Planner'
const byPerson = JSON.stringify({ kind: 'person', actor: { kind: 'person', id: 'val-planner', name: VALUE_APPROVER } })
const byRule = JSON.stringify({ kind: 'rule', rule_version: 3 })

function action(id: string, kind: string, sku: string, createdAt: string, status: string, value: number, approvedBy = byPerson) {
  return {
    action_id: id, row_id: `${id}-1`, version: 1, alert_id: `alert-${id}`, kind, sku, location: VALUE_LOCATION, channel: '', supplier: '', from_location: '',
    quantity: 12, split: '', price: kind === 'markdown' ? 3 : null, cost: 0, value, rule_version: approvedBy === byRule ? 3 : 1, approved_by: approvedBy,
    created_at: createdAt, status, attempts: 1, detail: '', updated_at: createdAt,
  }
}

function settlement(id: string, kind: string, useCase: string, sku: string, decidedAt: string, estimated: number, settled: number, outcome: string) {
  return {
    action_id: id, alert_id: `alert-${id}`, use_case: useCase, kind, sku, location: VALUE_LOCATION, decided_at: decidedAt, horizon_end: '2026-04-10',
    estimated_value: estimated, settled_value: settled, outcome, detail: '', settled_at: '2026-04-11 00:00:00.000',
  }
}

async function main() {
  const [dataDir] = process.argv.slice(2)
  if (!dataDir) throw new Error('usage: seed-value.ts <DATA_DIR>')
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, CLICKHOUSE_URL: undefined })
  const { truth_db, run } = simulatorValueSource(config)
  const ch = await openClickHouse({ database: config.CLICKHOUSE_DATABASE, dataDir })
  try {
    await migrate(ch.heavy, { truthDb: truth_db })
    // Cycles marked as the recorder marks them (lib/value/cycles.ts), day by day in order.
    const rows = []
    const cycles = new Map<string, CycleState>()
    for (let d = 0; d < DAYS; d++) {
      const today = []
      for (const policy of ['baseline', 'stockpulse'] as const) today.push(day('VAL-1', 'replenishment', policy, d, run), day('VAL-2', 'markdown', policy, d, run))
      rows.push(...markCycles(today, cycles))
    }
    await ch.insertRows('bulk', `${truth_db}.value_daily`, rows)
    await ch.insertRows('bulk', 'actions', [
      action('val-act-1', 'reorder', 'VAL-1', '2026-03-10 09:00:00.000', 'confirmed', 30),
      action('val-act-2', 'reorder', 'VAL-1', '2026-03-20 09:00:00.000', 'delivered', 20, byRule),
      action('val-act-3', 'markdown', 'VAL-2', '2026-03-12 09:00:00.000', 'delivered', 5),
      action('val-act-4', 'reorder', 'VAL-1', '2026-03-15 09:00:00.000', 'dead', 40),
    ])
    await ch.insertRows('bulk', 'action_settlements', [
      settlement('val-act-1', 'reorder', 'replenishment', 'VAL-1', '2026-03-10 09:00:00.000', 30, 25, 'stockout_prevented'),
      settlement('val-act-3', 'markdown', 'markdown', 'VAL-2', '2026-03-12 09:00:00.000', 5, 4, 'units_sold'),
    ])
  } finally {
    await ch.close()
  }
}

if (process.argv[1]?.endsWith('seed-value.ts')) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
