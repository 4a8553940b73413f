import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse } from '@/lib/clickhouse/client'
async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chpar-'))
  const ch = await openClickHouse({ dataDir: dir } as never)
  const q = (c: typeof ch.heavy) => c.query({ query: 'SELECT sum(cityHash64(number)) FROM numbers(200000000) SETTINGS max_threads = 1', format: 'JSONEachRow' }).then((r) => r.json())
  await q(ch.heavy)
  let t = performance.now(); await q(ch.heavy); console.log('one', (performance.now() - t).toFixed(0))
  t = performance.now(); await Promise.all([q(ch.heavy), q(ch.bulk)]); console.log('two conns', (performance.now() - t).toFixed(0))
  t = performance.now(); await Promise.all([q(ch.heavy), q(ch.heavy)]); console.log('same conn x2', (performance.now() - t).toFixed(0))
  await ch.close()
}
main()
