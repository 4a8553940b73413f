/**
 * Import ids and the `imports` log (migration 012). Every import gets an id; its rows carry
 * `source` = `<source>#<import id>`, which is how an undo finds exactly them (and ingest status
 * still groups freshness by the part before `#`).
 */
import { randomBytes } from 'node:crypto'
import type { ClickHouse } from '@/lib/clickhouse/client'

export const newImportId = () => `imp-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`

export const importSource = (source: string, importId: string) => `${source}#${importId}`

export interface ImportLogRow {
  import_id: string
  status: 'landed' | 'undone'
  actor: string
  source: string
  type: string
  mode: string
  rows: number
  landed: number
  duplicates: number
  rejected: number
  quarantined: number
  removed: Record<string, number>
}

export async function recordImport(ch: ClickHouse, row: ImportLogRow): Promise<void> {
  await ch.insertRows('heavy', 'imports', [{ ...row, at: new Date().toISOString() }])
}
