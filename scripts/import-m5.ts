/**
 * Load the M5 data set (Walmart daily unit sales) as StockPulse events:
 *   node --import tsx scripts/import-m5.ts --dir ../shared/data/m5
 * Reads calendar.csv, sell_prices.csv and the sales_train_*.csv file from --dir (the data stays
 * where it is). Mapping: lib/import/m5.ts. Loading twice lands nothing new.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { m5Files } from '@/lib/import/m5'
import { TargetError } from '@/server/import/target'
import { loadDataSet } from './import-loader'

async function main(): Promise<number> {
  const { dir } = parseArgs({ options: { dir: { type: 'string' } } }).values
  if (!dir) {
    console.error('usage: npm run import:m5 -- --dir <path to the m5 folder>')
    return 2
  }
  const salesFile = readdirSync(dir).find((f) => /^sales_train.*\.csv$/.test(f))
  if (!salesFile) throw new TargetError(`no sales_train_*.csv in ${dir}`)
  const t0 = performance.now()
  const { files, stats } = m5Files({
    calendar: readFileSync(path.join(dir, 'calendar.csv'), 'utf8'),
    prices: readFileSync(path.join(dir, 'sell_prices.csv'), 'utf8'),
    sales: readFileSync(path.join(dir, salesFile), 'utf8'),
  })
  const { summaries, ms } = await loadDataSet('m5', files)
  const landed = summaries.reduce((a, s) => a + s.landed, 0)
  const rows = summaries.reduce((a, s) => a + s.rows, 0)
  console.log(
    `M5: ${stats.series} series, ${stats.days} days, ${stats.stores} stores, ${stats.items} items; ` +
      `${rows.toLocaleString('en-GB')} events, ${landed.toLocaleString('en-GB')} landed now, in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(import ${(ms / 1000).toFixed(1)} s); ${stats.priceFallbacks} sale days priced from a neighbouring week, ${stats.unpriced} without any price skipped`,
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
