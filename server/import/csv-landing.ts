/**
 * The byte path's landing of a CSV chunk: the columns, types and SELECT with which ClickHouse reads
 * the file's own CSV bytes into the landing table (ChunkLander in lander.ts runs it).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { HeaderPlan } from '@/lib/import/mapping'
import { sqlLiteral } from '@/lib/clickhouse/literal'
import type { CsvLanding } from './lander'

/**
 * How ClickHouse reads a CSV chunk of this file into the landing table: the file's columns with
 * the landing columns' own types (so each cell is parsed as the TSV path's cell would be), and for
 * each insert column its value: the cell, the derived id (from the line `l`), the source, or for a
 * column the file does not have, what the TSV encoder writes for an absent field ('' or 0). The id
 * prefix (a content hash) and the source (`csv:<key name>` or `csv:user:<id>`, then `#<import id>`) are the server's
 * own and go in as literals (lib/clickhouse/literal.ts).
 */
export async function csvLanding(client: ClickHouseClient, table: string, columns: string[], plan: HeaderPlan, prefix: string, source: string): Promise<CsvLanding | undefined> {
  const rs = await client.query({
    query: 'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String}',
    query_params: { table },
    format: 'JSONEachRow',
  })
  const types = new Map((await rs.json<{ name: string; type: string }>()).map((r) => [r.name, r.type]))
  // LowCardinality columns are read as String and converted by the insert: the same values, and
  // cheaper than building the dictionary cell by cell while parsing (a 250,000-row chunk of sales
  // into raw_sales and its views, four paired runs: 2.75-3.15 against 3.12-4.12 CPU-µs per row).
  const fileType = (t: string | undefined) => (t === 'LowCardinality(String)' ? 'String' : t)
  const structure = plan.header.map((name, i) => `c${i} ${i === plan.typeIndex ? 'String' : fileType(types.get(name))}`)
  if (plan.header.some((name, i) => i !== plan.typeIndex && !types.has(name))) return undefined
  const select: string[] = []
  for (const col of columns) {
    const i = plan.header.indexOf(col)
    if (col === 'event_id') select.push(`concat(${sqlLiteral(prefix)}, if(l < 10000000000, leftPad(toString(l), 10, '0'), toString(l)))`)
    else if (col === 'source') select.push(sqlLiteral(source))
    else if (i >= 0) select.push(`c${i}`)
    else {
      const t = types.get(col) ?? ''
      if (/^(LowCardinality\()?String\)?$/.test(t)) select.push("''")
      else if (t === 'Float64') select.push('0')
      else return undefined
    }
  }
  return { structure: structure.join(', '), columns, select, prefix, source }
}
