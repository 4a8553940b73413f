/** Queries over landed events: the writer's dedup look-up. */
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'

// `(day, event_id) IN (...)` is a prefix of event_days' sorting key, so only the granules of the
// flush's days are read. The keys are tab-separated lines (ids are printable ASCII without
// spaces, lib/events/schema.ts), so TSVRaw needs no escaping.
const LANDED = `SELECT DISTINCT event_id FROM event_days WHERE (day, event_id) IN`
const KEY_STRUCTURE = `'day Date, event_id String'`

/**
 * Embedded mode: the keys in a spool file (3-4x less CPU than the parameter form in chDB). The
 * path is the spool's own, written in as a literal: bound, this look-up (one per flush, the
 * longest read under load) queued every other bound query, the board's included, behind it.
 */
const landedKeysInFile = defineQuery({
  name: 'events.landed_keys_in_file',
  sql: `${LANDED} (SELECT day, event_id FROM file({path:String}, 'TSVRaw', ${KEY_STRUCTURE}))`,
  params: z.object({ path: z.string() }),
  literals: ['path'],
  row: z.object({ event_id: z.string() }),
})

/** Server mode: the keys as one String parameter (a large Array(String) binds slowly). */
const landedKeysInParam = defineQuery({
  name: 'events.landed_keys_in_param',
  sql: `${LANDED} (SELECT day, event_id FROM format(TSVRaw, ${KEY_STRUCTURE}, {keys:String}))`,
  params: z.object({ keys: z.string() }),
  row: z.object({ event_id: z.string() }),
})

/** An event's dedup key: the UTC day of its timestamp (YYYY-MM-DD) and its id. */
export interface EventKey {
  day: string
  id: string
}

/**
 * Which of `keys` have already landed (in any landing table). Over HTTP the keys go in chunks:
 * query parameters travel in the URL, which has a size cap.
 */
export async function existingEventKeys(ch: ClickHouse, keys: EventKey[]): Promise<Set<string>> {
  const found = new Set<string>()
  const chunk = ch.withSpoolFile ? keys.length : 5_000
  for (let i = 0; i < keys.length; i += chunk) {
    let text = ''
    for (let j = i; j < Math.min(keys.length, i + chunk); j++) text += `${keys[j].day}\t${keys[j].id}\n`
    const rows = ch.withSpoolFile
      ? await ch.withSpoolFile(text, (path) => landedKeysInFile(ch.ingest, { path }))
      : await landedKeysInParam(ch.ingest, { keys: text })
    for (const r of rows) found.add(r.event_id)
  }
  return found
}
