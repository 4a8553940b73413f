/**
 * For e2e/decision-loop.spec.ts, with that test's server stopped: alter one row of its audit trail
 * in the embedded ClickHouse on disk (what someone with access to the data directory could do), so
 * the test can show the chain's check naming it. Usage: tamper-audit.ts <DATA_DIR> <seq>.
 */
import { openClickHouse } from '@/lib/clickhouse/client'

async function main() {
  const [dataDir, seq] = process.argv.slice(2)
  if (!dataDir || !/^\d+$/.test(seq ?? '')) throw new Error('usage: tamper-audit.ts <DATA_DIR> <seq>')
  const ch = await openClickHouse({ database: 'stockpulse', dataDir })
  await ch.heavy.command({
    query: `ALTER TABLE audit_log UPDATE reason = 'nothing happened here' WHERE seq = {seq:UInt64}`,
    query_params: { seq: Number(seq) },
    clickhouse_settings: { mutations_sync: '2' },
  })
  await ch.close()
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
