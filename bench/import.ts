/**
 * npm run bench:import: CSV import speed, in-process, embedded ClickHouse in a temp DATA_DIR.
 *
 * 1. Writes BENCH_IMPORT_ROWS (default 2,000,000) sales to a temp CSV (no event_id column, so
 *    ids are derived from the file's hash, as for most real files).
 * 2. Measures the JavaScript side alone, no ClickHouse: the byte pass the import takes for this
 *    file (check rows on the bytes, copy the good ones into chunks), and for comparison the string
 *    path (parse, validate, encode to TSV) that other files take.
 * 3. Imports the file (strict) and prints rows/s, where the time went (hash, the parse/validate/
 *    encode pass, landing), CPU per row and peak RSS; then imports it again (every row a
 *    duplicate).
 * 4. When ../shared/data is there (or BENCH_DATA), times the M5 and Online Retail loaders.
 *
 * Redis comes from REDIS_URL (a key prefix of its own, removed at the end).
 */
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, readSync, readdirSync, existsSync, rmSync, statSync } from 'node:fs'
import { createReadStream } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { brotliDecompressSync } from 'node:zlib'
import { loadConfig } from '@/lib/config'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { CsvReader } from '@/lib/import/csv'
import { planHeader } from '@/lib/import/mapping'
import { rowValidator } from '@/lib/import/validate'
import { RowEncoder, derivedId } from '@/lib/import/encode'
import { byteRowPlan } from '@/lib/import/scan'
import { bytePass } from '@/server/import/byte-pass'
import { csvText, type SourceFile } from '@/lib/import/sources'
import { m5Files } from '@/lib/import/m5'
import { onlineRetailFiles } from '@/lib/import/online-retail'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import { importCsv } from '@/server/import'
import type { Runtime } from '@/server/runtime'
import { printTable } from './lib'

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 2_000_000)
const CHUNK = Number(process.env.BENCH_IMPORT_CHUNK ?? 250_000)
const TARGET = 300_000
const DATA = process.env.BENCH_DATA ?? path.resolve(process.cwd(), '../shared/data')

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000))
const fmt = (n: number) => n.toLocaleString('en-GB')
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const maxRssKb = () => process.resourceUsage().maxRSS
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000

async function writeSales(file: string, n: number, store = 'S'): Promise<void> {
  const out = createWriteStream(file)
  out.write('ts,sku,location,channel,qty,unit_price,customer_id,order_id\n')
  const t0 = Date.UTC(2025, 0, 1)
  const step = Math.max(1, Math.floor((Date.now() - 7 * 86_400_000 - t0) / n))
  let buf = ''
  for (let i = 0; i < n; i++) {
    const loyal = i % 3 === 0
    buf +=
      `${new Date(t0 + i * step).toISOString()},SKU-${(i * 7919) % 5000},${store}${String(i % 40).padStart(2, '0')},` +
      `${i % 5 === 0 ? 'ecommerce' : 'store'},${1 + (i % 4)},${(2 + (i % 97) * 0.25).toFixed(2)},${loyal ? `C${i % 20011}` : ''},${loyal ? `O${i}` : ''}\n`
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.end(buf)
  await finished(out)
}

/** The byte pass over the whole file, as the import runs it, without ClickHouse. */
async function bytesOnly(file: string): Promise<{ rows: number; ms: number; direct: boolean }> {
  const t0 = performance.now()
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(4096)
  readSync(fd, head, 0, head.length, 0)
  closeSync(fd)
  const header = head.toString('latin1').split('\n')[0].split(',')
  const p = planHeader('sale', header)
  if (!p.ok) throw new Error(p.error)
  let rows = 0
  let direct = true
  await bytePass({
    file,
    plan: p.plan,
    bytePlan: byteRowPlan(p.plan)!,
    validate: rowValidator(p.plan),
    prefix: 'csv-0123456789abcdef0123-',
    chunkRows: CHUNK,
    readBytes: 1 << 20,
    maxLineBytes: 1 << 20,
    keepRows: () => true,
    good: () => void rows++,
    bad: (line) => {
      throw new Error(`line ${line}`)
    },
    touched: () => {},
    chunk: async (c) => void (direct &&= c.direct),
    progress: () => {},
  })
  return { rows, ms: performance.now() - t0, direct }
}

/** Parse, validate and encode the whole file, as the string path does, without ClickHouse. */
async function jsOnly(file: string): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now()
  let validate: ReturnType<typeof rowValidator> | undefined
  const enc = new RowEncoder('sale', 'bench')
  let rows = 0
  const prefix = 'csv-0123456789abcdef0123-'
  const reader = new CsvReader(
    (rec) => {
      if (!validate) {
        const p = planHeader('sale', rec.fields)
        if (!p.ok) throw new Error(p.error)
        validate = rowValidator(p.plan)
        return
      }
      const r = validate(rec.fields, derivedId(prefix, rec.line))
      if (!r.ok) throw new Error(`line ${rec.line}`)
      enc.add(r.event)
      rows++
      if (enc.rows >= CHUNK) enc.take()
    },
    () => {
      throw new Error('malformed')
    },
  )
  const dec = new TextDecoder('utf-8', { fatal: true })
  for await (const b of createReadStream(file, { highWaterMark: 1 << 20 })) reader.push(dec.decode(b as Buffer, { stream: true }))
  reader.end()
  enc.take()
  return { rows, ms: performance.now() - t0 }
}

