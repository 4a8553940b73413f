/**
 * bench:board: latency of the board's KPI reads at 100 million sales rows. Target: p95 <= 50 ms
 * per query and per whole refresh, answered from the rollups.
 *
 * The sales are generated inside ClickHouse and land through the real path: `INSERT INTO
 * raw_sales SELECT ... FROM numbers(...)`, in chunks, so the materialized views fill
 * `sales_minutely`, `sales_daily` and `event_ids` exactly as the ingest writer's inserts do.
 * Spread: 50 locations (skewed: flagship stores sell more), 10,000 SKUs (popular ones sell more),
 * 4 channels, evenly over the last BENCH_DAYS days up to the bench's clock, in time order as
 * ingest lands them. The bench's clock (`as of`) is today 18:00 UTC by default (on a reused data
 * directory: the last sale's time), so "today" and "last hour" always hold a realistic day's
 * worth of data whenever the bench runs; every read is run as of that instant, the way the
 * server runs it as of now.
 *
 * Planning tiles and the heatmap read `planning_rollup`, which the recompute rebuilds from
 * `inventory_policies`: the bench writes two recompute generations of policies (500,000
 * SKU-locations each) and rebuilds the rollup and the at-risk ranking with the recompute's own
 * `rebuildRollup` and `rebuildRiskTop`, twice.
 *
 * Then, warm, each read of a refresh (the very functions `kpiSnapshots` calls) BENCH_RUNS times
 * one at a time, and `kpiSnapshots` itself, for 'all' and for single locations; then the KPI
 * push job's refresh ('all' plus dirty locations), and what the page adds (location list on
 * load, the at-risk list refetched on each push).
 *
 * Env: BENCH_BOARD_ROWS (100,000,000), BENCH_CHUNK (10,000,000), BENCH_LOCATIONS (50),
 * BENCH_SKUS (10,000), BENCH_DAYS (730), BENCH_RUNS (50), BENCH_AS_OF (ISO instant),
 * BENCH_DIR (reuse a data directory: generation is skipped when it already holds the rows),
 * BENCH_KEEP=1 (keep the data directory), CLICKHOUSE_URL (+ _USER, _PASSWORD): a server
 * instead, database `bench_board`, dropped at the end unless BENCH_KEEP=1.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse, type ClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'
import { kpiRefreshReads, kpiSnapshots, knownLocations, locationZones } from '@/lib/clickhouse/queries/kpis'
import { rebuildRiskTop, rebuildRollup, riskList, riskTop } from '@/lib/clickhouse/queries/planning'
import { ALL_LOCATIONS, STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { dirBytes, fmtBytes, latencyRow, loadAverage, printTable, timeRuns } from './lib'

const ROWS = Number(process.env.BENCH_BOARD_ROWS ?? 100_000_000)
const CHUNK = Number(process.env.BENCH_CHUNK ?? 10_000_000)
const LOCS = Number(process.env.BENCH_LOCATIONS ?? 50)
const SKUS = Number(process.env.BENCH_SKUS ?? 10_000)
const DAYS = Number(process.env.BENCH_DAYS ?? 730)
const RUNS = Number(process.env.BENCH_RUNS ?? 50)
const KEEP = process.env.BENCH_KEEP === '1'
const TARGET_MS = 50
const DATABASE = 'bench_board'

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-GB')
const locId = (i: number) => `L${String(i).padStart(2, '0')}`

/** Today 18:00 UTC unless BENCH_AS_OF says otherwise. */
function benchClock(): Date {
  if (process.env.BENCH_AS_OF) return new Date(process.env.BENCH_AS_OF)
  const d = new Date()
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 18))
}

async function scalar(ch: ClickHouse, query: string): Promise<number> {
  const rows = await (await ch.heavy.query({ query, format: 'JSONEachRow' })).json<{ v: string | number }>()
  return Number(rows[0]?.v ?? 0)
}

