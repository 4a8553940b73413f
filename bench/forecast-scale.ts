/**
 * bench:forecast-scale: recompute forecasts, policies and risk for 500,000 series (50 locations x
 * 10,000 SKUs) over two years of daily history in embedded ClickHouse. Target: <= 60 s wall,
 * peak RSS <= 4 GB on 2 cores.
 *
 * The history is generated inside ClickHouse straight into the daily rollup, with the
 * simulator's demand shape (mix of fast, slow and intermittent movers; weekly and yearly
 * seasonality; promotions with uplift and a dip after; Poisson noise), because landing ~1 billion
 * raw events through the simulator first would take hours and measures ingest, not planning.
 * Stock snapshots and products are generated too, so every series gets a real position.
 *
 * The seasonality state (category_daily) a daily recompute finds from its earlier runs is filled
 * from the history before the timed run, and that one-off is timed apart. So is the external-signal
 * state (signal_cells: two years of category x location days, synthetic here) with a weather reading
 * per location and day and some local events, so the run learns signal effects at full size (the
 * generated demand ignores the weather: the effects should come out at zero).
 *
 * BENCH_SIGNAL_BACKFILL=on fills that state instead as a first run on a deployment would, from the
 * history (jobs/recompute/signals-backfill.ts, without its time budget), and times that one-off.
 *
 * Env: BENCH_LOCATIONS (50), BENCH_SKUS (10000), BENCH_DAYS (730), BENCH_THREADS (2), BENCH_DIR (kept;
 * run again on it, the history is reused), BENCH_SIGNAL_BACKFILL (off).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse, type ClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'
import { blockPacker, runRecompute } from '@/jobs/recompute/run'
import { backfillSignalCells } from '@/jobs/recompute/signals-backfill'
import { backfillCategoryDaily } from '@/lib/clickhouse/queries/planning-inputs'
import { HISTORY_DAYS } from '@/lib/planning/compute'
import { SEASONALITY_LOOKBACK_DAYS } from '@/lib/planning/seasonality'
import { SIGNAL_LOOKBACK_DAYS } from '@/lib/planning/signals'
import { peakRssMiB, printTable } from './lib'

const LOCS = Number(process.env.BENCH_LOCATIONS ?? 50)
const SKUS = Number(process.env.BENCH_SKUS ?? 10_000)
const DAYS = Number(process.env.BENCH_DAYS ?? 730)
const THREADS = Number(process.env.BENCH_THREADS ?? 2)

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

async function main() {
  const dir = process.env.BENCH_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sp-fscale-'))
  const ch = await openClickHouse({ database: 'bench', dataDir: dir })
  await migrate(ch.heavy)
  const today = new Date().toISOString().slice(0, 10)
  const series = LOCS * SKUS
  const t0 = Date.now()
  // A kept BENCH_DIR that already holds the history is recomputed again, not generated twice.
  const [{ n: existing }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM sales_daily', format: 'JSONEachRow' })).json<{ n: string }>()
  if (Number(existing) === 0) await generate(ch, today, series)
  else {
    // A history kept from before promotions were generated still gets the promotion events.
    const [{ n: promos }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM raw_promotions', format: 'JSONEachRow' })).json<{ n: string }>()
    if (Number(promos) === 0) await generatePromotions(ch, today)
    const [{ n: signals }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM raw_external_signals', format: 'JSONEachRow' })).json<{ n: string }>()
    if (Number(signals) === 0) await generateSignals(ch, today)
    // Same starting point as a first run: no earlier outputs, no merges still running.
    console.log(`reusing the history in ${dir}`)
    for (const t of ['forecasts', 'inventory_policies', 'planning_rollup', 'risk_top']) await ch.heavy.command({ query: `TRUNCATE TABLE ${t}` })
    for (;;) {
      const [{ n }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM system.merges', format: 'JSONEachRow' })).json<{ n: string }>()
      if (Number(n) === 0) break
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  const rows = await (await ch.heavy.query({ query: 'SELECT sum(lines) AS n FROM sales_daily', format: 'JSONEachRow' })).json<{ n: string }>()
  const genMs = Date.now() - t0
  // The seasonality state a daily recompute finds from earlier runs (lib/planning/seasonality.ts):
  // a first run on an empty table fills it from sales_daily, once; timed apart from the recompute.
  const tb = Date.now()
  const [{ n: state }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM category_daily', format: 'JSONEachRow' })).json<{ n: string }>()
  const windowFrom = Date.parse(today) - HISTORY_DAYS * 86_400_000
  if (Number(state) === 0) {
    await backfillCategoryDaily(ch.heavy, { from: isoDay(windowFrom - SEASONALITY_LOOKBACK_DAYS * 86_400_000), to: isoDay(windowFrom) })
    console.log(`category_daily filled from sales_daily (a first run's one-off) in ${((Date.now() - tb) / 1000).toFixed(1)} s`)
  }
  await fillSignalCells(ch, today)
  console.log(`history: ${Number(rows[0].n).toLocaleString('en-GB')} daily rows for ${series.toLocaleString('en-GB')} series, ready in ${(genMs / 1000).toFixed(1)} s`)

  const t1 = Date.now()
  const result = await runRecompute(ch, {
    threads: THREADS,
    onProgress: (p) => {
      if (p.done % 10 === 0) console.log(`  ${p.done}/${p.total} locations, ${p.series.toLocaleString('en-GB')} series, ${((Date.now() - t1) / 1000).toFixed(1)} s`)
    },
  })
  const wall = (Date.now() - t1) / 1000
  const rss = peakRssMiB('self')
  printTable(`bench:forecast-scale: ${LOCS} locations x ${SKUS} SKUs, ${DAYS} days of history`, [
    { metric: 'series forecast', value: result.series.toLocaleString('en-GB') },
    { metric: 'series with a promotion in their forecast', value: result.promoted_series.toLocaleString('en-GB') },
    { metric: 'sku-locations planned', value: result.skus.toLocaleString('en-GB') },
    { metric: 'recompute wall time', value: `${wall.toFixed(1)} s`, target: '<= 60 s', ok: wall <= 60 },
    { metric: 'peak RSS (process, incl. embedded ClickHouse)', value: `${(rss / 1024).toFixed(2)} GB`, target: '<= 4 GB', ok: rss <= 4096 },
    { metric: 'pooled level: sku x channel totals read and forecast (overlaps the first reads)', value: `${(result.timings.pool_ms / 1000).toFixed(1)} s` },
    { metric: 'time reading (ClickHouse, overlapped)', value: `${(result.timings.read_ms / 1000).toFixed(1)} s` },
    { metric: 'time computing (worker threads)', value: `${(result.timings.compute_ms / 1000).toFixed(1)} s` },
    { metric: 'time writing (overlapped)', value: `${(result.timings.write_ms / 1000).toFixed(1)} s` },
    { metric: 'external signals: state read + learning (before the locations)', value: `${((result.signals?.load_ms ?? 0) / 1000).toFixed(2)} s, ${result.signals?.cells ?? 0} category x location cells` },
    { metric: 'category x location forecasts a signal moved (>= 2% on a day)', value: String(result.signals?.moved ?? 0) },
    { metric: 'per series, wall', value: `${((wall * 1e6) / Math.max(1, result.series)).toFixed(0)} us` },
  ])
  await ch.close()
  if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true })
}

/**
 * Promotions: days are cut into 28-day periods (by day number); in period p the skus with
 * (p + s) % 10 = 0 (a tenth of them) run a promotion on its first 7 days at every location and
 * channel, 10, 20, 30 or 40% off by p % 4; demand rises by 1 + 2 x depth, then dips to 0.85 for 7 days.
 */
