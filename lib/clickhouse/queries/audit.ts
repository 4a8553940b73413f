/**
 * The audit trail in ClickHouse (migration 020): the chain's head, entries by seq range (for the
 * verification, which reads every row, duplicates included), the filtered list newest first (for
 * the API and /governance), and the append. Only lib/audit/store.ts appends, holding the lock.
 */
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import { AUDIT_KINDS, type AuditEntry } from '@/lib/audit/types'

const num = z.coerce.number()
/** ClickHouse DateTime64 text ('2026-12-06 12:00:00.000') as ISO 8601 UTC. */
const chTime = z.string().transform((s) => `${s.replace(' ', 'T')}Z`)

const entryRow = z.object({
  seq: num,
  at: chTime,
  kind: z.enum(AUDIT_KINDS),
  actor_kind: z.enum(['person', 'agent', 'key', 'system', 'anonymous']),
  actor_id: z.string(),
  actor_name: z.string(),
  subject_type: z.string(),
  subject_id: z.string(),
  location: z.string(),
  before: z.string(),
  after: z.string(),
  reason: z.string(),
  inputs: z.string(),
  model_version: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
})

const COLUMNS = Object.keys(entryRow.shape).map((c) => (c === 'at' ? 'toString(at) AS at' : c)).join(', ')

export function entryOf(r: z.infer<typeof entryRow>): AuditEntry {
  const { actor_kind, actor_id, actor_name, ...rest } = r
  return { ...rest, actor: { kind: actor_kind, id: actor_id, name: actor_name } }
}

/** The last entry's seq and hash (none on an empty chain). */
export const auditHead = defineQuery({
  name: 'audit.head',
  sql: `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
  params: z.object({}),
  row: z.object({ seq: num, hash: z.string() }),
})

/** Every row with first <= seq <= last, in seq order (rows written twice come twice). */
export const auditRange = defineQuery({
  name: 'audit.range',
  sql: `SELECT ${COLUMNS} FROM audit_log WHERE seq >= {first:UInt64} AND seq <= {last:UInt64} ORDER BY seq`,
  params: z.object({ first: z.number().int().min(0), last: z.number().int().min(0) }),
  row: entryRow,
})

export interface AuditFilter {
  /** ISO 8601 UTC, inclusive. */
  from?: string
  /** ISO 8601 UTC, exclusive. */
  to?: string
  kind?: string
  /** An actor's id or name, exactly. */
  actor?: string
  subject_type?: string
  subject_id?: string
  /** Only entries with a seq below this one (paging newest first). */
  before_seq?: number
}

/** ISO 8601 as a DateTime64 parameter ('2026-12-06 12:00:00.000'). */
const EARLIEST = '1970-01-01T00:00:00.000Z'
/** Past the end of DateTime64's range (2299-12-31): an open `to`. */
const LATEST = '2299-12-31T23:59:59.999Z'
const chParam = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '')

const auditListQuery = defineQuery({
  name: 'audit.list',
  sql: `SELECT ${COLUMNS} FROM audit_log
        WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
          AND ({kind:String} = '' OR kind = {kind:String})
          AND ({actor:String} = '' OR actor_id = {actor:String} OR actor_name = {actor:String})
          AND ({subject_type:String} = '' OR subject_type = {subject_type:String})
          AND ({subject_id:String} = '' OR subject_id = {subject_id:String})
          AND ({before_seq:UInt64} = 0 OR seq < {before_seq:UInt64})
        ORDER BY seq DESC
        LIMIT {limit:UInt32}`,
  params: z.object({
    from: z.string(), to: z.string(), kind: z.string(), actor: z.string(), subject_type: z.string(), subject_id: z.string(),
    before_seq: z.number().int().min(0), limit: z.number().int().min(1),
  }),
  row: entryRow,
})

/** Entries matching `f`, newest first, at most `limit`. */
export async function listAudit(ch: ClickHouse['interactive'], f: AuditFilter, limit: number): Promise<AuditEntry[]> {
  const rows = await auditListQuery(ch, {
    from: chParam(f.from ?? EARLIEST), to: chParam(f.to ?? LATEST), kind: f.kind ?? '', actor: f.actor ?? '',
    subject_type: f.subject_type ?? '', subject_id: f.subject_id ?? '', before_seq: f.before_seq ?? 0, limit,
  })
  return rows.map(entryOf)
}

/** Append chained entries (the caller holds the audit lock). */
export async function appendAudit(clickhouse: ClickHouse, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return
  await clickhouse.insertRows('interactive', 'audit_log', entries.map((e) => ({
    seq: e.seq, at: e.at, kind: e.kind, actor_kind: e.actor.kind, actor_id: e.actor.id, actor_name: e.actor.name,
    subject_type: e.subject_type, subject_id: e.subject_id, location: e.location, before: e.before, after: e.after,
    reason: e.reason, inputs: e.inputs, model_version: e.model_version, prev_hash: e.prev_hash, hash: e.hash,
  })), { date_time_input_format: 'best_effort' })
}