/**
 * One chunk of sales, rows [from, to) of `total`, landed in raw_sales. Row i happens at
 * asOf - (total - 1 - i) x step, so chunks arrive in time order and end at the bench's clock.
 */
async function landSales(ch: ClickHouse, from: number, to: number, asOfMs: number) {
  await ch.heavy.command({
    query: `INSERT INTO raw_sales (event_id, ts, sku, location, channel, qty, unit_price, promo_id, customer_id, order_id, fulfilment_location, source, ingested_at)
      SELECT event_id, ts, sku, location, channel, qty, unit_price, promo_id, customer_id, order_id, '', source, ts + INTERVAL 2 SECOND
      FROM (
        SELECT number AS n,
               concat(lower(hex(cityHash64(n, 11))), '-', toString(n)) AS event_id,
               fromUnixTimestamp64Milli(toInt64({as_of:Int64} - ({total:UInt64} - 1 - n) * {step:Float64}), 'UTC') AS ts,
               (cityHash64(n, 1) % 1000000) / 1000000 AS u_loc, (cityHash64(n, 2) % 1000000) / 1000000 AS u_sku,
               cityHash64(n, 3) % 100 AS u_chan, cityHash64(n, 4) % 100 AS u_qty,
               toUInt32(floor({locs:UInt32} * pow(u_loc, 1.6))) AS l, toUInt32(floor({skus:UInt32} * pow(u_sku, 2))) AS s,
               concat('L', leftPad(toString(l), 2, '0')) AS location, concat('SKU', leftPad(toString(s), 5, '0')) AS sku,
               multiIf(u_chan < 70, 'store', u_chan < 85, 'ecommerce', u_chan < 95, 'marketplace', 'dark_store') AS channel,
               toFloat64(multiIf(u_qty < 80, 1, u_qty < 95, 2, 3 + u_qty % 4)) AS qty,
               round(2 + (cityHash64(s) % 5000) / 100 * if(cityHash64(n, 5) % 10 = 0, 0.8, 1), 2) AS unit_price,
               if(cityHash64(n, 5) % 10 = 0, concat('PROMO', toString(cityHash64(s) % 40)), '') AS promo_id,
               if(cityHash64(n, 6) % 10 < 3, concat('C', toString(cityHash64(n, 7) % 1000000)), '') AS customer_id,
               concat('O', toString(intDiv(n, 3))) AS order_id,
               multiIf(channel = 'store', 'pos', channel = 'ecommerce', 'web', channel = 'marketplace', 'marketplace', 'dark_store') AS source
        FROM numbers({from:UInt64}, {count:UInt64})
      )`,
    query_params: { as_of: String(asOfMs), total: ROWS, step: (DAYS * 86_400_000) / ROWS, locs: LOCS, skus: SKUS, from, count: to - from },
    clickhouse_settings: { max_insert_threads: '2', max_threads: 2 },
  })
}

/**
 * Policies as the recompute writes them (one row per SKU-location, every column), for one
 * recompute generation, then the board rollup rebuilt per location by the recompute's own code.
 */