const PROMO_PERIOD = 28
const PROMO_DEPTH = (p: string) => `(0.1 + 0.1 * (${p} % 4))`

/** The promotion events of every period from before the history to past the forecast days. */
async function generatePromotions(ch: ClickHouse, today: string) {
  await ch.heavy.command({
    query: `INSERT INTO raw_promotions (event_id, ts, promo_id, skus, locations, channels, start, end, discount_pct, source)
      SELECT concat('promo-', toString(p)), toDateTime64(toDate(p * ${PROMO_PERIOD}) - 7, 3, 'UTC'), concat('PROMO-', toString(p)),
             arrayMap(k -> concat('SKU', leftPad(toString(k * 10 + (10 - p % 10) % 10), 5, '0')), range(intDiv({skus:UInt32}, 10))), [], [],
             toDateTime64(toDate(p * ${PROMO_PERIOD}), 3, 'UTC'), toDateTime64(toDate(p * ${PROMO_PERIOD} + 6), 3, 'UTC') + INTERVAL 86399 SECOND,
             100 * ${PROMO_DEPTH('p')}, 'bench'
      FROM (SELECT intDiv(toUInt32(toDate({today:String})) - {days:UInt32}, ${PROMO_PERIOD}) - 1 + number AS p FROM numbers(intDiv({days:UInt32}, ${PROMO_PERIOD}) + 5))`,
    query_params: { today, days: DAYS, skus: SKUS },
  })
}

