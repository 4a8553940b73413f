/**
 * Undo an import by its id: its rows leave every landing table (quarantine included) and every
 * rollup fed from them (remove.ts), its ids leave event_ids and event_days (so the same file can
 * be imported again), the touched locations get a KPI refresh, and a row in `imports` records
 * who undid it, when, and how many rows left each table.
 *
 * Once only: an undone import answers `already_undone`; two undos of one import at once are kept
 * apart by a short Redis lock (the second answers `busy`).
 */
import type { Runtime } from '@/lib/runtime-types'
import { findImport, IMPORT_ID } from '@/lib/clickhouse/queries/imports'
import { importUndoLockKey, kpiDirtyKey } from '@/lib/redis-keys'
import { logger } from '@/lib/log'
import { recordImport } from './import-log'
import { removeLanded, type Removed } from './remove'

const log = logger('import.undo')

export type UndoResult =
  | { status: 'undone'; import_id: string; removed: Removed; rows_removed: number }
  | { status: 'not_found' }
  | { status: 'already_undone'; at: string }
  | { status: 'busy' }

const LOCK_S = 15 * 60

export async function undoImport(rt: Runtime, importId: string, actor: string): Promise<UndoResult> {
  if (!IMPORT_ID.test(importId)) return { status: 'not_found' }
  const [found] = await findImport(rt.clickhouse.heavy, { id: importId })
  if (!found) return { status: 'not_found' }
  if (found.status === 'undone') return { status: 'already_undone', at: found.at }
  const lock = importUndoLockKey(rt.redisPrefix, importId)
  if ((await rt.redis.set(lock, actor, 'EX', LOCK_S, 'NX')) !== 'OK') return { status: 'busy' }
  try {
    // Read again under the lock: an undo that finished just before holds no lock any more.
    const [again] = await findImport(rt.clickhouse.heavy, { id: importId })
    if (again?.status === 'undone') return { status: 'already_undone', at: again.at }
    const { removed, locations } = await removeLanded(rt.clickhouse.heavy, { sql: 'source = {source:String}', source: found.source })
    const rowsRemoved = Object.values(removed).reduce((a, b) => a + b, 0)
    await recordImport(rt.clickhouse, {
      import_id: importId, status: 'undone', actor, source: found.source, type: found.type, mode: found.mode,
      rows: found.rows, landed: found.landed, duplicates: found.duplicates, rejected: found.rejected, quarantined: found.quarantined, removed,
    })
    try {
      const prefix = rt.redisPrefix
      for (let i = 0; i < locations.length; i += 10_000) await rt.redis.sadd(kpiDirtyKey(prefix), ...locations.slice(i, i + 10_000))
      await rt.queues.kpiRefresh.add('refresh', {})
    } catch (err) {
      log.warn('import undone but the KPI refresh could not be queued', { error: String(err) })
    }
    log.info('import undone', { import_id: importId, actor, removed })
    return { status: 'undone', import_id: importId, removed, rows_removed: rowsRemoved }
  } finally {
    await rt.redis.del(lock).catch(() => undefined)
  }
}
