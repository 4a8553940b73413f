/** Storage health for operators: rows, bytes and active parts per table and partition. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'

const num = z.coerce.number()

const tables = defineQuery({
  name: 'storage.tables',
  sql: `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes_on_disk, count() AS parts,
               uniqExact(partition) AS partitions, max(parts_in_partition) AS max_parts_per_partition
        FROM (
          SELECT table, partition, rows, bytes_on_disk, count() OVER (PARTITION BY table, partition) AS parts_in_partition
          FROM system.parts WHERE active AND database = currentDatabase()
        )
        GROUP BY table ORDER BY table`,
  params: z.object({}),
  row: z.object({ table: z.string(), rows: num, bytes_on_disk: num, parts: num, partitions: num, max_parts_per_partition: num }),
})

export async function storageSummary(client: ClickHouseClient) {
  const rows = await tables(client, {})
  return {
    tables: rows,
    total_rows: rows.reduce((s, r) => s + r.rows, 0),
    total_bytes_on_disk: rows.reduce((s, r) => s + r.bytes_on_disk, 0),
  }
}
