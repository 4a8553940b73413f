/**
 * The audit trail's hash chain, pure (no I/O): how an entry is written down canonically, how its
 * hash is made, how a batch is chained onto the head, and how a chain read back is checked.
 *
 * - Canonical JSON: object keys sorted (recursively), no whitespace, `undefined` members left out,
 *   numbers as JSON.stringify writes them (non-finite ones become null). Strings are made
 *   well-formed first (a lone surrogate becomes U+FFFD), since ClickHouse stores UTF-8 and would
 *   hand back something else than it was given.
 * - hash = SHA-256 (hex) of the canonical JSON of the whole stored entry but its own hash: seq, at,
 *   kind, actor (kind, id, name), subject_type, subject_id, location, before, after, inputs (these
 *   three as the canonical JSON strings that are stored), reason, model_version and prev_hash.
 * - seq starts at 1; the first entry's prev_hash is GENESIS_HASH; each next one's is the hash of the
 *   one before. So an altered field, a missing seq, two entries swapped and a broken link all show.
 */
import { createHash } from 'node:crypto'
import type { AuditActor, AuditEntry, AuditEntryInput } from './types'

/** prev_hash of seq 1. */
export const GENESIS_HASH = '0'.repeat(64)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `s` with every lone surrogate replaced by U+FFFD (what survives a round trip through UTF-8). */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD')

/** JSON with sorted keys and no whitespace: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return JSON.stringify(wellFormed(value))
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(wellFormed(k))}:${canonicalJson(obj[k])}`).join(',')}}`
  }
  return 'null'
}

/** The fields the hash covers: everything stored but the hash itself. */
export type HashedFields = Omit<AuditEntry, 'hash'>

export function entryHash(e: HashedFields): string {
  const fields = {
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    actor: { kind: e.actor.kind, id: e.actor.id, name: e.actor.name },
    subject_type: e.subject_type,
    subject_id: e.subject_id,
    location: e.location,
    before: e.before,
    after: e.after,
    inputs: e.inputs,
    reason: e.reason,
    model_version: e.model_version,
    prev_hash: e.prev_hash,
  }
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex')
}

/** The end of the chain as stored: its last seq and that entry's hash (null for an empty chain). */
export interface ChainHead {
  seq: number
  hash: string
}

/** An ISO 8601 time as the store keeps it (UTC, milliseconds): what the hash is made over. */
export function normaliseAt(at: string | undefined, now: Date): string {
  const d = at === undefined ? now : new Date(at)
  if (Number.isNaN(d.getTime())) throw new Error(`audit entry time "${at}" is not a date`)
  return d.toISOString()
}

const actorOf = (a: AuditActor): AuditActor => ({ kind: a.kind, id: wellFormed(a.id), name: wellFormed(a.name) })

/** One input as it will be stored, without seq and hashes. */
export function normaliseInput(e: AuditEntryInput, now: Date): Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'> {
  return {
    kind: e.kind,
    actor: actorOf(e.actor),
    subject_type: wellFormed(e.subject_type),
    subject_id: wellFormed(e.subject_id),
    location: wellFormed(e.location ?? ''),
    before: canonicalJson(e.before ?? null),
    after: canonicalJson(e.after ?? null),
    inputs: canonicalJson(e.inputs ?? null),
    reason: wellFormed(e.reason ?? ''),
    model_version: wellFormed(e.model_version ?? ''),
    at: normaliseAt(e.at, now),
  }
}

/** `inputs` chained onto `head` (null: an empty chain), in the order given. */
export function chainEntries(head: ChainHead | null, inputs: readonly AuditEntryInput[], now = new Date()): AuditEntry[] {
  let seq = head?.seq ?? 0
  let prev = head?.hash ?? GENESIS_HASH
  return inputs.map((input) => {
    const e: HashedFields = { ...normaliseInput(input, now), seq: ++seq, prev_hash: prev }
    const hash = entryHash(e)
    prev = hash
    return { ...e, hash }
  })
}

export interface BrokenEntry {
  /** The first entry that does not hold: the missing seq for a gap. */
  seq: number
  /** Its time and kind as stored (null when the entry is missing). */
  at: string | null
  kind: string | null
  /** What is wrong with it. */
  reason: string
}

export interface VerifyResult {
  ok: boolean
  /** Entries checked before the first broken one, or all of them. */
  checked: number
  first_broken: BrokenEntry | null
}

/**
 * Checks a chain read in pages (seq order), keeping only the last entry between pages; stops at
 * the first broken entry. `verifyChain` checks one array.
 */
export class ChainVerifier {
  private expected = 1
  private prevHash = GENESIS_HASH
  private lastSeq = 0
  private count = 0
  private broken: BrokenEntry | null = null

  /** Check the next entries; false once the chain is broken (the rest need not be read). */
  push(entries: readonly AuditEntry[]): boolean {
    for (const e of entries) {
      if (this.broken) return false
      this.broken = this.check(e)
      if (this.broken) return false
      this.count++
      this.expected = e.seq + 1
      this.lastSeq = e.seq
      this.prevHash = e.hash
    }
    return !this.broken
  }

  private check(e: AuditEntry): BrokenEntry | null {
    const at = (reason: string): BrokenEntry => ({ seq: e.seq, at: e.at, kind: e.kind, reason })
    if (!Number.isSafeInteger(e.seq) || e.seq < 1) return at(`seq ${e.seq} is not a positive integer`)
    if (e.seq > this.expected) {
      const missing = e.seq - this.expected === 1 ? `seq ${this.expected} is missing` : `seqs ${this.expected} to ${e.seq - 1} are missing`
      return { seq: this.expected, at: null, kind: null, reason: `${missing} (the next entry found is seq ${e.seq})` }
    }
    if (e.seq < this.expected) {
      return at(e.seq === this.lastSeq ? `seq ${e.seq} appears twice` : `seq ${e.seq} comes after seq ${this.lastSeq}: entries out of order`)
    }
    if (e.prev_hash !== this.prevHash) {
      return at(e.seq === 1 ? 'prev_hash of the first entry is not the genesis hash' : `prev_hash does not match the hash of seq ${e.seq - 1}: the link is broken`)
    }
    if (entryHash(e) !== e.hash) return at('hash does not match the content: the entry was altered')
    return null
  }

  result(): VerifyResult {
    return { ok: !this.broken, checked: this.count, first_broken: this.broken }
  }
}

/** Check a whole chain given in seq order (as read: ORDER BY seq). */
export function verifyChain(entries: readonly AuditEntry[]): VerifyResult {
  const v = new ChainVerifier()
  v.push(entries)
  return v.result()
}
