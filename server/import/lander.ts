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
 *
 * `parallel_view_processing = 1`: a chunk's views (ids, days, the sales rollups) are written side
 * by side instead of one after the other, so one chunk's insert keeps more than one core busy
 * (measured: strict import of 2M sales 245k -> 347k rows/s; landing 288k -> 444k rows/s). The
 * ingest writer does not set it: its flushes already insert several tables side by side, and with
 * it the writer fell further behind in bench:ingest.
 *
 * `precise_float_parsing = 1`: ClickHouse's default float reader is not correctly rounded; on
 * 300,000 random decimals of up to 15 characters it gave another double than `Number()` for 0.6%
 * of them (chdb 3.4, ClickHouse 26.7). With it, a landed number is exactly the validated one.
 *
 * CSV chunks (`CsvRows`, embedded mode): rows that passed the byte check of lib/import/scan.ts are
 * inserted from the file's own CSV bytes, ClickHouse computing the derived ids from the row
 * number (`_row_number` of file(), with `input_format_parallel_parsing = 0`: with parallel parsing
 * chdb 3.4 numbered about 3 in 10 rows one off). The chunk's line numbers are its first line
 * plus the row number, plus the few jumps where blank lines or rejected rows were left out.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ClickHouseClient } from '@clickhouse/client'
import { derivedId, type EncodedChunk, type LandingFormat } from '@/lib/import/encode'
import { sqlLiteral } from '@/lib/clickhouse/literal'

export interface Chunk {
  /** The encoded rows in memory, or in a file (`held`: a strict import keeps its chunks on disk until the file passed), or CSV rows. */
  rows: EncodedChunk | HeldRows | CsvRows
  /** Rows without event_id: the id prefix and each row's line number (ascending). */
  derived?: { prefix: string; lines: Uint32Array }
  /** Rows with event_id: each row's id. */
  ids?: string[]
}

export interface HeldRows {
  file: string
  n: number
}

/**
 * Rows kept as the file's CSV bytes (each row one line, only rows that passed the byte check),
 * in memory or in a file. `reencode` gives the same rows as TSV, for when some rows must be left
 * out (a partial re-import) or when ClickHouse cannot read a file (server mode).
 */
export interface CsvRows {
  csv: true
  n: number
  file?: string
  payload?: Buffer
  /** Line of row r: `first + r + extra`, extra from the last jump whose row <= r. */
  lines: { first: number; jumps: [row: number, extra: number][] }
  reencode(): Promise<EncodedChunk>
}

/** How a CSV chunk of one file maps onto the landing table (see `csvLanding` in csv-landing.ts). */
export interface CsvLanding {
  /** file() structure of the file's columns, `c0 <type>, c1 <type>, ...`. */
  structure: string
  /** Insert columns and, for each, its expression over c0.. cN and `l` (the line), with the id prefix and the source as literals. */
  columns: string[]
  select: string[]
  prefix: string
  source: string
}

/** Most line jumps a CSV chunk may have (blank lines, rejected rows); more: it is TSV-encoded. */
export const MAX_CSV_JUMPS = 64

export interface ChunkResult {
  landed: number
  duplicates: number
  /** For each row, whether it landed (undefined: all did). */
  kept: Uint8Array | undefined
}

/** When the id range holds more than this many times the chunk's rows, look the ids up one by one. */
const RANGE_FACTOR = 2

export class ChunkLander {
  /** Milliseconds spent in id look-ups and in inserts; chunks ClickHouse read as CSV, and as TSV/JSON. */
  readonly timings = { lookup_ms: 0, insert_ms: 0, csv_chunks: 0, encoded_chunks: 0 }

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
    private readonly csv?: CsvLanding,
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

