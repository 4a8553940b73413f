/**
 * POST /api/v1/imports and DELETE /api/v1/imports/{id}: the query the import takes and what both
 * answer, as zod schemas the OpenAPI document is generated from (lib/openapi.ts). The handlers
 * (server/api/imports.ts, import-undo.ts) type their answers with these.
 */
import { z } from 'zod'
import { IMPORT_MODES, IMPORT_TYPES } from './mapping'
import { IMPORT_ID } from '../clickhouse/queries/imports'

export const importQuery = z.object({
  type: z.enum(IMPORT_TYPES as [string, ...string[]]).meta({ description: 'the event type every row of the file is' }),
  mode: z.enum(IMPORT_MODES as [string, ...string[]]).default('strict').meta({ description: 'strict: one bad row rejects the file; skip-bad: bad rows are skipped and listed' }),
})

export const importIdParam = z.string().regex(IMPORT_ID).meta({ description: 'the import_id its import answered' })

export const rowError = z.object({
  line: z.number().int().meta({ description: 'line in the file, the header being line 1' }),
  reason: z.string(),
  row: z.string().meta({ description: 'the row as it was in the file (cut at 1,000 characters)' }),
})

const counts = {
  type: z.string(),
  mode: z.enum(IMPORT_MODES as [string, ...string[]]),
  rows: z.number().int().meta({ description: 'data rows in the file (header and empty lines not counted)' }),
  landed: z.number().int().meta({ description: 'rows written now' }),
  duplicates: z.number().int().meta({ description: 'good rows whose event_id had landed already (or came earlier in the file)' }),
  rejected: z.number().int().meta({ description: 'bad rows' }),
  ms: z.number(),
  bytes: z.number().int(),
}

export const importSummary = z.object({
  ok: z.literal(true),
  import_id: z.string().meta({ description: 'undo with DELETE /api/v1/imports/{id}' }),
  ...counts,
  quarantined: z.number().int().meta({ description: 'rows outside the plausibility bounds: in quarantine, not summed' }),
  rejects: z.array(rowError).optional().meta({ description: 'skip-bad only: the skipped rows, the first 10,000' }),
  rejects_truncated: z.boolean().optional().meta({ description: 'skip-bad only: more rows were skipped than listed' }),
})

/**
 * A refused import. A strict rejection (`ok: false`, with the counts) lists its bad rows in
 * `errors` and wrote nothing; a problem with the request or the whole file has `errors` empty.
 */
export const importError = z.object({
  ok: z.literal(false).optional().meta({ description: 'present when the file was read: then the counts are too' }),
  error: z.string(),
  ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof counts]: z.ZodOptional<(typeof counts)[K]> },
  errors: z.array(rowError).meta({ description: 'the bad rows, the first 100 (strict mode); empty for a problem with the whole request or file' }),
})

export const importUndo = z.object({
  import_id: z.string(),
  status: z.literal('undone'),
  removed: z.record(z.string(), z.number().int()).meta({ description: 'rows removed per landing table' }),
  rows_removed: z.number().int(),
})

export const undoConflict = z.object({
  error: z.string(),
  undone_at: z.string().meta({ format: 'date-time' }).optional().meta({ description: 'when it was undone (absent while an undo of it is running)' }),
})

export type ImportSummaryBody = z.infer<typeof importSummary>
export type ImportErrorBody = z.infer<typeof importError>
export type ImportUndoBody = z.infer<typeof importUndo>
export type UndoConflictBody = z.infer<typeof undoConflict>