/**
 * A weather reading per location and day (a yearly cosine plus hashed noise, rain on about 3 days in
 * 10) and, per location, a one-day local event about every 30 days, announced the day before.
 */
async function generateSignals(ch: ClickHouse, today: string) {
  await ch.heavy.command({
    query: `INSERT INTO raw_external_signals (event_id, ts, location, kind, value, tags, source)
      SELECT concat('wx-', toString(number)), toDateTime64(day, 3, 'UTC') + INTERVAL 6 HOUR, concat('L', leftPad(toString(l), 2, '0')), 'weather',
             round(12 + 9 * cos(2 * pi() * (toDayOfYear(day) - 200) / 365) + 4 * ((cityHash64(number, 3) % 1000) / 1000 - 0.5), 1),
             if(cityHash64(number, 4) % 10 < 3, ['rain'], []), 'bench'
      FROM (SELECT number, intDiv(number, {locs:UInt32}) AS d, number % {locs:UInt32} AS l, toDate({today:String}) - {days:UInt32} + d AS day FROM numbers({locs:UInt32} * {days:UInt32}))`,
    query_params: { today, days: DAYS, locs: LOCS },
  })
  await ch.heavy.command({
    query: `INSERT INTO raw_external_signals (event_id, ts, location, kind, value, tags, source)
      SELECT concat('le-', toString(number)), toDateTime64(day - 1, 3, 'UTC') + INTERVAL 12 HOUR, concat('L', leftPad(toString(l), 2, '0')), 'local_event', 3000,
             ['concert', 'days:1', concat('starts:', toString(day))], 'bench'
      FROM (SELECT number, intDiv(number, {locs:UInt32}) AS d, number % {locs:UInt32} AS l, toDate({today:String}) - {days:UInt32} + d + 2 AS day FROM numbers({locs:UInt32} * {days:UInt32}))
      WHERE cityHash64(number, 5) % 30 = 0`,
    query_params: { today, days: DAYS, locs: LOCS },
  })
}

/**
 * The external-signal state daily recomputes would have kept (lib/planning/signals.ts): per category
 * x location, two years of days up to 15 days ago, units around a flat baseline. Synthetic, for the
 * cost of reading and learning from a full state; a kept BENCH_DIR keeps it. With
 * BENCH_SIGNAL_BACKFILL=on, the production backfill's instead, timed.
 */
async function fillSignalCells(ch: ClickHouse, today: string) {
  const [{ n }] = await (await ch.heavy.query({ query: 'SELECT count() AS n FROM signal_cells', format: 'JSONEachRow' })).json<{ n: string }>()
  if (Number(n) > 0) return
  if (process.env.BENCH_SIGNAL_BACKFILL === 'on') {
    const b = await backfillSignalCells(ch, Date.parse(today), blockPacker, Infinity)
    console.log(`signal_cells filled from the history (a first run's one-off): ${b.windows} windows, ${b.cells.toLocaleString('en-GB')} cells in ${(b.ms / 1000).toFixed(1)} s`)
    return
  }
  const cells = LOCS * 10
  await ch.heavy.command({
    query: `INSERT INTO signal_cells (category, location, day, units, base, computed_at)
      SELECT concat('Cat', toString(number % 10)), concat('L', leftPad(toString(intDiv(number % {cells:UInt32}, 10)), 2, '0')),
             toDate({today:String}) - {lookback:UInt32} + intDiv(number, {cells:UInt32}) AS day,
             base * (1 + 0.05 * ((cityHash64(number) % 1000) / 500 - 1)), 500 + 50 * (number % 10) AS base, now64(3)
      FROM numbers({cells:UInt32} * ({lookback:UInt32} - 15))`,
    query_params: { today, cells, lookback: SIGNAL_LOOKBACK_DAYS },
  })
}

