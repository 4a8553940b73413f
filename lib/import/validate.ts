/**
 * One CSV row to one event: the zod path for every type, the fast path (fast.ts) for the
 * high-volume ones. Both give the same answer for the same row (fast.test.ts).
 */
import type { Event } from '@/lib/events/schema'
import { schemaOf, toCandidate, type HeaderPlan, type RowIssue } from './mapping'
import { fastValidator, type RowResult } from './fast'

export type { RowResult } from './fast'

export type RowValidator = (fields: string[], eventId: string | undefined) => RowResult

/** Validate with zod: the reference path, used for every type without a fast validator. */
export function zodValidator(plan: HeaderPlan): RowValidator {
  const schema = schemaOf(plan.type)
  return (fields, eventId) => {
    const { candidate, issues } = toCandidate(plan, fields, eventId)
    const r = schema.safeParse(candidate)
    if (r.success) return issues.length ? { ok: false, issues } : { ok: true, event: r.data as Event }
    const converted = new Set(issues.map((i) => i.path))
    const all: RowIssue[] = [...issues]
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.')
      if (converted.has(String(issue.path[0] ?? ''))) continue
      all.push({ path, message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message })
    }
    return { ok: false, issues: all }
  }
}

/** The validator an import uses: fast when the type has one (unless `fast` is false), zod otherwise. */
export function rowValidator(plan: HeaderPlan, opts: { fast?: boolean } = {}): RowValidator {
  return (opts.fast !== false && fastValidator(plan)) || zodValidator(plan)
}

/** One line of a rejection report: `ts: must be ...; qty: must be greater than 0`. */
export function describeIssues(issues: RowIssue[]): string {
  const seen = new Set<string>()
  const parts: string[] = []
  for (const i of issues) {
    const s = i.path ? `${i.path}: ${i.message}` : i.message
    if (!seen.has(s)) parts.push(s)
    seen.add(s)
  }
  return parts.join('; ')
}
