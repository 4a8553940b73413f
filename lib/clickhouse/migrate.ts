/**
 * Migrations: numbered SQL files (`NNN_name.sql`) applied in order at start. Append-only: a new
 * change is a new file numbered max + 1. Every statement is idempotent (`IF NOT EXISTS`), so a
 * run cut short is simply run again. Placeholders: `{on_cluster}` becomes `ON CLUSTER <name>` when
 * CLICKHOUSE_CLUSTER is set, `{replicated}` becomes `Replicated` for replicated engines there,
 * `{truth_db}` names the simulator's ground-truth database.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'lib/clickhouse/migrations')

export interface Migration {
  version: number
  name: string
  statements: string[]
}

/** The database that holds the simulator's ground truth, apart from the product's tables. */
export const truthDatabase = (mainDatabase: string | undefined) => (mainDatabase ? `${mainDatabase}_truth` : 'truth')

export function loadMigrations(dir = MIGRATIONS_DIR, cluster = '', truthDb = truthDatabase(undefined)): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort()
  const migrations = files.map((file) => ({
    version: Number(file.slice(0, 3)),
    name: file.replace(/\.sql$/, ''),
    statements: splitStatements(renderTemplate(readFileSync(path.join(dir, file), 'utf8'), cluster, truthDb)),
  }))
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name}: expected number ${String(i + 1).padStart(3, '0')}`)
  })
  return migrations
}

export function renderTemplate(sql: string, cluster: string, truthDb = truthDatabase(undefined)): string {
  return sql
    .replaceAll('{truth_db}', truthDb)
    .replaceAll('{on_cluster}', cluster ? `ON CLUSTER ${cluster}` : '')
    .replaceAll('{replicated}', cluster ? 'Replicated' : '')
}

/** Split on `;` at the end of a line, dropping `--` comment lines. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export async function migrate(client: ClickHouseClient, opts: { cluster?: string; dir?: string; truthDb?: string } = {}): Promise<number[]> {
  const onCluster = opts.cluster ? `ON CLUSTER ${opts.cluster}` : ''
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations ${onCluster}
      (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
      ENGINE = ${opts.cluster ? 'Replicated' : ''}MergeTree ORDER BY version`,
  })
  const rs = await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' })
  const applied = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)))
  const done: number[] = []
  for (const m of loadMigrations(opts.dir, opts.cluster, opts.truthDb)) {
    if (applied.has(m.version)) continue
    for (const statement of m.statements) await client.command({ query: statement })
    await client.insert({ table: 'schema_migrations', values: [{ version: m.version, name: m.name }], format: 'JSONEachRow' })
    done.push(m.version)
  }
  return done
}
