/**
 * Quarantine for CSV imports. The import's fast path lands rows straight from the file's bytes
 * (ClickHouse parses them; no event object is ever built), so implausible rows cannot be routed
 * row by row on the way in. Instead, once an import's rows have landed and before its touched
 * locations are announced for a KPI refresh, ClickHouse checks them with the same bounds as the
 * API's (lib/events/plausibility.ts, in their SQL form): the implausible ones are copied to
 * raw_quarantine with the rules they failed, then taken out of their landing table and every
 * rollup fed from it (remove.ts); their ids stay landed, so importing the file again lands
 * nothing new. The import's own rows are found by its source, which names the import.
 *
 * Between a chunk landing and this check, a KPI refresh started by other traffic could read the
 * implausible rows (seconds, and only for today's sales): a known window, closed by the refresh
 * the import queues when it finishes.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { EventType } from '@/lib/events/schema'
import { MASTER_TABLES, TABLE_BY_TYPE } from '@/lib/events/rows'
import { QUARANTINE_TABLE, plausibility } from '@/lib/events/quarantine'
import { removeLanded } from './remove'


/** Move an import's implausible rows to quarantine; the number moved. */
export async function quarantineImported(client: ClickHouseClient, type: EventType, source: string): Promise<number> {
  const table = TABLE_BY_TYPE[type]
  const ts = MASTER_TABLES.has(table) ? 'updated_at' : 'ts'
  const checks = plausibility().sqlChecks(type, ts)
  if (checks.length === 0) return 0
  const rs = await client.query({
    query: "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {table:String} AND name != 'ingested_at' ORDER BY position",
    query_params: { table },
    format: 'JSONEachRow',
  })
  const columns = (await rs.json<{ name: string }>()).map((r) => `\`${r.name}\``)
  await client.command({
    query: `INSERT INTO ${QUARANTINE_TABLE} (event_id, type, ts, source, event, rules)
            SELECT event_id, {type:String}, t, source, event, rules FROM (
              SELECT event_id, ${ts} AS t, source, formatRowNoNewline('JSONEachRow', ${columns.join(', ')}) AS event,
                     arrayFilter(x -> x != '', [${checks.map((c) => c.expr).join(', ')}]) AS rules
              FROM ${table} WHERE source = {source:String})
            WHERE length(rules) > 0`,
    query_params: { type, source },
    clickhouse_settings: { insert_deduplicate: 0 },
  })
  const { removed } = await removeLanded(
    client,
    { sql: `source = {source:String} AND event_id IN (SELECT event_id FROM ${QUARANTINE_TABLE} WHERE source = {source:String})`, source },
    { keepIds: true, tables: [table] },
  )
  return removed[table] ?? 0
}
