/**
 * Queries over landed events: the writer's dedup look-up, by event_id alone.
 *
 * Three steps, each on fewer ids (migration 013 has the measurements):
 *  1. every id of the flush against `landed_ids`, a hash set (sipHash64) of every landed id: its
 *     cost follows the flush's size, not history, and a live flush of new ids stops here;
 *  2. the ids it named (replays, mostly, and hash collisions) confirmed in `event_days` by the
 *     day of their timestamp and their id: a replay carries the same timestamp, and only the
 *     granules of its days are read;
 *  3. those still unconfirmed (an id re-sent with another timestamp, or a collision) in
 *     `event_ids` by id alone: few ids, so few granules.
 * The keys and ids go in as tab-separated lines (ids are printable ASCII without spaces,
 * lib/events/schema.ts), so TSVRaw needs no escaping.
 */
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'

const KEY_STRUCTURE = `'day Date, event_id String'`
const ID_STRUCTURE = `'event_id String'`
/**
 * The set is in memory only (migration 013): after a restart it is empty until filled. Its marker
 * is in it once filled; without it the look-up answers one empty id (never a valid event_id), and
 * the set is filled first.
 */
const FILLED_MARKER = 'landed_ids:filled'
const MAYBE = (from: string) =>
  `SELECT event_id FROM ${from} WHERE sipHash64(event_id) IN landed_ids
   UNION ALL SELECT '' AS event_id WHERE NOT (sipHash64('${FILLED_MARKER}') IN landed_ids)`
const BY_DAY = (from: string) => `SELECT DISTINCT event_id FROM event_days WHERE (day, event_id) IN (SELECT day, event_id FROM ${from})`
const BY_ID = (from: string) => `SELECT DISTINCT event_id FROM event_ids WHERE event_id IN (SELECT event_id FROM ${from})`
const row = z.object({ event_id: z.string() })

/**
 * Embedded mode: the ids in a spool file (3-4x less CPU than the parameter form in chDB). The
 * path is the spool's own, written in as a literal: bound, this look-up (one per flush, the
 * longest read under load) queued every other bound query, the board's included, behind it.
 */
const inFile = (name: string, sql: (from: string) => string, structure: string) =>
  defineQuery({
    name,
    sql: sql(`file({path:String}, 'TSVRaw', ${structure})`),
    params: z.object({ path: z.string() }),
    literals: ['path'],
    row,
  })

/** Server mode: the ids as one String parameter (a large Array(String) binds slowly). */
const inParam = (name: string, sql: (from: string) => string, structure: string) =>
  defineQuery({ name, sql: sql(`format(TSVRaw, ${structure}, {keys:String})`), params: z.object({ keys: z.string() }), row })

const STEPS = {
  maybe: { file: inFile('events.maybe_landed_in_file', MAYBE, ID_STRUCTURE), param: inParam('events.maybe_landed_in_param', MAYBE, ID_STRUCTURE) },
  byDay: { file: inFile('events.landed_by_day_in_file', BY_DAY, KEY_STRUCTURE), param: inParam('events.landed_by_day_in_param', BY_DAY, KEY_STRUCTURE) },
  byId: { file: inFile('events.landed_by_id_in_file', BY_ID, ID_STRUCTURE), param: inParam('events.landed_by_id_in_param', BY_ID, ID_STRUCTURE) },
}

/**
 * Fill landed_ids from event_ids (every landed id), then mark it filled. Ids landing meanwhile go
 * in through the views as well, so none is missed. Once per ClickHouse handle at a time.
 */
const filling = new WeakMap<ClickHouse, Promise<void>>()
function fillLandedIds(ch: ClickHouse): Promise<void> {
  let p = filling.get(ch)
  if (!p) {
    p = (async () => {
      await ch.ingest.command({ query: 'INSERT INTO landed_ids SELECT sipHash64(event_id) FROM event_ids' })
      await ch.ingest.command({ query: `INSERT INTO landed_ids SELECT sipHash64('${FILLED_MARKER}')` })
    })().finally(() => filling.delete(ch))
    filling.set(ch, p)
  }
  return p
}

/** An event's key: the UTC day of its timestamp (YYYY-MM-DD) and its id. */
export interface EventKey {
  day: string
  id: string
}

/**
 * Which of `keys` have already landed (in any landing table), by id alone. Over HTTP the keys go
 * in chunks: query parameters travel in the URL, which has a size cap.
 */
export async function existingEventKeys(ch: ClickHouse, keys: EventKey[]): Promise<Set<string>> {
  const run = async (step: keyof typeof STEPS, items: EventKey[], line: (k: EventKey) => string): Promise<Set<string>> => {
    const found = new Set<string>()
    const chunk = ch.withSpoolFile ? items.length : 5_000
    for (let i = 0; i < items.length; i += chunk) {
      let text = ''
      for (let j = i; j < Math.min(items.length, i + chunk); j++) text += line(items[j])
      const rows = ch.withSpoolFile
        ? await ch.withSpoolFile(text, (path) => STEPS[step].file(ch.ingest, { path }))
        : await STEPS[step].param(ch.ingest, { keys: text })
      for (const r of rows) found.add(r.event_id)
    }
    return found
  }
  const idLine = (k: EventKey) => `${k.id}\n`
  let maybe = await run('maybe', keys, idLine)
  if (maybe.has('')) {
    await fillLandedIds(ch)
    maybe = await run('maybe', keys, idLine)
    maybe.delete('')
  }
  if (!maybe.size) return maybe
  const candidates = keys.filter((k) => maybe.has(k.id))
  const found = await run('byDay', candidates, (k) => `${k.day}\t${k.id}\n`)
  const rest = candidates.filter((k) => !found.has(k.id))
  if (rest.length) for (const id of await run('byId', rest, idLine)) found.add(id)
  return found
}
