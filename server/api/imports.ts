/**
 * POST /api/v1/imports?type=<event type>&mode=strict|skip-bad: a CSV file of one event type as
 * the (streamed) body, landed through `importCsv` (server/import). Column mapping:
 * lib/import/README.md.
 *
 * Who: an API key with the ingest scope, or a signed-in admin (the /data page's upload).
 * Answers:
 * - 200 `{ok, import_id, type, mode, rows, landed, duplicates, quarantined, rejected, ms, bytes, rejects}`: `import_id`
 *   undoes it (DELETE /api/v1/imports/{id}); `quarantined` rows were implausible (not summed). In skip-bad
 *   mode `rejects` lists the skipped rows (line, reason, row; the first 10,000).
 * - 400 `{error, rows, rejected, errors: [{line, reason, row}]}`: a strict rejection (nothing
 *   written; the first 100 bad rows) or a problem with the whole file (`errors` empty).
 * - 401/403, 415 (not CSV), 503 when ClickHouse or Redis fail mid-way (re-run the import: rows
 *   that landed are not written twice).
 */
import type { Runtime } from '@/lib/runtime-types'
import type { EventType } from '@/lib/events/schema'
import { logger } from '@/lib/log'
import { IMPORT_MODES, IMPORT_TYPES, importCsv, type ImportMode, type ImportProgress } from '../import'
import type { MessageBody } from '@/lib/api/schemas'
import type { ImportErrorBody, ImportSummaryBody } from '@/lib/import/api-schemas'
import { authorize, callerActor, callerScope, json, refuse, refuseOutside, refuseScoped } from './http'
import { may } from '@/lib/auth/roles'

const log = logger('api.imports')

/** Most skipped rows listed in a skip-bad answer. */
const MAX_LISTED_REJECTS = 10_000

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'])

export interface ImportHooks {
  /** Progress while the file is received, validated and landed (the /data page pushes it over Socket.IO). */
  onProgress?: (p: ImportProgress) => void
}

export async function handleImport(rt: Runtime, req: Request, hooks: ImportHooks = {}): Promise<Response> {
  const auth = await authorize(rt, req, 'ingest', true)
  if (!auth.ok) return auth.response
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'import_files')) return refuse(rt, req, callerActor(auth.caller), json({ error: 'only an admin may import files' } satisfies MessageBody, 403), 'only an admin may import files')
  // A file's rows are not checked one by one against a caller's locations: a scoped caller may not import.
  const scoped = refuseScoped(await callerScope(rt, auth.caller), 'a CSV import')
  if (scoped) return refuseOutside(rt, req, auth.caller, scoped)
  const source = auth.caller.kind === 'key' ? `csv:${auth.caller.name}` : `csv:user:${auth.caller.user.id}`

  const url = new URL(req.url)
  const type = url.searchParams.get('type') ?? ''
  const mode = (url.searchParams.get('mode') ?? 'strict') as ImportMode
  if (!IMPORT_TYPES.includes(type as EventType)) {
    return json({ error: `query parameter type must be one of: ${IMPORT_TYPES.join(', ')}`, errors: [] } satisfies ImportErrorBody, 400)
  }
  if (!IMPORT_MODES.includes(mode)) return json({ error: 'query parameter mode must be strict or skip-bad', errors: [] } satisfies ImportErrorBody, 400)
  const contentType = (req.headers.get('content-type') ?? 'text/csv').split(';')[0].trim().toLowerCase()
  if (!CSV_TYPES.has(contentType)) return json({ error: 'Content-Type must be text/csv', errors: [] } satisfies ImportErrorBody, 415)
  const declared = Number(req.headers.get('content-length') ?? NaN)
  const maxBytes = rt.config.IMPORT_MAX_BYTES
  if (Number.isFinite(declared) && declared > maxBytes) return json({ error: `the file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES)`, errors: [] } satisfies ImportErrorBody, 413)
  if (!req.body) return json({ error: 'the body is empty: send the CSV file as the body', errors: [] } satisfies ImportErrorBody, 400)

  try {
    const s = await importCsv(rt, {
      type,
      mode,
      input: req.body,
      source,
      actor: auth.caller.kind === 'key' ? `key:${auth.caller.name}` : `user:${auth.caller.user.id}`,
      onProgress: hooks.onProgress,
      maxErrors: mode === 'skip-bad' ? MAX_LISTED_REJECTS : 100,
    })
    const counts = { type: s.type, mode: s.mode, rows: s.rows, landed: s.landed, duplicates: s.duplicates, rejected: s.rejected, ms: Math.round(s.ms), bytes: s.bytes }
    if (!s.ok) {
      const error = s.error ?? `${s.rejected} bad row(s); nothing was written`
      return json({ ok: false, error, ...counts, errors: s.errors } satisfies ImportErrorBody, 400)
    }
    // Every import that landed has an id (the type cannot say so): none would be a bug, answered 503.
    if (s.import_id === undefined) throw new Error('the import landed without an id')
    return json({ ok: true, import_id: s.import_id, quarantined: s.quarantined ?? 0, ...counts, ...(mode === 'skip-bad' ? { rejects: s.errors, rejects_truncated: s.rejected > s.errors.length } : {}) } satisfies ImportSummaryBody)
  } catch (err) {
    log.error('import failed', { type, mode, source, error: String(err) })
    return json({ error: `the import failed (${err instanceof Error ? err.message : String(err)}); run it again: rows that landed are not written twice` } satisfies MessageBody, 503, { 'retry-after': '5' })
  }
}
