import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'

const N = 500_000
async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chprof-'))
  const ch = await openClickHouse({ dataDir: dir } as never)
  await migrate(ch.heavy)
  let s = ''
  const t0 = Date.UTC(2025, 0, 1)
  const step = Math.floor((Date.now() - 7 * 86400000 - t0) / 2_000_000)
  for (let j = 0; j < N; j++) s += `${new Date(t0 + j * step).toISOString()},SKU-${(j * 7919) % 500},S${String(j % 14).padStart(2, '0')},store,${1 + (j % 3)},${(3 + (j % 50) * 0.5).toFixed(2)},${j % 3 === 0 ? 'C-' + (j % 5000) : ''},\n`
  const f = path.join(dir, `c.csv`)
  writeFileSync(f, s)
  const q = (x: string) => x.replaceAll("'", "\\'")
  const st = (ts: string) => `c0 ${ts}, c1 String, c2 String, c3 String, c4 Float64, c5 Float64, c6 String, c7 String`
  const cols = 'event_id, ts, sku, location, channel, qty, unit_price, promo_id, customer_id, order_id, fulfilment_location, source'
  let k = 0
  const base = "optimize_on_insert = 0, precise_float_parsing = 1, parallel_view_processing = 1, input_format_parallel_parsing = 0"
  await ch.heavy.command({ query: 'CREATE TABLE null_sales AS raw_sales ENGINE = Null' })
  await ch.heavy.command({ query: 'SYSTEM STOP MERGES' })
  const run = async (label: string, table: string, tsType: string, tsExpr: string, extra: string, idExpr = `concat('csv-abcdef0123456789abcd-', toString(K), '-', leftPad(toString(l), 10, '0'))`) => {
    const times: number[] = []
    for (let r = 0; r < 3; r++) {
      const sql = `INSERT INTO ${table} (${cols}) SELECT ${idExpr.replace('K', String(k++))}, ${tsExpr}, c1, c2, c3, c4, c5, '', c6, c7, '', 'bench' FROM (SELECT *, toUInt64(_row_number + 2) AS l FROM file('${f}', 'CSV', '${q(st(tsType))}')) SETTINGS ${base}, ${extra}`
      const t = performance.now()
      await ch.heavy.command({ query: sql })
      times.push(performance.now() - t)
    }
    console.log(`${label.padEnd(50)} ${times.map((t) => (t * 1000 / N).toFixed(2)).join(' ')} us/row wall`)
  }
  const BE = "date_time_input_format = 'best_effort'"
  await run('Null, best_effort', 'null_sales', "DateTime64(3, 'UTC')", 'c0', BE)
  await run('Null, ts String (no parse)', 'null_sales', 'String', 'now64(3)', BE)
  await run('Null, best_effort, const id', 'null_sales', "DateTime64(3, 'UTC')", 'c0', BE, "'x'")
  await run('raw_sales+views, best_effort', 'raw_sales', "DateTime64(3, 'UTC')", 'c0', BE)
  await run('raw_sales+views, best_effort, max_insert_threads=2', 'raw_sales', "DateTime64(3, 'UTC')", 'c0', BE + ', max_insert_threads = 2')
  await run('raw_sales+views, best_effort', 'raw_sales', "DateTime64(3, 'UTC')", 'c0', BE)
  await ch.close()
}
main().catch((e) => { console.error(e); process.exit(1) })
