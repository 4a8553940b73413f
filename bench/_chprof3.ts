import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'

const N = 250_000
async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chprof-'))
  const ch = await openClickHouse({ dataDir: dir } as never)
  await migrate(ch.heavy)
  const t0 = Date.UTC(2025, 0, 1)
  const step = Math.floor((Date.now() - 7 * 86400000 - t0) / 2_000_000)
  const files: string[] = []
  for (let k = 0; k < 8; k++) {
    let s = ''
    for (let i = 0; i < N; i++) { const j = k * N + i; s += `${new Date(t0 + j * step).toISOString()},SKU-${(j * 7919) % 500},S${String(j % 14).padStart(2, '0')},store,${1 + (j % 3)},${(3 + (j % 50) * 0.5).toFixed(2)},${j % 3 === 0 ? 'C-' + (j % 5000) : ''},\n` }
    const f = path.join(dir, `c${k}.csv`); writeFileSync(f, s); files.push(f)
  }
  const q = (x: string) => x.replaceAll("'", "\\'")
  const st = `c0 DateTime64(3, 'UTC'), c1 String, c2 String, c3 String, c4 Float64, c5 Float64, c6 String, c7 String`
  const cols = 'event_id, ts, sku, location, channel, qty, unit_price, promo_id, customer_id, order_id, fulfilment_location, source'
  const extra = process.env.X ? ', ' + process.env.X : ''
  const base = "optimize_on_insert = 0, precise_float_parsing = 1, parallel_view_processing = 1, input_format_parallel_parsing = 0, date_time_input_format = 'best_effort'" + extra
  let k = 0
  const ins = (c: typeof ch.heavy, f: string) => c.command({ query: `INSERT INTO raw_sales (${cols}) SELECT concat(${process.env.BIND ? '{prefix:String}' : "'csv-abcdef0123456789abcd-'"}, '${k++}-', leftPad(toString(l), 10, '0')), c0, c1, c2, c3, c4, c5, '', c6, c7, '', ${process.env.BIND ? '{source:String}' : "'bench'"} FROM (SELECT *, toUInt64(_row_number + 2) AS l FROM file('${f}', 'CSV', '${q(st)}')) SETTINGS ${base}${process.env.TOK ? `, insert_deduplication_token = 'tok${k}', deduplicate_blocks_in_dependent_materialized_views = 1` : ''}`, ...(process.env.BIND ? { query_params: { prefix: 'csv-abcdef0123456789abcd-', source: 'bench' } } : {}) })
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
  for (const mode of ['serial', 'two conns', 'serial', 'two conns']) {
    const t = performance.now(); const c = cpu()
    if (mode === 'serial') { for (let i = 0; i < 4; i++) await ins(ch.heavy, files[(k + i) % 8]) }
    else { await Promise.all([ (async () => { for (let i = 0; i < 2; i++) await ins(ch.heavy, files[i]) })(), (async () => { for (let i = 2; i < 4; i++) await ins(ch.bulk, files[i]) })() ]) }
    const w = performance.now() - t; const u = cpu() - c
    console.log(`${mode.padEnd(10)} 1M rows: wall ${w.toFixed(0)} ms (${(1e6 / w * 1000).toFixed(0)} rows/s), cpu ${u.toFixed(0)} ms, cores ${(u / w).toFixed(2)}`)
  }
  await ch.close()
}
main().catch((e) => { console.error(e); process.exit(1) })