async function writePlanning(ch: ClickHouse, generation: number, asOfMs: number) {
  await ch.heavy.command({
    query: `INSERT INTO inventory_policies
      SELECT location, sku, category, concat('SUP', toString(s % 8)) AS supplier, 'ets' AS model, '1' AS model_version,
             d, sd_d, lt AS lead_time_days, sd_lt AS sd_lead_time_days, 'supplier' AS lead_time_source, 0.95 AS service_level, 1.645 AS z,
             multiIf(s < {skus:UInt32} / 5, 'A', s < {skus:UInt32} / 2, 'B', 'C') AS abc, multiIf(cv < 0.5, 'X', cv < 1, 'Y', 'Z') AS xyz,
             ss AS safety_stock, d * lt + ss AS reorder_point, d * (lt + 14) + ss AS order_up_to,
             greatest(0, ceil(d * (lt + 14) + ss - position)) AS recommended_order_qty, 6 AS case_pack, 12 AS moq,
             on_hand, on_order, 0 AS reserved, position, price AS unit_price, price * 0.6 AS unit_cost,
             p_out AS stockout_probability, if(d > 0, on_hand / d, 9999) AS days_of_cover,
             if(d > 0 AND on_hand > 0, toDate(fromUnixTimestamp64Milli({as_of:Int64})) + toUInt32(on_hand / d), NULL) AS projected_stockout_date,
             if(p_out > 0.3, p_out * d * lt * price * 0.4, 0) AS expected_lost_margin,
             d * 28 * (1 - p_out / 4) AS sold_28d, d * 28 * p_out / 4 AS est_lost_28d,
             if(s % 9 = 0, greatest(0, on_hand + on_order - d * 20) * price * 0.5, 0) AS markdown_exposure,
             concat('run-', toString({generation:UInt32})) AS run_id,
             fromUnixTimestamp64Milli({as_of:Int64} - (3 - {generation:UInt32}) * 3600000, 'UTC') AS computed_at
      FROM (
        SELECT number AS n, n % {skus:UInt32} AS s, intDiv(n, {skus:UInt32}) AS l,
               concat('L', leftPad(toString(l), 2, '0')) AS location, concat('SKU', leftPad(toString(s), 5, '0')) AS sku,
               concat('Cat', leftPad(toString(cityHash64(s) % 12), 2, '0')) AS category,
               round(2 + (cityHash64(s) % 5000) / 100, 2) AS price,
               20 / (1 + s / 200) * (0.3 + 1.4 * pow(1 - l / {locs:UInt32}, 1.6)) AS d, 0.3 + (cityHash64(s, 8) % 100) / 100 AS cv, d * cv AS sd_d,
               3 + cityHash64(s, 9) % 10 AS lt, 0.5 + (cityHash64(s, 10) % 30) / 10 AS sd_lt, 1.645 * sqrt(lt * sd_d * sd_d + d * d * sd_lt * sd_lt) AS ss,
               toFloat64(floor((cityHash64(n, 12, {generation:UInt32}) % 1000) / 1000 * 2.5 * (d * lt + ss))) AS on_hand,
               toFloat64(if(cityHash64(n, 13) % 3 = 0, ceil(d * 14), 0)) AS on_order, on_hand + on_order AS position,
               if(d * lt > 0, 1 / (1 + exp(4 * (position - d * lt) / greatest(1, sqrt(lt * sd_d * sd_d + d * d * sd_lt * sd_lt)))), 0) AS p_out
        FROM numbers({series:UInt32})
      )`,
    query_params: { skus: SKUS, locs: LOCS, series: LOCS * SKUS, generation, as_of: String(asOfMs) },
    clickhouse_settings: { max_insert_threads: '2', max_threads: 2 },
  })
  for (let l = 0; l < LOCS; l++) {
    await rebuildRollup(ch.bulk, locId(l), STOCKOUT_RISK_THRESHOLD)
    await rebuildRiskTop(ch.bulk, locId(l))
  }
}

async function writeMasterData(ch: ClickHouse) {
  await ch.heavy.command({
    // Locations in four time zones, so "today" is each one's own business day (the read's per-location day start).
    query: `INSERT INTO locations (event_id, location, name, kind, region, parent, timezone, updated_at, source)
      SELECT concat('loc-', toString(number)), concat('L', leftPad(toString(number), 2, '0')), concat('Store ', toString(number)),
             if(number % 10 = 9, 'dc', 'store'), concat('R', toString(number % 5)), '',
             ['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo'][number % 4 + 1], now64(3), 'bench'
      FROM numbers({locs:UInt32})`,
    query_params: { locs: LOCS },
  })
}

interface TableSize {
  table: string
  rows: number
  bytes: number
  parts: number
}

