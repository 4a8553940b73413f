/**
 * Audit API: the trail, filtered and paged newest first, as JSON or CSV (GET /api/v1/audit), and
 * the check of its hash chain (GET /api/v1/audit/verify). An administrator's session or an API
 * key with the read scope; every other role is refused (403, itself audited). Shapes:
 * lib/audit/api-schemas.ts; the chain: lib/audit/chain.ts; the writer: lib/audit/store.ts.
 */
import type { Runtime } from '@/lib/runtime-types'
import { auditQuery, type AuditEntryBody, type AuditPage, type AuditQuery, type AuditVerifyBody } from '@/lib/audit/api-schemas'
import { ChainVerifier } from '@/lib/audit/chain'
import { parkedAuditCount } from '@/lib/audit/store'
import type { AuditEntry } from '@/lib/audit/types'
import { auditHead, auditRange, entryOf, listAudit } from '@/lib/clickhouse/queries/audit'
import { spreadsheetRow } from '@/lib/csv-safe'
import type { MessageBody } from '@/lib/api/schemas'
import { may } from '@/lib/auth/roles'
import { authorize, callerActor, callerScope, json, parseQuery, refuse, refuseOutside, refuseScoped, type AuthResult } from './http'

/** Admin sessions and read-scoped keys; the refusal of anyone else is audited like any other. */
async function authorizeAudit(rt: Runtime, req: Request): Promise<AuthResult> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'view_audit')) {
    const message = `a ${auth.caller.user.role.replace('_', ' ')} may not read the audit trail`
    return { ok: false, response: await refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message) }
  }
  // The trail names every location: a key restricted to some may not read it.
  const scoped = refuseScoped(await callerScope(rt, auth.caller), 'the audit trail')
  if (scoped) return { ok: false, response: await refuseOutside(rt, req, auth.caller, scoped) }
  return auth
}

/** Stored JSON text as its value (text that is not JSON, which only an altered row has, as it is). */
const parsed = (s: string): unknown => {
  try {
    return JSON.parse(s)
  } catch {
    return s
  }
}

export function bodyOf(e: AuditEntry): AuditEntryBody {
  return { ...e, before: parsed(e.before), after: parsed(e.after), inputs: parsed(e.inputs) }
}

const CSV_COLUMNS = ['seq', 'at', 'kind', 'actor_kind', 'actor_id', 'actor_name', 'subject_type', 'subject_id', 'location', 'before', 'after', 'reason', 'inputs', 'model_version', 'prev_hash', 'hash']
const csvRow = (e: AuditEntry) =>
  spreadsheetRow([e.seq, e.at, e.kind, e.actor.kind, e.actor.id, e.actor.name, e.subject_type, e.subject_id, e.location, e.before, e.after, e.reason, e.inputs, e.model_version, e.prev_hash, e.hash])

const wantsCsv = (req: Request, q: AuditQuery) => q.format === 'csv' || (q.format === undefined && /\btext\/csv\b/i.test(req.headers.get('accept') ?? ''))

/** Pages read per CSV export: every matching entry, newest first, streamed a page at a time. */
const CSV_PAGE = 5_000

function csvAnswer(rt: Runtime, q: AuditQuery): Response {
  const enc = new TextEncoder()
  let before = q.before_seq
  let started = false
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(enc.encode(spreadsheetRow(CSV_COLUMNS)))
      }
      const page = await listAudit(rt.clickhouse.interactive, { ...q, before_seq: before }, CSV_PAGE)
      if (page.length) controller.enqueue(enc.encode(page.map(csvRow).join('')))
      if (page.length < CSV_PAGE) controller.close()
      else before = page[page.length - 1].seq
    },
  })
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit.csv"', 'cache-control': 'no-store' },
  })
}

export async function handleAuditList(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizeAudit(rt, req)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, auditQuery)
  if (!q.ok) return q.response
  if (wantsCsv(req, q.data)) return csvAnswer(rt, q.data)
  const rows = await listAudit(rt.clickhouse.interactive, q.data, q.data.limit + 1)
  const entries = rows.slice(0, q.data.limit)
  const more = rows.length > q.data.limit
  return json({ entries: entries.map(bodyOf), next_before_seq: more ? entries[entries.length - 1].seq : null, as_of: new Date().toISOString() } satisfies AuditPage)
}

/** Seqs read per query while checking the chain (every row of them, duplicates included). */
const VERIFY_PAGE = 10_000

/** Check the whole chain up to the head found when the check starts (entries written meanwhile wait for the next check). */
export async function verifyAuditChain(rt: Pick<Runtime, 'clickhouse' | 'redis' | 'redisPrefix'>): Promise<AuditVerifyBody> {
  const ch = rt.clickhouse.heavy
  const [[head], parked] = await Promise.all([auditHead(ch, {}), parkedAuditCount({ redis: rt.redis, prefix: rt.redisPrefix })])
  const headSeq = head?.seq ?? 0
  const v = new ChainVerifier()
  for (let first = 1; first <= headSeq; first += VERIFY_PAGE) {
    const rows = await auditRange(ch, { first, last: Math.min(first + VERIFY_PAGE - 1, headSeq) })
    if (!v.push(rows.map(entryOf))) break
  }
  return { ...v.result(), head_seq: headSeq, parked }
}

export async function handleAuditVerify(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizeAudit(rt, req)
  if (!auth.ok) return auth.response
  return json((await verifyAuditChain(rt)) satisfies AuditVerifyBody)
}
