/** Queries over landed events: the writer's dedup look-up. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'

const existingIdsQuery = defineQuery({
  name: 'events.existing_ids',
  sql: 'SELECT DISTINCT event_id FROM event_ids WHERE event_id IN {ids:Array(String)}',
  params: z.object({ ids: z.array(z.string()) }),
  row: z.object({ event_id: z.string() }),
})

/** Ids are looked up in chunks: query parameters travel in the URL over HTTP, which has a size cap. */
const LOOKUP_CHUNK = 5_000

/** Which of `ids` have already landed (in any landing table). */
export async function existingEventIds(client: ClickHouseClient, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await existingIdsQuery(client, { ids: ids.slice(i, i + LOOKUP_CHUNK) })
    for (const r of rows) found.add(r.event_id)
  }
  return found
}
