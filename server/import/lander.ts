/**
 * Lands chunks of encoded rows in one landing table, exactly once per event_id.
 *
 * The same guarantee as the ingest writer's `landEvents` (jobs/ingest-writer.ts), with a look-up
 * that stays cheap for big chunks: a chunk's ids are first counted as one key range of
 * `event_ids` (its primary key). Zero, the usual case on a first import, means none landed.
 * Otherwise the landed ids of that range (or, when the range holds many foreign ids, of the
 * chunk's own list, sent as one String parameter: chDB binds a 250,000-element Array(String)
 * parameter so slowly that the look-up did not finish in two minutes) are fetched and their rows
 * dropped. Repeats inside a chunk are dropped before. The insert carries a dedup token (hash of
 * its bytes), so retrying the same chunk is a no-op, like the writer's.
 *
 * Settings go in the INSERT's own SETTINGS clause, not `clickhouse_settings`: over chDB those
 * become `SET` statements that stay on the connection (seen with chdb 3.4) and would hand this
 * import's dedup token to the next insert on the heavy connection.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { ClickHouseClient } from '@clickhouse/client'
import { derivedId, type EncodedChunk, type LandingFormat } from '@/lib/import/encode'

export interface Chunk {
  rows: EncodedChunk
  /** Rows without event_id: the id prefix and each row's line number (ascending). */
  derived?: { prefix: string; lines: Uint32Array }
  /** Rows with event_id: each row's id. */
  ids?: string[]
}

export interface ChunkResult {
  landed: number
  duplicates: number
  /** For each row, whether it landed (undefined: all did). */
  kept: Uint8Array | undefined
}

/** When the id range holds more than this many times the chunk's rows, look the ids up one by one. */
const RANGE_FACTOR = 2

export class ChunkLander {
  /** Milliseconds spent in id look-ups and in inserts. */
  readonly timings = { lookup_ms: 0, insert_ms: 0 }

  constructor(
    private readonly client: ClickHouseClient,
    private readonly table: string,
    private readonly format: LandingFormat,
    private readonly columns: string[] | undefined,
  ) {}

  async land(chunk: Chunk): Promise<ChunkResult> {
    const { n } = chunk.rows
    if (n === 0) return { landed: 0, duplicates: 0, kept: undefined }
    const idAt = chunk.derived ? (i: number) => derivedId(chunk.derived!.prefix, chunk.derived!.lines[i]) : (i: number) => chunk.ids![i]
    let keep: Uint8Array | undefined
    const drop = (i: number) => {
      if (!keep) keep = new Uint8Array(n).fill(1)
      keep[i] = 0
    }
    let duplicates = 0
    // Repeats inside the chunk (derived ids are distinct by construction).
    if (!chunk.derived) {
      const seen = new Set<string>()
      for (let i = 0; i < n; i++) {
        const id = chunk.ids![i]
        if (seen.has(id)) (drop(i), duplicates++)
        else seen.add(id)
      }
    }
    // Ids that already landed.
    const tLookup = performance.now()
    let lo = idAt(0)
    let hi = idAt(n - 1)
    if (!chunk.derived) for (const id of chunk.ids!) (id < lo && (lo = id), id > hi && (hi = id))
    const inRange = await this.countRange(lo, hi)
    if (inRange > 0) {
      const landed = inRange <= RANGE_FACTOR * n ? await this.idsInRange(lo, hi) : await this.idsIn(chunk.ids ?? Array.from({ length: n }, (_, i) => idAt(i)))
      if (landed.size) for (let i = 0; i < n; i++) if ((!keep || keep[i]) && landed.has(idAt(i))) (drop(i), duplicates++)
    }
    this.timings.lookup_ms += performance.now() - tLookup

    const landed = n - duplicates
    if (landed > 0) {
      const tInsert = performance.now()
      await this.insert(keep ? select(chunk.rows, keep) : chunk.rows.payload)
      this.timings.insert_ms += performance.now() - tInsert
    }
    return { landed, duplicates, kept: keep }
  }

  private async countRange(lo: string, hi: string): Promise<number> {
    const rs = await this.client.query({
      query: 'SELECT count() AS n FROM event_ids WHERE event_id >= {lo:String} AND event_id <= {hi:String}',
      query_params: { lo, hi },
      format: 'JSONEachRow',
    })
    const [row] = await rs.json<{ n: string | number }>()
    return Number(row?.n ?? 0)
  }

  /** Landed ids between lo and hi. Ids are printable ASCII without spaces, so raw TSV is safe. */
  private async idsInRange(lo: string, hi: string): Promise<Set<string>> {
    const rs = await this.client.query({
      query: 'SELECT DISTINCT event_id FROM event_ids WHERE event_id >= {lo:String} AND event_id <= {hi:String}',
      query_params: { lo, hi },
      format: 'TabSeparatedRaw',
    })
    return lineSet(await rs.text())
  }

  /** Which of `ids` landed. */
  private async idsIn(ids: string[]): Promise<Set<string>> {
    const rs = await this.client.query({
      query: "SELECT DISTINCT event_id FROM event_ids WHERE event_id IN (SELECT event_id FROM format(TSVRaw, 'event_id String', {ids:String}))",
      query_params: { ids: ids.join('\n') },
      format: 'TabSeparatedRaw',
    })
    return lineSet(await rs.text())
  }

  private async insert(payload: Buffer): Promise<void> {
    const token = createHash('sha256').update(this.table).update('\0').update(payload).digest('hex')
    const query =
      `INSERT INTO ${this.table}${this.columns ? ` (${this.columns.join(', ')})` : ''} ` +
      `SETTINGS insert_deduplication_token = '${token}', deduplicate_blocks_in_dependent_materialized_views = 1 ` +
      `FORMAT ${this.format}`
    const res = await this.client.exec({ query, values: Readable.from([payload], { objectMode: false }) })
    // Over HTTP the (empty) answer must be read to free the socket.
    for await (const _ of res.stream) void _
  }
}

/** The payload bytes of the kept rows. */
function select(rows: EncodedChunk, keep: Uint8Array): Buffer {
  const parts: Buffer[] = []
  let i = 0
  while (i < rows.n) {
    if (!keep[i]) {
      i++
      continue
    }
    let j = i
    while (j < rows.n && keep[j]) j++
    parts.push(rows.payload.subarray(rows.offsets[i], rows.offsets[j]))
    i = j
  }
  return Buffer.concat(parts)
}

function lineSet(text: string): Set<string> {
  const set = new Set<string>()
  let a = 0
  for (;;) {
    const b = text.indexOf('\n', a)
    if (b < 0) {
      if (a < text.length) set.add(text.slice(a))
      return set
    }
    if (b > a) set.add(text.slice(a, b))
    a = b + 1
  }
}
