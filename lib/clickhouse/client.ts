/**
 * The one module that creates ClickHouse clients. Nothing else imports `chdb`.
 *
 * Embedded mode (default): chDB inside this process, data under DATA_DIR/clickhouse. One chDB
 * connection runs one query at a time, while several connections on the same directory run side
 * by side, so the process gets five: `interactive` (board and API reads), `ingest` (writer
 * inserts), `express` (the writer lane for small batches, so that a till's sale never queues
 * behind a bulk feed's flush), `heavy` (recompute and import reads) and
 * `bulk` (their writes, overlapping the reads). A heavy query never queues a board read.
 *
 * Server mode: CLICKHOUSE_URL set, the same five roles over HTTP with @clickhouse/client.
 */
import path from 'node:path'
import { Readable } from 'node:stream'
import { mkdirSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import { sqlLiteral } from './literal'

export interface ClickHouseOptions {
  url?: string
  username?: string
  password?: string
  database: string
  dataDir: string
}

export interface ClickHouse {
  mode: 'embedded' | 'server'
  /** Board and API reads: short queries only. */
  interactive: ClickHouseClient
  /** Ingest writer inserts and dedup look-ups. */
  ingest: ClickHouseClient
  /** The ingest writer's express lane (small batches): its look-ups and inserts. */
  express: ClickHouseClient
  /** Recomputes, imports, migrations: may run long; cap their threads. */
  heavy: ClickHouseClient
  /** Bulk writes of recomputes and imports, so they overlap the reads on `heavy`. */
  bulk: ClickHouseClient
  /**
   * Insert rows (JSONEachRow) through `role`'s connection. Embedded mode writes them to a spool
   * file that chDB reads with file() (see withSpoolFile), several times faster than the client's
   * generic insert path, which re-assembles the payload into one SQL string.
   */
  insertRows(role: Role, table: string, rows: Record<string, unknown>[], settings?: Record<string, string | number>): Promise<void>
  /**
   * Embedded mode only: run `fn` with the path of a temporary file holding `data`, for a
   * `file(...)` table function (the path written in with sqlLiteral, literal.ts), and remove the
   * file after. chDB reads a file several times faster than the same bytes sent inline.
   */
  withSpoolFile?: <T>(data: string | Buffer, fn: (path: string) => Promise<T>) => Promise<T>
  /** Insert positional rows (JSONCompactEachRow) into `columns`: no key names, half the bytes. */
  insertCompact(role: Role, table: string, columns: string[], rows: unknown[][]): Promise<void>
  /** Insert rows encoded as RowBinary (row-binary.ts) with the given columns and types, in that order. */
  insertRowBinary(role: Role, table: string, structure: readonly (readonly [name: string, type: string])[], body: Buffer): Promise<void>
  close(): Promise<void>
}

export type Role = (typeof ROLES)[number]

const ROLES = ['interactive', 'ingest', 'express', 'heavy', 'bulk'] as const

/**
 * Settings on every query. `prefer_column_name_to_alias`: in `SELECT sum(units) AS units ...`
 * a later `units` means the column, as a reader expects, not the aggregate alias.
 */
const SETTINGS = { date_time_input_format: 'best_effort', prefer_column_name_to_alias: 1 } as const

export async function openClickHouse(opts: ClickHouseOptions): Promise<ClickHouse> {
  if (opts.url) {
    const make = (role: string) =>
      createClient({
        url: opts.url,
        username: opts.username,
        password: opts.password,
        database: opts.database,
        application: `stockpulse-${role}`,
        request_timeout: role === 'heavy' ? 600_000 : 60_000,
        clickhouse_settings: SETTINGS,
      })
    const [interactive, ingest, express, heavy, bulk] = ROLES.map(make)
    // The database is created before the clients use it as their default.
    const bootstrap = createClient({ url: opts.url, username: opts.username, password: opts.password })
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdent(opts.database)}` })
    await bootstrap.close()
    const clients = { interactive, ingest, express, heavy, bulk }
    return {
      mode: 'server',
      ...clients,
      insertRows: async (role, table, rows, settings) => {
        if (rows.length) await clients[role].insert({ table, values: rows, format: 'JSONEachRow', clickhouse_settings: settings })
      },
      insertCompact: async (role, table, columns, rows) => {
        if (rows.length) await clients[role].insert({ table, columns: columns as [string, ...string[]], values: rows, format: 'JSONCompactEachRow' })
      },
      insertRowBinary: async (role, table, structure, body) => {
        if (!body.length) return
        const res = await clients[role].exec({
          query: `INSERT INTO ${quoteTable(table)} (${structure.map(([c]) => quoteIdent(c)).join(', ')}) FORMAT RowBinary`,
          values: Readable.from([body], { objectMode: false }),
        })
        for await (const _ of res.stream) void _
      },
      close: () => closeAll([interactive, ingest, express, heavy, bulk]),
    }
  }

  // chDB ignores the client's `database` option: embedded mode keeps its tables in the data
  // directory's `default` database, which belongs to this product alone.
  const { createChdbConnection } = await import('chdb/connection')
  const dir = path.resolve(opts.dataDir, 'clickhouse')
  mkdirSync(dir, { recursive: true })
  const connect = (role: Role) => {
    const connection = createChdbConnection({ path: dir })
    const client = createClient({
      // chdb types its connection against @clickhouse/client-common, which @clickhouse/client
      // now bundles as its own copy: same shape, two declarations, hence the cast.
      connection: connection as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'],
      clickhouse_settings: role === 'ingest' ? { ...SETTINGS, ...BULK_INGEST_SETTINGS } : SETTINGS,
    })
    return client
  }
  const [interactive, ingest, express, heavy, bulk] = ROLES.map(connect)
  const clients = { interactive, ingest, express, heavy, bulk }
  // Inserts through the ingest role go round a few connections of their own, so that the writer
  // lands a flush's tables side by side: one connection runs one query at a time, on about one
  // core, and a flush's inserts in a row left the second core idle (measured: server CPU about
  // one core in bench:ingest while the writer fell behind).
  // They are not the `ingest` connection itself, so the writer's look-up for the next flush does
  // not queue behind the inserts of the current one.
  const ingestInserters = Array.from({ length: INGEST_INSERT_CONNECTIONS }, () => connect('ingest'))
  let nextInserter = 0
  const inserter = (role: Role) => (role === 'ingest' ? ingestInserters[nextInserter++ % ingestInserters.length] : clients[role])
  const spool = path.join(dir, 'spool')
  mkdirSync(spool, { recursive: true })
  let spoolSeq = 0
  const withSpoolFile = async <T>(data: string | Buffer, fn: (file: string) => Promise<T>): Promise<T> => {
    const file = path.join(spool, `${process.pid}-${++spoolSeq}`)
    await writeFile(file, data)
    try {
      return await fn(file)
    } finally {
      await rm(file, { force: true })
    }
  }
  /** `body` (rows in `format`) into `columns` of `table`, through a spool file and file(). */
  const insertFromSpool = (client: ClickHouseClient, table: string, columns: string[], format: string, body: string, settings?: Record<string, string | number>) =>
    withSpoolFile(body, (file) =>
      client.command({
        query: `INSERT INTO ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) SELECT * FROM file(${sqlLiteral(file)}, '${format}')${settingsClause({ date_time_input_format: 'best_effort', precise_float_parsing: 1, ...settings })}`,
      }),
    )
  return {
    mode: 'embedded',
    interactive,
    ingest,
    express,
    heavy,
    bulk,
    insertRows: async (role, table, rows, settings) => {
      if (!rows.length) return
      const columns = columnsOf(rows)
      // TabSeparated when every value is a plain string or number (the landing tables' rows):
      // ClickHouse parses it in about half the CPU of JSONEachRow (measured: raw_sales with its
      // views, 5.6-6.6 against 9-16 µs per row, JavaScript encoding included). Anything else
      // (null, arrays, maps) goes as JSON, which also leaves omitted keys to column DEFAULTs.
      const tsv = encodeTsv(rows, columns)
      let body = tsv ?? ''
      if (tsv === undefined) for (const r of rows) body += JSON.stringify(r) + '\n'
      // Through a spool file and file(): chDB parses the same bytes several times faster from a
      // file than inline with the INSERT (see server/import/lander.ts). The column list makes
      // ClickHouse read the file with those columns' types and fill the others from their DEFAULTs.
      await insertFromSpool(inserter(role), table, columns, tsv === undefined ? 'JSONEachRow' : 'TabSeparated', body, settings)
    },
    withSpoolFile,
    // Through a spool file as well: the recompute's forecasts (10,000 rows of three 28-day arrays
    // per location) took 400-900 ms inline.
    insertCompact: async (role, table, columns, rows) => {
      if (!rows.length) return
      let body = ''
      for (const r of rows) body += JSON.stringify(r) + '\n'
      await insertFromSpool(clients[role], table, columns, 'JSONCompactEachRow', body)
    },
    insertRowBinary: async (role, table, structure, body) => {
      if (!body.length) return
      await withSpoolFile(body, (file) =>
        clients[role].command({
          query: `INSERT INTO ${quoteTable(table)} (${structure.map(([c]) => quoteIdent(c)).join(', ')}) SELECT * FROM file(${sqlLiteral(file)}, 'RowBinary', ${sqlLiteral(structure.map(([c, t]) => `${quoteIdent(c)} ${t}`).join(', '))})`,
        }),
      )
    },
    close: () => closeAll([interactive, ingest, express, heavy, bulk, ...ingestInserters]),
  }
}

/**
 * The same ClickHouse with the ingest writer's connections taken from `role`: its look-ups
 * (`ingest`) and its `insertRows('ingest', ...)` go to that role instead. The express lane of
 * the writer (jobs/index.ts) runs on `express` this way, apart from the bulk lane's connections.
 */
export function withIngestRole(ch: ClickHouse, role: Role): ClickHouse {
  return { ...ch, ingest: ch[role], insertRows: (r, table, rows, settings) => ch.insertRows(r === 'ingest' ? role : r, table, rows, settings) }
}

/**
 * The bulk ingest lane's connections (`ingest` and its inserters) run their queries at a lower CPU
 * priority (Linux nice 10, `os_thread_priority`), so that when the cores are saturated the board's
 * reads, the express lane and the event loop go first; with idle cores the bulk lane gets them all.
 * It needs CAP_SYS_NICE (ClickHouse's rule; without it the setting is a no-op).
 */
const BULK_INGEST_SETTINGS = { os_thread_priority: 10 } as const

/** Connections behind insertRows('ingest', ...) in embedded mode (see openClickHouse). */
const INGEST_INSERT_CONNECTIONS = 3

async function closeAll(clients: ClickHouseClient[]): Promise<void> {
  await Promise.allSettled(clients.map((c) => c.close()))
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`invalid identifier: ${name}`)
  return `\`${name}\``
}

