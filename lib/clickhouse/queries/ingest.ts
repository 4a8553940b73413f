/** What has landed, from where, how fresh: for GET /api/v1/ingest/status and the /data page. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { judgeFreshness } from '../../ingest-freshness'
import { defineQuery } from '../query'

export { judgeFreshness, type SourceFreshness } from '../../ingest-freshness'

const num = z.coerce.number()
const chTime = z.string().transform((s) => (s.startsWith('1970-01-01') ? null : `${s.replace(' ', 'T')}Z`))

/**
 * Landed and received events per source and type (migration 013). Landed is counted by the
 * landing inserts themselves (landed_counts); received is recorded per batch, under the batch's
 * name, after its flush (ingest_received): a replay after a crash writes the same batch again and
 * counts once, so duplicates = received - landed. A flush that landed but whose bookkeeping did
 * not (a crash just then) cannot make landed events look like duplicates: landed counts them, and
 * the replay records the batch's received figures once.
 */
const byType = defineQuery({
  name: 'ingest.by_source_type',
  sql: `SELECT source, type, sum(landed) AS landed, sum(received) AS received FROM (
          SELECT source, type, sum(events) AS landed, 0 AS received FROM landed_counts GROUP BY source, type
          UNION ALL
          SELECT source, type, 0 AS landed, sum(events) AS received
          FROM (SELECT source, type, batch, argMax(events, recorded_at) AS events FROM ingest_received GROUP BY source, type, batch)
          GROUP BY source, type)
        GROUP BY source, type ORDER BY source, type`,
  params: z.object({}),
  row: z.object({ source: z.string(), type: z.string(), landed: num, received: num }),
})

/**
 * Per source: totals, newest event, last flush, and its usual cadence (median gap between its
 * flushes over the last day), so freshness can be judged against what is normal for it.
 */
const bySource = defineQuery({
  name: 'ingest.by_source',
  sql: `SELECT source,
               max(last_event_ts) AS last_event_at,
               max(flushed_at) AS last_flush_at,
               arraySort(groupUniqArrayIf(toUnixTimestamp64Milli(flushed_at), flushed_at > now64(3) - INTERVAL 1 DAY AND events > 0)) AS times,
               if(length(times) > 1, arrayReduce('median', arrayDifference(times)), 0) AS cadence_ms
        FROM ingest_flushes
        GROUP BY source ORDER BY source`,
  params: z.object({}),
  row: z.object({ source: z.string(), last_event_at: chTime, last_flush_at: chTime, cadence_ms: num }),
})

const recentLag = defineQuery({
  name: 'ingest.recent_lag',
  sql: `SELECT max(max_lag_ms) AS lag_ms FROM ingest_flushes WHERE flushed_at > now64(3) - INTERVAL 1 MINUTE`,
  params: z.object({}),
  row: z.object({ lag_ms: num }),
})

const unknownRefs = defineQuery({
  name: 'ingest.unknown_master_refs',
  sql: `SELECT kind, ref, min(first_seen) AS first_seen, max(last_seen) AS last_seen, sum(occurrences) AS occurrences, any(example_event_id) AS example_event_id
        FROM data_quality_issues
        WHERE NOT ((kind = 'sku' AND ref IN (SELECT sku FROM products))
                OR (kind = 'location' AND ref IN (SELECT location FROM locations))
                OR (kind = 'supplier' AND ref IN (SELECT supplier FROM suppliers)))
        GROUP BY kind, ref ORDER BY sum(occurrences) DESC, ref LIMIT {limit:UInt32}`,
  params: z.object({ limit: z.number().int().min(1).max(10_000) }),
  row: z.object({ kind: z.string(), ref: z.string(), first_seen: chTime, last_seen: chTime, occurrences: num, example_event_id: z.string() }),
})

const unknownRefCount = defineQuery({
  name: 'ingest.unknown_master_ref_count',
  sql: `SELECT count() AS n FROM (SELECT kind, ref FROM data_quality_issues
        WHERE NOT ((kind = 'sku' AND ref IN (SELECT sku FROM products))
                OR (kind = 'location' AND ref IN (SELECT location FROM locations))
                OR (kind = 'supplier' AND ref IN (SELECT supplier FROM suppliers)))
        GROUP BY kind, ref)`,
  params: z.object({}),
  row: z.object({ n: num }),
})

export async function ingestLanded(client: ClickHouseClient, now = Date.now()) {
  const [types, sources, [lag], unknown, [unknownCount]] = await Promise.all([
    byType(client, {}),
    bySource(client, {}),
    recentLag(client, {}),
    unknownRefs(client, { limit: 50 }),
    unknownRefCount(client, {}),
  ])
  const byTypeTotal: Record<string, number> = {}
  const bySourceTotal = new Map<string, number>()
  let duplicates = 0
  for (const t of types) {
    byTypeTotal[t.type] = (byTypeTotal[t.type] ?? 0) + t.landed
    bySourceTotal.set(t.source, (bySourceTotal.get(t.source) ?? 0) + t.landed)
    // Received is recorded just after landing: for that moment it may trail what landed.
    duplicates += Math.max(0, t.received - t.landed)
  }
  const flushSources = new Map(sources.map((s) => [s.source, s]))
  const allSources = [...new Set([...bySourceTotal.keys(), ...flushSources.keys()])].sort()
  return {
    events_total: types.reduce((s, t) => s + t.landed, 0),
    duplicates_total: duplicates,
    by_type: Object.fromEntries(Object.entries(byTypeTotal).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))),
    sources: allSources.map((source) => flushSources.get(source) ?? { source, last_event_at: null, last_flush_at: null, cadence_ms: 0 }).map((s) => ({
      source: s.source,
      events: bySourceTotal.get(s.source) ?? 0,
      last_event_at: s.last_event_at,
      last_flush_at: s.last_flush_at,
      usual_cadence_ms: Math.round(s.cadence_ms),
      freshness: judgeFreshness(s.last_flush_at, s.cadence_ms, now),
    })),
    recent_flush_lag_ms: lag?.lag_ms ?? 0,
    unknown_master_refs: { count: unknownCount?.n ?? 0, top: unknown },
  }
}
