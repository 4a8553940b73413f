/** CSV imports and their undo (table `imports`, migration 012); quarantined events (`raw_quarantine`). */
import { z } from 'zod'
import { defineQuery } from '../query'

const num = z.coerce.number()
const chTime = z.string().transform((s) => `${s.replace(' ', 'T')}Z`)

/** An import id: `imp-` and lowercase base-36/hex characters (server/import/import-log.ts makes them). */
export const IMPORT_ID = /^imp-[a-z0-9-]{1,60}$/

const importRow = z.object({
  import_id: z.string(),
  status: z.enum(['landed', 'undone']),
  at: chTime,
  actor: z.string(),
  source: z.string(),
  type: z.string(),
  mode: z.string(),
  rows: num,
  landed: num,
  duplicates: num,
  rejected: num,
  quarantined: num,
  landed_at: chTime,
})
export type ImportRecord = z.infer<typeof importRow>

/** The latest row of each import: its state. */
const LATEST = `SELECT import_id, argMax(status, at) AS status, max(at) AS at, argMax(actor, at) AS actor, any(source) AS source,
                       any(type) AS type, any(mode) AS mode, argMin(rows, at) AS rows, argMin(landed, at) AS landed,
                       argMin(duplicates, at) AS duplicates, argMin(rejected, at) AS rejected, argMin(quarantined, at) AS quarantined,
                       min(at) AS landed_at
                FROM imports`

export const findImport = defineQuery({
  name: 'imports.find',
  sql: `${LATEST} WHERE import_id = {id:String} GROUP BY import_id`,
  params: z.object({ id: z.string() }),
  row: importRow,
})

export const recentImports = defineQuery({
  name: 'imports.recent',
  sql: `${LATEST} GROUP BY import_id ORDER BY landed_at DESC LIMIT {limit:UInt32}`,
  params: z.object({ limit: z.number().int().min(1).max(1_000) }),
  row: importRow,
})

const quarantineCount = defineQuery({
  name: 'quarantine.count',
  sql: 'SELECT uniqExact(event_id) AS n FROM raw_quarantine',
  params: z.object({}),
  row: z.object({ n: num }),
})

const quarantineRecent = defineQuery({
  name: 'quarantine.recent',
  sql: `SELECT event_id, any(type) AS type, any(source) AS source, any(ts) AS ts, any(rules) AS rules, any(event) AS event, max(ingested_at) AS landed_at
        FROM raw_quarantine GROUP BY event_id ORDER BY landed_at DESC, event_id LIMIT {limit:UInt32}`,
  params: z.object({ limit: z.number().int().min(1).max(1_000) }),
  row: z.object({ event_id: z.string(), type: z.string(), source: z.string(), ts: chTime, rules: z.array(z.string()), event: z.string(), landed_at: chTime }),
})

/** Quarantined events: how many, and the latest with the rules they failed. */
export async function quarantined(client: Parameters<typeof quarantineCount>[0], limit = 20) {
  const [[count], recent] = await Promise.all([quarantineCount(client, {}), quarantineRecent(client, { limit })])
  return { count: count?.n ?? 0, recent }
}