/** Two years of daily demand, promotions, stock snapshots and products, generated inside ClickHouse. */
async function generate(ch: ClickHouse, today: string, series: number) {
  // Demand rate per sku: 30% fast (4-24/day), 40% slow (0.4-2.4), 30% intermittent (0.03-0.2).
  // Location size factor 0.5-1.5; weekly (weekend x1.4) and yearly (+-25%) seasonality; promotions.
  // Poisson-like draws come from hashed uniforms (randPoisson wants a constant rate): Bernoulli
  // below one a day, the normal approximation above.
  await ch.heavy.command({
    query: `INSERT INTO sales_daily (day, sku, location, channel, units, revenue, lines)
      SELECT day, sku, location, 'store', units, units * 5, 1 FROM (
        SELECT toDate({today:String}) - {days:UInt32} + intDiv(number, {series:UInt32}) AS day,
               number % {skus:UInt32} AS s, intDiv(number % {series:UInt32}, {skus:UInt32}) AS l,
               concat('SKU', leftPad(toString(s), 5, '0')) AS sku, concat('L', leftPad(toString(l), 2, '0')) AS location,
               (cityHash64(s) % 100) AS mix, (cityHash64(s, 7) % 1000) / 1000 AS u,
               multiIf(mix < 30, 4 + 20 * u, mix < 70, 0.4 + 2 * u, 0.03 + 0.17 * u) AS base,
               toUInt32(day) AS dn, intDiv(dn, ${PROMO_PERIOD}) AS p, (p + s) % 10 = 0 AS promoted,
               multiIf(promoted AND dn % ${PROMO_PERIOD} < 7, 1 + 2 * ${PROMO_DEPTH('p')}, promoted AND dn % ${PROMO_PERIOD} < 14, 0.85, 1) AS promo_factor,
               base * (0.5 + (cityHash64(l) % 100) / 100) * if(toDayOfWeek(day) >= 6, 1.4, 1) * (1 + 0.25 * sin(2 * pi() * toDayOfYear(day) / 365)) * promo_factor AS rate,
               (cityHash64(number, 1) % 1000000 + 1) / 1000001 AS u1, (cityHash64(number, 2) % 1000000) / 1000000 AS u2,
               if(rate < 1, toFloat64(u1 < rate), greatest(0, round(rate + sqrt(rate) * sqrt(-2 * log(u1)) * cos(2 * pi() * u2)))) AS units
        FROM numbers({total:UInt64})
      ) WHERE units > 0`,
    query_params: { today, days: DAYS, series, skus: SKUS, total: series * DAYS },
    clickhouse_settings: { max_insert_threads: '2' },
  })
  await generatePromotions(ch, today)
  await generateSignals(ch, today)
  await ch.heavy.command({
    query: `INSERT INTO raw_inventory_snapshots (event_id, ts, sku, location, on_hand, reserved, source)
      SELECT concat('snap-', toString(number)), now64(3) - INTERVAL 1 HOUR, concat('SKU', leftPad(toString(number % {skus:UInt32}), 5, '0')),
             concat('L', leftPad(toString(intDiv(number, {skus:UInt32})), 2, '0')), toFloat64(cityHash64(number) % 120), 0, 'bench'
      FROM numbers({series:UInt32})`,
    query_params: { skus: SKUS, series },
  })
  await ch.heavy.command({
    query: `INSERT INTO products (event_id, sku, name, category, price, unit_cost, case_pack, moq, supplier, updated_at, source)
      SELECT concat('p-', toString(number)), concat('SKU', leftPad(toString(number), 5, '0')), concat('Item ', toString(number)),
             concat('Cat', toString(number % 10)), 5, 3, 6, 12, concat('SUP', toString(number % 8)), now64(3), 'bench'
      FROM numbers({skus:UInt32})`,
    query_params: { skus: SKUS },
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