async function loaders(rt: Runtime) {
  const out: { metric: string; value: string }[] = []
  const run = async (name: string, files: SourceFile[]) => {
    const t0 = performance.now()
    let rows = 0
    let landed = 0
    const parts: string[] = []
    for (const f of files) {
      const s = await importCsv(rt, { type: f.type, input: Readable.from(csvText(f), { objectMode: false }), source: name })
      if (!s.ok) throw new Error(`${name} ${f.type}: ${s.error ?? s.errors[0]?.reason}`)
      rows += s.rows
      landed += s.landed
      parts.push(`${f.type} ${fmt(s.landed)}`)
    }
    return { ms: performance.now() - t0, rows, landed, parts }
  }
  const m5Dir = path.join(DATA, 'm5')
  if (existsSync(path.join(m5Dir, 'calendar.csv'))) {
    const t0 = performance.now()
    const sales = readdirSync(m5Dir).find((f) => f.startsWith('sales_train'))!
    const { files } = m5Files({
      calendar: readFileSync(path.join(m5Dir, 'calendar.csv'), 'utf8'),
      prices: readFileSync(path.join(m5Dir, 'sell_prices.csv'), 'utf8'),
      sales: readFileSync(path.join(m5Dir, sales), 'utf8'),
    })
    const r = await run('m5', files)
    const total = performance.now() - t0
    out.push({ metric: 'M5 loader: events landed', value: fmt(r.landed) }, { metric: 'M5 loader: time', value: `${secs(total)} (${fmt(rate(r.rows, total))} events/s)` }, { metric: 'M5 loader: by type', value: r.parts.join(', ') })
    const again = await run('m5', files)
    out.push({ metric: 'M5 loader again: landed / time', value: `${fmt(again.landed)} / ${secs(again.ms)}` })
  }
  const retail = path.join(DATA, 'online-retail', 'online_retail.csv.br')
  if (existsSync(retail)) {
    const t0 = performance.now()
    const { files } = onlineRetailFiles(brotliDecompressSync(readFileSync(retail)).toString('utf8'))
    const r = await run('online-retail', files)
    const total = performance.now() - t0
    out.push(
      { metric: 'Online Retail loader: events landed', value: fmt(r.landed) },
      { metric: 'Online Retail loader: time', value: `${secs(total)} (${fmt(rate(r.rows, total))} events/s)` },
      { metric: 'Online Retail loader: by type', value: r.parts.join(', ') },
    )
  }
  return out
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-import-'))
  const file = path.join(tmp, 'sales.csv')
  const prefix = `spbench-import-${randomBytes(4).toString('hex')}`
  const config = loadConfig({ ...process.env, DATA_DIR: path.join(tmp, 'data'), REDIS_PREFIX: prefix, SIMULATOR: 'off', LOG_LEVEL: 'warn' })
  let rt: Runtime | undefined
  try {
    console.log(`writing ${fmt(ROWS)} sales to ${file} ...`)
    await writeSales(file, ROWS)
    const bytes = statSync(file).size
    console.log('JavaScript alone (byte pass; string path) ...')
    const jsCpu0 = process.cpuUsage()
    const js = await bytesOnly(file)
    const jsCpu = cpuMs(process.cpuUsage(jsCpu0))
    if (!js.direct) throw new Error('the bench file did not take the byte path')
    const strCpu0 = process.cpuUsage()
    const str = await jsOnly(file)
    const strCpu = cpuMs(process.cpuUsage(strCpu0))
    rt = await createRuntime(config)
    const rssBefore = maxRssKb()
    const load0 = os.loadavg()
    console.log('import (strict) ...')
    const cpu0 = process.cpuUsage()
    const first = await importCsv(rt, { type: 'sale', input: file, chunkRows: CHUNK, source: 'bench' })
    const cpu = cpuMs(process.cpuUsage(cpu0))
    if (!first.ok || first.landed !== ROWS) throw new Error(`import failed: ${JSON.stringify({ ...first, errors: first.errors.slice(0, 3) })}`)
    const rssAfter = maxRssKb()
    const load1 = os.loadavg()
    console.log('import again (all duplicates) ...')
    const again = await importCsv(rt, { type: 'sale', input: file, chunkRows: CHUNK, source: 'bench' })
    if (again.landed !== 0 || again.duplicates !== ROWS) throw new Error(`re-import landed ${again.landed}`)
    console.log('import of another file, skip-bad (lands while it parses) ...')
    const file2 = path.join(tmp, 'sales-2.csv')
    await writeSales(file2, ROWS, 'T')
    const skip = await importCsv(rt, { type: 'sale', input: file2, mode: 'skip-bad', chunkRows: CHUNK, source: 'bench' })
    if (!skip.ok || skip.landed !== ROWS) throw new Error(`skip-bad import landed ${skip.landed}`)
    rmSync(file2, { force: true })
    const tm = first.timings!
    const rows = [
      { metric: 'rows (file size)', value: `${fmt(ROWS)} (${(bytes / 1e6).toFixed(0)} MB)` },
      { metric: 'import, strict: rows/s', value: fmt(rate(ROWS, first.ms)), target: `>= ${fmt(TARGET)}`, ok: rate(ROWS, first.ms) >= TARGET },
      { metric: 'import, strict: time', value: secs(first.ms) },
      { metric: '  content hash (ids)', value: secs(tm.hash_ms) },
      { metric: '  pass over the rows (check; strict: keep them on disk)', value: `${secs(tm.pass_ms)} (${fmt(rate(ROWS, tm.pass_ms))} rows/s)` },
      { metric: '  landing after the pass', value: `${secs(tm.land_after_ms)} (${fmt(rate(ROWS, tm.land_after_ms))} rows/s)` },
      { metric: '    of which ClickHouse inserts', value: secs(tm.insert_ms) },
      { metric: '    of which event_id look-ups', value: secs(tm.lookup_ms) },
      { metric: 'CPU used by the import (JS + ClickHouse threads)', value: `${secs(cpu)} (${((1000 * cpu) / ROWS).toFixed(1)} µs/row)` },
      { metric: '  of which JavaScript (est., as measured alone)', value: `${secs(jsCpu)} (${((1000 * jsCpu) / ROWS).toFixed(1)} µs/row)` },
      { metric: '  of which ClickHouse (est., the rest)', value: `${secs(cpu - jsCpu)} (${((1000 * (cpu - jsCpu)) / ROWS).toFixed(1)} µs/row)` },
      { metric: 'ceiling with 2 idle CPUs (2 / CPU per row)', value: `${fmt(Math.round((2 * ROWS) / (cpu / 1000)))} rows/s` },
      { metric: 'JavaScript alone, byte pass: rows/s', value: `${fmt(rate(js.rows, js.ms))} (${((1000 * jsCpu) / js.rows).toFixed(2)} CPU-µs/row)` },
      { metric: 'JavaScript alone, string path (other files): rows/s', value: `${fmt(rate(str.rows, str.ms))} (${((1000 * strCpu) / str.rows).toFixed(1)} CPU-µs/row)` },
      {
        metric: 'import, skip-bad: rows/s (landing overlaps parsing)',
        value: `${fmt(rate(ROWS, skip.ms))} (${secs(skip.ms)}; inserts ${secs(skip.timings!.insert_ms)})`,
        target: `>= ${fmt(TARGET)}`,
        ok: rate(ROWS, skip.ms) >= TARGET,
      },
      { metric: 're-import (all duplicates): rows/s', value: `${fmt(rate(ROWS, again.ms))} (${secs(again.ms)})` },
      { metric: 'peak RSS (runtime open / after import)', value: `${mib(rssBefore)} / ${mib(rssAfter)}` },
      { metric: 'machine', value: `${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}` },
      { metric: '  1-min load before / after the strict import', value: `${load0[0].toFixed(1)} / ${load1[0].toFixed(1)}` },
    ]
    printTable(`bench:import: ${fmt(ROWS)} sales, embedded ClickHouse, chunks of ${fmt(CHUNK)} rows`, rows)
    if (process.env.BENCH_IMPORT_LOADERS !== '0') {
      const l = await loaders(rt)
      if (l.length) printTable('bench:import: real data loaders (in-process)', l)
      else console.log(`\n(no data sets at ${DATA}: loaders not timed)`)
    }
  } finally {
    if (rt) await closeRuntime(rt)
    await deleteKeysWithPrefix(config.REDIS_URL, prefix)
    rmSync(tmp, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
