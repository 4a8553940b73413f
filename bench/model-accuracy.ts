/**
 * The model-accuracy read (lib/clickhouse/queries/model-accuracy.ts) at demo scale: `npm run
 * bench:model-accuracy` (SKUS=500 LOCATIONS=20 DAYS=365 by default; 2 channels). Fills products,
 * locations, forecasts, forecast_days (two overlapping runs per day, as a daily recompute leaves
 * them before merges) and sales_daily (about 70% of days sell) with generated rows, then times the
 * read (every segment kind at once) over the agent's 9 weeks, the API's default 12 weeks and the
 * whole period, and a read scoped to one region. the load average is printed with it: on a
 * shared machine the times scale with it. Embedded chDB in a temporary directory.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse, type ClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'
import { accuracyBySegment } from '@/lib/clickhouse/queries/model-accuracy'
import { SEGMENT_KINDS, segmentAccuracy } from '@/lib/forecast/accuracy'

const SKUS = Number(process.env.SKUS ?? 500)
const LOCATIONS = Number(process.env.LOCATIONS ?? 20)
const DAYS = Number(process.env.DAYS ?? 365)
const RUNS = Number(process.env.RUNS ?? 3)

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

async function main() {
  // KEEP_DIR: fill a directory once and time the read again on later runs (development).
  const keep = process.env.KEEP_DIR
  const filled = keep !== undefined && existsSync(path.join(keep, 'filled'))
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'sp-accuracy-bench-'))
  const ch = await openClickHouse({ database: 'default', dataDir: dir })
  try {
    const to = addDays(new Date().toISOString().slice(0, 10), -1)
    if (!filled) await fill(ch, to)
    if (keep) writeFileSync(path.join(keep, 'filled'), '')
    await timeReads(ch, to)
  } finally {
    await ch.close()
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}

async function fill(ch: ClickHouse, to: string) {
    await migrate(ch.heavy)
    const first = addDays(to, -(DAYS + 70))
    const series = SKUS * LOCATIONS * 2
    const t0 = Date.now()
    const q = (query: string) => ch.heavy.command({ query, clickhouse_settings: { max_partitions_per_insert_block: '1000' } })
    await q(`INSERT INTO products (event_id, sku, name, category, price, unit_cost, updated_at, source)
             SELECT concat('p', toString(number)), concat('SKU', toString(number)), '', concat('cat', toString(number % 10)), 5, 3, now64(3), 'bench' FROM numbers(${SKUS})`)
    await q(`INSERT INTO locations (event_id, location, kind, region, updated_at, source)
             SELECT concat('l', toString(number)), concat('L', toString(number)), 'store', concat('region', toString(number % 4)), now64(3), 'bench' FROM numbers(${LOCATIONS})`)
    // series number -> location, sku, channel
    const key = (n: string) => `concat('L', toString(intDiv(${n}, ${SKUS * 2}))) AS location, concat('SKU', toString(intDiv(${n}, 2) % ${SKUS})) AS sku, if(${n} % 2 = 0, 'store', 'online') AS channel`
    await q(`INSERT INTO forecasts (location, sku, channel, model, model_version, start_date, mean, lower, upper, d, sd_d, segment, run_id, computed_at)
             SELECT ${key('number')}, 'ets', 'v1', toDate('${to}'), [1], [0], [2], 1, 1, ['smooth','erratic','intermittent','lumpy'][number % 4 + 1], 'r', now64(3) FROM numbers(${series})`)
    const cells = series * (DAYS + 70)
    for (let off = 0; off < cells; off += 2_000_000) {
      const n = Math.min(2_000_000, cells - off)
      const s = `intDiv(number + ${off}, ${DAYS + 70})`
      const d = `(number + ${off}) % ${DAYS + 70}`
      const units = `toFloat64((sipHash64(number + ${off}) % 9))`
      await q(`INSERT INTO sales_daily (day, sku, location, channel, units, revenue, lines)
               SELECT toDate('${first}') + ${d} AS day, sku, location, channel, ${units} AS units, units * 5, 1 FROM (SELECT number, ${key(s)} FROM numbers(${n})) WHERE sipHash64(number + ${off}, 1) % 10 < 7`)
      for (const run of [0, 1])
        await q(`INSERT INTO forecast_days (location, sku, channel, day, mean, lower, upper, computed_at)
                 SELECT location, sku, channel, toDate('${first}') + ${d} AS day, 3 + ${run} * 0.2, 1, 6, toDateTime64(day, 3, 'UTC') - ${run} * 86400 FROM (SELECT number, ${key(s)} FROM numbers(${n}))`)
    }
    const counts = await (await ch.heavy.query({ query: `SELECT (SELECT count() FROM sales_daily) AS sales, (SELECT count() FROM forecast_days) AS forecast_days`, format: 'JSONEachRow' })).json()
    console.log(`filled ${series} series x ${DAYS + 70} days in ${Date.now() - t0} ms`, counts)
}

async function timeReads(ch: ClickHouse, to: string) {
    const time = async (name: string, params: Parameters<typeof accuracyBySegment>[1]) => {
    const ms: number[] = []
    const cpu: number[] = []
    let counts = ''
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      // chDB runs in this process: its CPU time (every thread) is the load-independent cost.
      const c = process.cpuUsage()
      const rows = await accuracyBySegment(ch.interactive, params)
      counts = SEGMENT_KINDS.map((k) => `${k} ${segmentAccuracy(rows.filter((r) => r.kind === k)).length}`).join(', ')
      const used = process.cpuUsage(c)
      cpu.push((used.user + used.system) / 1000)
      ms.push(performance.now() - t)
    }
    ms.sort((a, b) => a - b)
    cpu.sort((a, b) => a - b)
    const mid = RUNS >> 1
    console.log(`${name.padEnd(28)} wall median ${ms[mid].toFixed(0).padStart(6)} ms (min ${ms[0].toFixed(0)})  CPU median ${cpu[mid].toFixed(0).padStart(6)} ms  segments: ${counts}`)
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`)
  await time('9 weeks (the agent)', { from: addDays(to, -62), to })
  await time('12 weeks (the API default)', { from: addDays(to, -83), to })
  await time(`${DAYS} days`, { from: addDays(to, -(DAYS - 1)), to })
  const region0 = Array.from({ length: LOCATIONS }, (_, i) => `L${i}`).filter((_, i) => i % 4 === 0)
  await time('12 weeks, one region', { from: addDays(to, -83), to, allowed: region0 })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
