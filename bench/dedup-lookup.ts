/**
 * The writer's dedup look-up (lib/clickhouse/queries/events.ts) against history: `npm run
 * bench:dedup-lookup` (HISTORY=3000000 by default). Fills event_ids, event_days and landed_ids
 * with HISTORY random ids over a year, then times a flush of 35,000 ids: all new (a live flush),
 * all replayed from today (a re-sent batch), and the previous look-up (event_days by day and id
 * only) for comparison. Embedded chDB in a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openClickHouse } from '@/lib/clickhouse/client'
import { migrate } from '@/lib/clickhouse/migrate'
import { existingEventKeys, type EventKey } from '@/lib/clickhouse/queries/events'

const HISTORY = Number(process.env.HISTORY ?? 3_000_000)
const FLUSH = 35_000

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-dedup-bench-'))
  const ch = await openClickHouse({ database: 'default', dataDir: dir })
  try {
    await migrate(ch.heavy)
    const id = (n: string) => `concat('e-', lower(hex(sipHash64(${n}))))`
    const day = (n: string) => `addDays(today(), -toInt32((${n}) % 365))`
    const t0 = Date.now()
    for (let off = 0; off < HISTORY; off += 1_000_000) {
      const n = Math.min(1_000_000, HISTORY - off)
      await ch.heavy.command({ query: `INSERT INTO event_ids (event_id, type, ingested_at) SELECT ${id(`number + ${off}`)}, 'sale', now64(3) FROM numbers(${n})` })
      await ch.heavy.command({ query: `INSERT INTO event_days SELECT ${day(`number + ${off}`)}, ${id(`number + ${off}`)} FROM numbers(${n}) SETTINGS max_partitions_per_insert_block = 1000` })
    }
    await ch.heavy.command({ query: 'OPTIMIZE TABLE event_days FINAL' })
    console.log(`history: ${HISTORY} ids in ${Date.now() - t0} ms`)
    const today = new Date().toISOString().slice(0, 10)
    const fresh: EventKey[] = Array.from({ length: FLUSH }, (_, i) => ({ day: today, id: `n-${(i * 2654435761 % 2 ** 32).toString(16)}-${i}` }))
    const rs = await ch.heavy.query({ query: `SELECT ${id('number * 365')} AS id FROM numbers(${FLUSH})`, format: 'JSONEachRow' })
    const replay: EventKey[] = (await rs.json<{ id: string }>()).map((r) => ({ day: today, id: r.id }))
    const time = async (name: string, fn: () => Promise<number>) => {
      const ms: number[] = []
      let found = 0
      for (let i = 0; i < 9; i++) {
        const t = performance.now()
        found = await fn()
        ms.push(performance.now() - t)
      }
      ms.sort((a, b) => a - b)
      console.log(`${name.padEnd(44)} found ${String(found).padStart(6)}  median ${ms[4].toFixed(1).padStart(6)} ms  min ${ms[0].toFixed(1)} ms`)
    }
    // The first look-up fills landed_ids from event_ids (as after a restart).
    const tf = Date.now()
    await existingEventKeys(ch, fresh.slice(0, 1))
    console.log(`landed_ids filled from event_ids in ${Date.now() - tf} ms`)
    const previous = async (keys: EventKey[]) =>
      ch.withSpoolFile!(keys.map((k) => `${k.day}\t${k.id}\n`).join(''), async (p) => {
        const r = await ch.ingest.query({ query: `SELECT DISTINCT event_id FROM event_days WHERE (day, event_id) IN (SELECT day, event_id FROM file('${p}', 'TSVRaw', 'day Date, event_id String'))`, format: 'JSONEachRow' })
        return (await r.json()).length
      })
    await time('new look-up, 35k new ids (live flush)', async () => (await existingEventKeys(ch, fresh)).size)
    await time('previous (event_days by day), 35k new ids', () => previous(fresh))
    await time('new look-up, 35k replayed ids (same day)', async () => (await existingEventKeys(ch, replay)).size)
    await time('previous (event_days by day), 35k replayed', () => previous(replay))
    const moved = replay.map((k) => ({ day: '2020-01-01', id: k.id }))
    await time('new look-up, 35k replayed under another day', async () => (await existingEventKeys(ch, moved)).size)
  } finally {
    await ch.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
