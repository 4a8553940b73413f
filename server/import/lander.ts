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
 * `optimize_on_insert = 0`: ClickHouse would otherwise merge each inserted block by its sorting key
 * (ReplacingMergeTree raw tables, SummingMergeTree rollups) before writing it. Here that finds
 * nothing to merge: ids are unique within a chunk and the rollup views already group by their
 * whole key. Skipping it cut the insert's CPU by about a third (sales with their three views).
 *
 * Settings go in the INSERT's own SETTINGS clause, not `clickhouse_settings`: over chDB those
 * become `SET` statements that stay on the connection (seen with chdb 3.4) and would hand this
 * import's dedup token to the next insert on the heavy connection.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ClickHouseClient } from '@clickhouse/client'
import { derivedId, type EncodedChunk, type LandingFormat } from '@/lib/import/encode'

export interface Chunk {
  /** The encoded rows in memory, or in a file (`held`: a strict import keeps its chunks on disk until the file passed). */
  rows: EncodedChunk | HeldRows
  /** Rows without event_id: the id prefix and each row's line number (ascending). */
  derived?: { prefix: string; lines: Uint32Array }
  /** Rows with event_id: each row's id. */
  ids?: string[]
}

export interface HeldRows {
  file: string
  n: number
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

  /**
   * @param spoolDir embedded mode: insert each chunk from a file (written here when the chunk is
   *   in memory) with `INSERT ... SELECT * FROM file(...)`. chDB parses rows that arrive inline with the INSERT
   *   about ten times slower than the same bytes read from a file (measured with chdb 3.4: 1M
   *   sale rows into a Null table, 6.0 s inline against 0.5 s through file(); into raw_sales
   *   with its views 5.8 s against 2.0 s). Over HTTP (server mode) rows go inline as usual.
   */
  constructor(
    private readonly client: ClickHouseClient,
    private readonly table: string,
    private readonly format: LandingFormat,
    private readonly columns: string[] | undefined,
    private readonly spoolDir?: string,
  ) {}

  /**
   * True once it is known that no id of this import can have landed before (a file whose ids are
   * all derived from its hash, none of which is in event_ids): chunks then skip the look-up.
   */
  knownNew = false

  /** How many distinct landed ids start with `prefix` (derived ids of one file). */
  async countPrefix(prefix: string): Promise<number> {
    // Ids are printable ASCII; the prefix ends with '-', so every id with it sorts below prefix-with-'.'.
    return this.countRange(prefix, prefix.slice(0, -1) + '.')
  }

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
        if (!seen.has(id)) seen.add(id)
        else {
          drop(i)
          duplicates++
        }
      }
    }
    // Ids that already landed.
    const tLookup = performance.now()
    let lo = idAt(0)
    let hi = idAt(n - 1)
    if (!chunk.derived) {
      for (const id of chunk.ids!) {
        if (id < lo) lo = id
        if (id > hi) hi = id
      }
    }
    const inRange = this.knownNew ? 0 : await this.countRange(lo, hi)
    if (chunk.derived && inRange >= n) {
      // Derived ids in [lo, hi] can only be this file's rows of those lines, and the chunk holds
      // every good row among them: as many landed as the chunk has rows means all of them did.
      this.timings.lookup_ms += performance.now() - tLookup
      return { landed: 0, duplicates: n, kept: new Uint8Array(n) }
    }
    if (inRange > 0) {
      const landed = inRange <= RANGE_FACTOR * n ? await this.idsInRange(lo, hi) : await this.idsIn(chunk.ids ?? Array.from({ length: n }, (_, i) => idAt(i)))
      for (let i = 0; landed.size && i < n; i++) {
        if ((!keep || keep[i]) && landed.has(idAt(i))) {
          drop(i)
          duplicates++
        }
      }
    }
    this.timings.lookup_ms += performance.now() - tLookup

    const landed = n - duplicates
    if (landed > 0) {
      const tInsert = performance.now()
      const rows = chunk.rows
      if (!keep && 'file' in rows && this.viaFile) await this.insertFile(rows.file, await hashFile(rows.file))
      else {
        const all = 'file' in rows ? await readFile(rows.file) : rows.payload
        await this.insert(keep ? select(all, n, keep) : all)
      }
      this.timings.insert_ms += performance.now() - tInsert
    }
    return { landed, duplicates, kept: keep }
  }

  private async countRange(lo: string, hi: string): Promise<number> {
    const rs = await this.client.query({
      // Distinct: event_ids may hold an id twice until its parts merge.
      query: 'SELECT uniqExact(event_id) AS n FROM event_ids WHERE event_id >= {lo:String} AND event_id <= {hi:String}',
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

  /** Inserts through file() (embedded mode, with a column list: see the constructor). */
  private get viaFile(): boolean {
    return this.spoolDir !== undefined && this.columns !== undefined
  }

  private async insert(payload: Buffer): Promise<void> {
    const token = createHash('sha256').update(payload).digest('hex')
    if (this.viaFile) {
      const file = path.join(this.spoolDir!, `chunk-${randomBytes(8).toString('hex')}.tsv`)
      await writeFile(file, payload)
      try {
        await this.insertFile(file, token)
      } finally {
        await rm(file, { force: true })
      }
      return
    }
    await this.exec(`${this.into()} SETTINGS ${this.settings(token)} FORMAT ${this.format}`, payload)
  }

  /** The file's structure is the insert's columns (use_structure_from_insertion_table_in_table_functions). */
  private async insertFile(file: string, payloadHash: string): Promise<void> {
    await this.exec(`${this.into()} SELECT * FROM file(${sqlString(file)}, '${this.format}') SETTINGS ${this.settings(payloadHash)}`)
  }

  private into(): string {
    return `INSERT INTO ${this.table}${this.columns ? ` (${this.columns.join(', ')})` : ''}`
  }

  /** The dedup token is the table and the payload's hash: the same rows sent again are a no-op. */
  private settings(payloadHash: string): string {
    const token = createHash('sha256').update(this.table).update('\0').update(payloadHash).digest('hex')
    return `insert_deduplication_token = '${token}', deduplicate_blocks_in_dependent_materialized_views = 1, optimize_on_insert = 0`
  }

  private async exec(query: string, payload?: Buffer): Promise<void> {
    const res = await this.client.exec({ query, ...(payload ? { values: Readable.from([payload], { objectMode: false }) } : {}) })
    // Over HTTP the (empty) answer must be read to free the socket.
    for await (const _ of res.stream) void _
  }
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const b of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(b as Buffer)
  return h.digest('hex')
}

/** A ClickHouse string literal. */
function sqlString(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** The payload bytes of the kept rows (row i is the payload's line i). */
function select(p: Buffer, n: number, keep: Uint8Array): Buffer {
  const parts: Buffer[] = []
  let start = 0
  for (let i = 0; i < n; i++) {
    const end = p.indexOf(10, start) + 1
    if (keep[i]) parts.push(p.subarray(start, end))
    start = end
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
