/**
 * A whole batch of events validated at once: `parseBatch` answers every event parsed, or the field
 * errors (index in the batch, dotted path, message). The common valid events take the fast path
 * (fast-accept.ts); everything else gets zod's verdict from the schemas (schema.ts).
 *
 * Apart from schema.ts so that the schemas and the fast path, which checks what they check, do not
 * import each other: both are read here.
 */
import type { z } from 'zod'
import { event, EVENT_TYPES, type Event } from './schema'
import { fastAccept } from './fast-accept'

export interface FieldError {
  index: number
  path: string
  message: string
}

export type BatchResult = { ok: true; events: Event[] } | { ok: false; errors: FieldError[] }

/** At most this many field errors are reported for one batch, so a huge bad batch gets a bounded answer. */
const MAX_REPORTED_ERRORS = 100

/**
 * Validate a whole batch. Returns every event parsed, or the field errors (index in the batch,
 * dotted path inside the event, message). Duplicate event_ids inside one batch are not errors:
 * the writer dedupes them like any replay.
 */
export function parseBatch(input: unknown, maxEvents: number): BatchResult {
  if (!Array.isArray(input)) {
    return { ok: false, errors: [{ index: -1, path: '', message: 'body must be a JSON array of events (or NDJSON)' }] }
  }
  if (input.length === 0) return { ok: false, errors: [{ index: -1, path: '', message: 'batch is empty' }] }
  if (input.length > maxEvents) {
    return { ok: false, errors: [{ index: -1, path: '', message: `batch has ${input.length} events; the limit is ${maxEvents}` }] }
  }
  const events: Event[] = []
  const errors: FieldError[] = []
  for (let i = 0; i < input.length; i++) {
    // The common valid events skip zod (fast-accept.ts says why and how it is kept equal).
    if (fastAccept(input[i])) {
      events.push(input[i] as Event)
      continue
    }
    const r = event.safeParse(input[i])
    if (r.success) {
      events.push(r.data)
      continue
    }
    for (const issue of r.error.issues) {
      if (errors.length >= MAX_REPORTED_ERRORS) break
      errors.push({ index: i, path: issue.path.join('.'), message: describeIssue(issue) })
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, events }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.path.join('.') === 'type') {
    return `unknown or missing event type; expected one of: ${EVENT_TYPES.join(', ')}`
  }
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`
  return issue.message
}