async function tableSizes(ch: ClickHouse): Promise<TableSize[]> {
  const rs = await ch.heavy.query({
    query: `SELECT table, sum(rows) AS n_rows, sum(bytes_on_disk) AS n_bytes, count() AS n_parts FROM system.parts
            WHERE active AND database = currentDatabase() AND table IN ('raw_sales', 'event_ids', 'event_days', 'sales_minutely', 'sales_daily', 'inventory_policies', 'planning_rollup')
            GROUP BY table ORDER BY n_bytes DESC`,
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, string>>()).map((r) => ({ table: r.table, rows: Number(r.n_rows), bytes: Number(r.n_bytes), parts: Number(r.n_parts) }))
}

/** Wait (up to `maxMs`) for background merges and mutations to finish, so reads are timed in steady state. */
async function settle(ch: ClickHouse, maxMs: number): Promise<number> {
  const busy = () => scalar(ch, 'SELECT (SELECT count() FROM system.merges) + (SELECT count() FROM system.mutations WHERE NOT is_done) AS v')
  const t0 = Date.now()
  while (Date.now() - t0 < maxMs && (await busy()) > 0) await new Promise((r) => setTimeout(r, 2000))
  return busy()
}

async function main() {
  const url = process.env.CLICKHOUSE_URL
  const ownDir = !process.env.BENCH_DIR
  const dir = process.env.BENCH_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sp-board-'))
  const ch = await openClickHouse({ url, username: process.env.CLICKHOUSE_USER, password: process.env.CLICKHOUSE_PASSWORD, database: DATABASE, dataDir: dir })
  try {
    await migrate(ch.heavy)
    const existing = await scalar(ch, 'SELECT count() AS v FROM raw_sales')
    // Reused data ends at the clock it was generated with: read as of then.
    const asOf = existing && !process.env.BENCH_AS_OF ? new Date(await scalar(ch, 'SELECT toUnixTimestamp64Milli(max(ts)) AS v FROM raw_sales')) : benchClock()
    const asOfMs = asOf.getTime()
    console.log(`bench:board: ${url ? `ClickHouse at ${url}, database ${DATABASE}` : `embedded ClickHouse in ${dir}`}; as of ${asOf.toISOString()}; load average ${loadAverage()}`)
    let genMs = 0
    if (existing >= ROWS) {
      console.log(`raw_sales already holds ${fmtInt(existing)} rows: generation skipped`)
    } else {
      if (existing > 0) throw new Error(`raw_sales holds ${fmtInt(existing)} rows, fewer than ${fmtInt(ROWS)}: use an empty data directory / database`)
      const t0 = Date.now()
      for (let from = 0; from < ROWS; from += CHUNK) {
        const to = Math.min(ROWS, from + CHUNK)
        const tc = Date.now()
        await landSales(ch, from, to, asOfMs)
        console.log(`  ${fmtInt(to)} / ${fmtInt(ROWS)} sales landed (${((Date.now() - tc) / 1000).toFixed(1)} s for this chunk, load ${loadAverage()})`)
      }
      const tp = Date.now()
      await writeMasterData(ch)
      for (const generation of [1, 2]) await writePlanning(ch, generation, asOfMs)
      console.log(`  planning: ${fmtInt(2 * LOCS * SKUS)} policy rows, rollup rebuilt twice per location (${((Date.now() - tp) / 1000).toFixed(1)} s)`)
      genMs = Date.now() - t0
    }
    const tSettle = Date.now()
    const merging = await settle(ch, Number(process.env.BENCH_SETTLE_MS ?? 180_000))
    console.log(`settled ${((Date.now() - tSettle) / 1000).toFixed(1)} s; merges / mutations still running: ${merging}`)

    const sizes = await tableSizes(ch)
    const landed = await scalar(ch, 'SELECT count() AS v FROM raw_sales')
    const diskBytes = url ? sizes.reduce((a, s) => a + s.bytes, 0) : dirBytes(dir)
    printTable(`bench:board data: ${fmtInt(landed)} sales, ${LOCS} locations x ${SKUS} SKUs x 4 channels over ${DAYS} days`, [
      ...(genMs ? [{ metric: 'generation wall time (sales through raw_sales + MVs, planning)', value: `${(genMs / 1000).toFixed(1)} s` }] : []),
      { metric: url ? 'bytes on disk (tables above)' : 'bytes on disk (data directory)', value: fmtBytes(diskBytes) },
      ...sizes.map((s) => ({ metric: `${s.table}: rows / on disk / parts`, value: `${fmtInt(s.rows)} / ${fmtBytes(s.bytes)} / ${s.parts}` })),
    ])

    // Scopes: all locations; the biggest, a middling and the smallest store.
    const singles = [locId(0), locId(Math.floor(LOCS / 2)), locId(LOCS - 1)]
    const client = ch.interactive
    const rows: ReturnType<typeof latencyRow>[] = []
    const timeScope = async (scope: string) => {
      const reads = kpiRefreshReads([scope], asOf, await locationZones(client, asOf.getTime()))
      for (const r of reads) for (let i = 0; i < 3; i++) await r.run(client) // warm
      for (const r of reads) rows.push(latencyRow(`${scope}: ${r.name}`, await timeRuns(RUNS, () => r.run(client)), TARGET_MS))
      rows.push(latencyRow(`${scope}: whole refresh (kpiSnapshots)`, await timeRuns(RUNS, () => kpiSnapshots(client, [scope], asOf)), TARGET_MS))
    }
    const loadBefore = loadAverage()
    await timeScope(ALL_LOCATIONS)
    for (const loc of singles) await timeScope(loc)
    // The KPI push job: 'all' plus the locations the writer marked dirty, in one call.
    const pushScopes = [ALL_LOCATIONS, ...singles]
    await kpiSnapshots(client, pushScopes, asOf)
    rows.push(latencyRow(`push: kpiSnapshots(${pushScopes.join(', ')})`, await timeRuns(RUNS, () => kpiSnapshots(client, pushScopes, asOf)), TARGET_MS))
    // What the page adds: the location filter on load, the at-risk list refetched on each push.
    rows.push(latencyRow('page load: knownLocations', await timeRuns(RUNS, () => knownLocations(client, asOf)), TARGET_MS))
    // As GET /api/v1/risk answers the board's short list (from the ranked risk_top), and a long
    // list that ranks every latest policy row of a location.
    const atRisk: [string, () => Promise<unknown>][] = [
      ['riskTop(all)', () => riskTop(client, { location: '', min_probability: STOCKOUT_RISK_THRESHOLD, limit: 12 })],
      [`riskTop(${singles[0]})`, () => riskTop(client, { location: singles[0], min_probability: STOCKOUT_RISK_THRESHOLD, limit: 12 })],
      [`riskList(${singles[0]}), limit 500`, () => riskList(client, { location: singles[0], min_probability: STOCKOUT_RISK_THRESHOLD, limit: 500 })],
    ]
    for (const [name, run] of atRisk) {
      await run()
      rows.push(latencyRow(`at-risk list: ${name}`, await timeRuns(RUNS, run), name.includes('limit 500') ? undefined : TARGET_MS))
    }
    printTable(`bench:board: ${RUNS} warm runs each, one at a time, ${fmtInt(landed)} sales rows (load average before ${loadBefore}, after ${loadAverage()})`, rows)
    const failed = rows.filter((r) => r.ok === false).length
    if (failed) console.log(`\n${failed} of ${rows.length} missed the ${TARGET_MS} ms p95 target`)
  } finally {
    if (url && !KEEP) await ch.heavy.command({ query: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined)
    await ch.close()
    if (!url && ownDir && !KEEP && existsSync(dir)) rmSync(dir, { recursive: true, force: true })
    else if (!url && KEEP) console.log(`data kept in ${dir}`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
