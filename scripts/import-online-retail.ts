/**
 * Load the UCI Online Retail data set (invoice lines of a UK web shop) as StockPulse events:
 *   node --import tsx scripts/import-online-retail.ts --file ../shared/data/online-retail/online_retail.csv.br
 * The file may be Brotli-compressed (.br) or plain CSV; it stays where it is. Mapping:
 * lib/import/online-retail.ts. Loading twice lands nothing new.
 */
import { readFileSync } from 'node:fs'
import { brotliDecompressSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import { onlineRetailFiles } from '@/lib/import/online-retail'
import { TargetError } from '@/server/import/target'
import { loadDataSet } from './import-loader'

async function main(): Promise<number> {
  const { file } = parseArgs({ options: { file: { type: 'string' } } }).values
  if (!file) {
    console.error('usage: npm run import:online-retail -- --file <path to online_retail.csv.br>')
    return 2
  }
  const t0 = performance.now()
  const raw = readFileSync(file)
  const text = (file.endsWith('.br') ? brotliDecompressSync(raw) : raw).toString('utf8')
  const { files, stats } = onlineRetailFiles(text)
  const { summaries, ms } = await loadDataSet('online-retail', files)
  const landed = summaries.reduce((a, s) => a + s.landed, 0)
  const rows = summaries.reduce((a, s) => a + s.rows, 0)
  console.log(
    `Online Retail: ${stats.lines.toLocaleString('en-GB')} invoice lines -> ${stats.sales.toLocaleString('en-GB')} sales, ${stats.returns.toLocaleString('en-GB')} returns, ` +
      `${stats.customers} customers, ${stats.products} products, ${stats.locations} web nodes; skipped ${stats.skippedNonMerchandise} non-merchandise, ` +
      `${stats.skippedWriteOffs} stock write-offs, ${stats.skippedNegativePrice} negative prices. ` +
      `${rows.toLocaleString('en-GB')} events, ${landed.toLocaleString('en-GB')} landed now, in ${((performance.now() - t0) / 1000).toFixed(1)} s (import ${(ms / 1000).toFixed(1)} s)`,
  )
  return 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof TargetError ? err.message : err)
    process.exit(1)
  },
)
