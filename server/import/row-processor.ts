/**
 * The string path's reader: CSV text in, validated events (or bad rows with their line and reason)
 * out, one record at a time (lib/import/csv.ts parses, lib/import/validate.ts checks).
 */
import type { Event } from '@/lib/events/schema'
import { CsvReader } from '@/lib/import/csv'
import type { HeaderPlan } from '@/lib/import/mapping'
import { describeIssues, type RowValidator } from '@/lib/import/validate'
import { FileProblem } from './csv-file'

/** CSV text in, validated events (or bad rows with reasons) out. */
export function rowProcessor(
  plan: HeaderPlan,
  validate: RowValidator,
  maxLineBytes: number,
  idFor: (line: number) => string | undefined,
  out: { good: (e: Event, line: number) => void; bad: (line: number, reason: string, raw: string) => void },
) {
  const width = plan.header.length
  let seenHeader = false
  const reader = new CsvReader(
    (rec) => {
      if (!seenHeader) {
        seenHeader = true
        return
      }
      const f = rec.fields
      if (f.length !== width) {
        out.bad(rec.line, `has ${f.length} field${f.length === 1 ? '' : 's'}; the header has ${width}`, rec.raw())
        return
      }
      const r = validate(f, idFor(rec.line))
      if (r.ok) out.good(r.event, rec.line)
      else out.bad(rec.line, describeIssues(r.issues), rec.raw())
    },
    (line, reason, raw) => {
      if (!seenHeader) throw new FileProblem(`the header row is malformed (line ${line}: ${reason})`)
      out.bad(line, `malformed CSV: ${reason}`, raw)
    },
    maxLineBytes,
  )
  return reader
}

/** A row as kept in an import's errors and rejects: cut at 1,000 characters. */
export const cut = (s: string) => (s.length > 1000 ? s.slice(0, 1000) + '…' : s)