/** A table name, optionally database-qualified (`db.table`), each part quoted. */
function quoteTable(table: string): string {
  return table.split('.').map(quoteIdent).join('.')
}

/** Every key of any row, in first-seen order (rows of one table may leave optional keys out). */
function columnsOf(rows: Record<string, unknown>[]): string[] {
  const cols = new Set<string>(Object.keys(rows[0]))
  for (let i = 1; i < rows.length; i++) for (const k in rows[i]) cols.add(k)
  return [...cols]
}

/**
 * Rows as TabSeparated in `columns` order, or undefined when a row lacks a column or holds
 * anything but a string or a finite number.
 */
export function encodeTsv(rows: Record<string, unknown>[], columns: string[]): string | undefined {
  let out = ''
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) {
      const v = r[columns[i]]
      if (typeof v === 'string') out += TSV_SPECIAL.test(v) ? v.replace(TSV_SPECIAL_ALL, escapeTsvChar) : v
      else if (typeof v === 'number' && Number.isFinite(v)) out += String(v)
      else return undefined
      out += i === columns.length - 1 ? '\n' : '\t'
    }
  }
  return out
}

const TSV_SPECIAL = /[\t\n\r\\\0]/
const TSV_SPECIAL_ALL = /[\t\n\r\\\0]/g
const TSV_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\', '\0': '\\0' }
const escapeTsvChar = (c: string) => TSV_ESCAPES[c]

/**
 * ` SETTINGS k = v, ...` for an INSERT. Settings go in the statement itself: over chDB, the
 * client's `clickhouse_settings` become `SET`s that stay on the connection (chdb 3.4).
 */
function settingsClause(settings: Record<string, string | number>): string {
  const parts = Object.entries(settings).map(([k, v]) => {
    if (!/^[a-z_]+$/.test(k)) throw new Error(`invalid setting name: ${k}`)
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`invalid value for setting ${k}`)
      return `${k} = ${v}`
    }
    return `${k} = ${sqlLiteral(v)}`
  })
  return parts.length ? ` SETTINGS ${parts.join(', ')}` : ''
}

