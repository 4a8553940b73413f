/**
 * DELETE /api/v1/imports/{id}: undo a CSV import (server/import/undo.ts). Its rows leave every
 * landing table and every rollup fed from them, so every figure is as before the import.
 *
 * Who: an API key with the `actions` scope, or a signed-in person whose role may undo imports
 * (admin). Answers 200 `{import_id, status: 'undone', removed: {table: rows}, rows_removed}`,
 * 404 for an unknown id, 409 when it was already undone (`undone_at`) or an undo of it is running.
 */
import type { Runtime } from '@/lib/runtime-types'
import { may } from '@/lib/auth/roles'
import { undoImport } from '../import/undo'
import type { MessageBody } from '@/lib/api/schemas'
import type { ImportUndoBody, UndoConflictBody } from '@/lib/import/api-schemas'
import { authorize, callerActor, callerScope, json, refuse, refuseOutside, refuseScoped } from './http'

export async function handleImportUndo(rt: Runtime, req: Request, id: string): Promise<Response> {
  const auth = await authorize(rt, req, 'actions', true)
  if (!auth.ok) return auth.response
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'undo_imports')) return refuse(rt, req, callerActor(auth.caller), json({ error: 'only an admin may undo imports' } satisfies MessageBody, 403), 'only an admin may undo imports')
  const scoped = refuseScoped(await callerScope(rt, auth.caller), 'undoing an import')
  if (scoped) return refuseOutside(rt, req, auth.caller, scoped)
  const actor = auth.caller.kind === 'key' ? `key:${auth.caller.name}` : `user:${auth.caller.user.id}`
  const r = await undoImport(rt, id, actor)
  switch (r.status) {
    case 'not_found':
      return json({ error: `no import with id "${id}"` } satisfies MessageBody, 404)
    case 'already_undone':
      return json({ error: `import ${id} was already undone`, undone_at: r.at } satisfies UndoConflictBody, 409)
    case 'busy':
      return json({ error: `import ${id} is being undone right now` } satisfies UndoConflictBody, 409)
    case 'undone':
      return json({ import_id: r.import_id, status: 'undone', removed: r.removed, rows_removed: r.rows_removed } satisfies ImportUndoBody)
  }
}