  /**
   * Lands one chunk, through `via` (default: the lander's client). Chunks of derived ids may land
   * side by side on two connections (their ids are distinct); chunks with ids from the file may
   * not (a repeat in a later chunk is only found once the earlier one landed).
   */
  async land(chunk: Chunk, via: ClickHouseClient = this.client): Promise<ChunkResult> {
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
      const csvDirect = 'csv' in rows && !keep && this.viaFile && this.csv !== undefined
      if (csvDirect) this.timings.csv_chunks++
      else this.timings.encoded_chunks++
      if ('csv' in rows) {
        if (csvDirect) await this.insertCsv(rows, via)
        else {
          const enc = await rows.reencode()
          await this.insert(keep ? select(enc.payload, n, keep) : enc.payload, via)
        }
      } else if (!keep && 'file' in rows && this.viaFile) await this.insertFile(rows.file, await hashFile(rows.file), via)
      else {
        const all = 'file' in rows ? await readFile(rows.file) : rows.payload
        await this.insert(keep ? select(all, n, keep) : all, via)
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

  private async insert(payload: Buffer, via: ClickHouseClient): Promise<void> {
    const token = createHash('sha256').update(payload).digest('hex')
    if (this.viaFile) {
      const file = path.join(this.spoolDir!, `chunk-${randomBytes(8).toString('hex')}.tsv`)
      await writeFile(file, payload)
      try {
        await this.insertFile(file, token, via)
      } finally {
        await rm(file, { force: true })
      }
      return
    }
    await this.exec(via, `${this.into()} SETTINGS ${this.settings(token)} FORMAT ${this.format}`, payload)
  }

  /** The file's structure is the insert's columns (use_structure_from_insertion_table_in_table_functions). */
  private async insertFile(file: string, payloadHash: string, via: ClickHouseClient): Promise<void> {
    await this.exec(via, `${this.into()} SELECT * FROM file(${sqlLiteral(file)}, '${this.format}') SETTINGS ${this.settings(payloadHash)}`)
  }

  /**
   * A CSV chunk from its bytes. The rows are identified by the file's content hash (in the id
   * prefix) and their line numbers, so those make the dedup token: no need to hash the bytes.
   */
  private async insertCsv(rows: CsvRows, via: ClickHouseClient): Promise<void> {
    const csv = this.csv!
    const { first, jumps } = rows.lines
    // line = row number + first + the extra of the last jump at or before the row
    let extra = '0'
    if (jumps.length) extra = `multiIf(${jumps.map(([r, x]) => `_row_number >= ${r}, ${x}`).reverse().join(', ')}, 0)`
    const token = createHash('sha256').update(`csv-rows\0${csv.prefix}\0${csv.source}\0${rows.n}\0${first}\0${JSON.stringify(jumps)}`).digest('hex')
    let file = rows.file
    const temp = !file
    if (!file) {
      file = path.join(this.spoolDir!, `chunk-${randomBytes(8).toString('hex')}.csv`)
      await writeFile(file, rows.payload!)
    }
    try {
      await this.exec(
        via,
        `INSERT INTO ${this.table} (${csv.columns.join(', ')}) SELECT ${csv.select.join(', ')} ` +
          `FROM (SELECT *, toUInt64(_row_number + ${first} + ${extra}) AS l FROM file(${sqlLiteral(file)}, 'CSV', ${sqlLiteral(csv.structure)})) ` +
          `SETTINGS ${this.settings(token)}, ${CSV_SETTINGS}`,
      )
    } finally {
      if (temp) await rm(file, { force: true })
    }
  }

  private into(): string {
    return `INSERT INTO ${this.table}${this.columns ? ` (${this.columns.join(', ')})` : ''}`
  }

  /** The dedup token is the table and the payload's hash: the same rows sent again are a no-op. */
  private settings(payloadHash: string): string {
    const token = createHash('sha256').update(this.table).update('\0').update(payloadHash).digest('hex')
    return `insert_deduplication_token = '${token}', deduplicate_blocks_in_dependent_materialized_views = 1, optimize_on_insert = 0, precise_float_parsing = 1, parallel_view_processing = 1`
  }

  private async exec(via: ClickHouseClient, query: string, payload?: Buffer, params?: Record<string, unknown>): Promise<void> {
    const res = await via.exec({ query, ...(params ? { query_params: params } : {}), ...(payload ? { values: Readable.from([payload], { objectMode: false }) } : {}) })
    // Over HTTP the (empty) answer must be read to free the socket.
    for await (const _ of res.stream) void _
  }
}

/**
 * How ClickHouse must read a CSV chunk so that every cell is read as it is: row numbers in order
 * (no parallel parsing), no header guessing, no trimming, no single quotes, empty cells as the
 * column's default ('' or 0: what the TSV encoder writes for an absent field), timestamps as the
 * TSV path reads them, and nothing skipped.
 */
const CSV_SETTINGS = [
  'input_format_parallel_parsing = 0',
  'input_format_csv_detect_header = 0',
  'input_format_csv_trim_whitespaces = 0',
  'format_csv_allow_single_quotes = 0',
  "format_csv_delimiter = ','",
  'input_format_csv_empty_as_default = 1',
  'input_format_csv_allow_variable_number_of_columns = 0',
  'input_format_csv_skip_first_lines = 0',
  'input_format_allow_errors_num = 0',
  'input_format_allow_errors_ratio = 0',
  "date_time_input_format = 'best_effort'",
].join(', ')

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const b of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(b as Buffer)
  return h.digest('hex')
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
