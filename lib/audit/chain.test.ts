import { describe, expect, it } from 'vitest'
import { canonicalJson, chainEntries, ChainVerifier, entryHash, GENESIS_HASH, verifyChain } from './chain'
import type { AuditEntry, AuditEntryInput } from './types'

const person = { kind: 'person', id: 'u-admin', name: 'Ada Admin' } as const

const input = (i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  kind: 'alert.transition',
  actor: person,
  subject_type: 'alert',
  subject_id: `a${i}`,
  location: 'S01',
  before: { status: 'open', quantity: 20 },
  after: { status: 'approved', quantity: 20 },
  reason: `step ${i}`,
  inputs: { signal: 0.8, severity: 'high' },
  model_version: 'stockout-risk@1',
  at: `2026-12-06T10:00:0${i}.000Z`,
  ...over,
})

const chainOf = (n: number) => chainEntries(null, Array.from({ length: n }, (_, i) => input(i + 1)))

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[2,{"y":"x","z":1}]},"b":1}')
  })

  it('leaves out undefined members, writes undefined in arrays and non-finite numbers as null', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, NaN, Infinity, -0.5] })).toBe('{"b":null,"c":[null,null,null,-0.5]}')
    expect(canonicalJson(undefined)).toBe('null')
  })

  it('makes strings well-formed: a lone surrogate becomes U+FFFD, a pair stays', () => {
    expect(canonicalJson('a\uD800b')).toBe('"a\uFFFDb"')
    expect(canonicalJson('\uD83D\uDE00')).toBe('"\uD83D\uDE00"')
  })

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, x: 1 }))
  })
})

describe('the hash of an entry', () => {
  it('is SHA-256 hex of the canonical entry with seq and prev_hash (worked by hand)', () => {
    // The canonical text below was written by hand and hashed with `printf '%s' ... | sha256sum`.
    const e: Omit<AuditEntry, 'hash'> = {
      seq: 1,
      at: '2026-12-06T10:00:00.000Z',
      kind: 'alert.transition',
      actor: person,
      subject_type: 'alert',
      subject_id: 'a1',
      location: 'S01',
      before: '{"status":"open"}',
      after: '{"status":"approved"}',
      inputs: 'null',
      reason: 'ok',
      model_version: '',
      prev_hash: GENESIS_HASH,
    }
    expect(entryHash(e)).toBe('668523e6df6eefc09a1caa15baab5612fba47e8a6039d79f17477ea8a802b46a')
    expect(entryHash({ ...e, seq: 2 })).not.toBe(entryHash(e))
    expect(entryHash({ ...e, prev_hash: 'f'.repeat(64) })).not.toBe(entryHash(e))
  })
})

describe('chaining a batch', () => {
  it('numbers from 1 on an empty chain, links each to the one before, and starts at genesis', () => {
    const [a, b, c] = chainOf(3)
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3])
    expect(a.prev_hash).toBe(GENESIS_HASH)
    expect(b.prev_hash).toBe(a.hash)
    expect(c.prev_hash).toBe(b.hash)
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('continues from the head it is given', () => {
    const [e] = chainEntries({ seq: 41, hash: 'ab'.repeat(32) }, [input(1)])
    expect(e.seq).toBe(42)
    expect(e.prev_hash).toBe('ab'.repeat(32))
  })

  it('stores before, after and inputs as canonical JSON, missing ones as null, and times in UTC milliseconds', () => {
    const now = new Date('2026-12-06T11:00:00.123Z')
    const [a, b] = chainEntries(null, [input(1, { after: { quantity: 30, status: 'modified' }, at: '2026-12-06T12:00:00+02:00' }), { kind: 'auth.sign_out', actor: person, subject_type: 'user', subject_id: 'admin@x' }], now)
    expect(a.after).toBe('{"quantity":30,"status":"modified"}')
    expect(a.at).toBe('2026-12-06T10:00:00.000Z')
    expect(b).toMatchObject({ before: 'null', after: 'null', inputs: 'null', reason: '', location: '', model_version: '', at: '2026-12-06T11:00:00.123Z' })
  })

  it('refuses a time that is not a date', () => {
    expect(() => chainEntries(null, [input(1, { at: 'yesterday' })])).toThrow(/not a date/)
  })
})

describe('verifying a chain', () => {
  it('passes an intact chain, and an empty one', () => {
    expect(verifyChain(chainOf(5))).toEqual({ ok: true, checked: 5, first_broken: null })
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, first_broken: null })
  })

  it('names an entry whose content was altered', () => {
    const chain = chainOf(5)
    chain[2] = { ...chain[2], reason: 'x' }
    expect(verifyChain(chain)).toEqual({
      ok: false,
      checked: 2,
      first_broken: { seq: 3, at: '2026-12-06T10:00:03.000Z', kind: 'alert.transition', reason: 'hash does not match the content: the entry was altered' },
    })
  })

  it('names a missing seq (a deleted entry)', () => {
    const chain = chainOf(5)
    chain.splice(2, 1)
    const r = verifyChain(chain)
    expect(r.ok).toBe(false)
    expect(r.checked).toBe(2)
    expect(r.first_broken).toEqual({ seq: 3, at: null, kind: null, reason: 'seq 3 is missing (the next entry found is seq 4)' })
    const two = chainOf(6)
    two.splice(1, 2)
    expect(verifyChain(two).first_broken?.reason).toBe('seqs 2 to 3 are missing (the next entry found is seq 4)')
  })

  it('names the first entry of two swapped in place (seq numbers exchanged)', () => {
    const chain = chainOf(4)
    const swapped = [chain[0], { ...chain[2], seq: 2 }, { ...chain[1], seq: 3 }, chain[3]]
    const r = verifyChain(swapped)
    expect(r.first_broken).toMatchObject({ seq: 2, reason: 'prev_hash does not match the hash of seq 1: the link is broken' })
  })

  it('names entries read out of order, and a seq written twice', () => {
    const chain = chainOf(4)
    expect(verifyChain([chain[0], chain[1], chain[3], chain[2]]).first_broken).toMatchObject({ seq: 3, at: null, reason: 'seq 3 is missing (the next entry found is seq 4)' })
    expect(verifyChain([chain[0], chain[2], chain[1]]).first_broken?.seq).toBe(2)
    expect(verifyChain([chain[0], chain[1], chain[1], chain[2]]).first_broken).toMatchObject({ seq: 2, reason: 'seq 2 appears twice' })
    expect(verifyChain([chain[0], chain[1], { ...chain[0] }]).first_broken).toMatchObject({ seq: 1, reason: 'seq 1 comes after seq 2: entries out of order' })
  })

  it('names the next entry when one was altered and its hash recomputed (the link breaks)', () => {
    const chain = chainOf(5)
    const forged = { ...chain[2], reason: 'forged' }
    chain[2] = { ...forged, hash: entryHash(forged) }
    expect(verifyChain(chain).first_broken).toMatchObject({ seq: 4, reason: 'prev_hash does not match the hash of seq 3: the link is broken' })
  })

  it('refuses a first entry that does not start at genesis', () => {
    const [first] = chainEntries({ seq: 0, hash: 'cd'.repeat(32) }, [input(1)])
    expect(verifyChain([first]).first_broken).toMatchObject({ seq: 1, reason: 'prev_hash of the first entry is not the genesis hash' })
  })

  it('gives the same answer page by page as in one go, and stops reading at the break', () => {
    const chain = chainOf(7)
    chain[4] = { ...chain[4], kind: 'auth.sign_in' }
    const v = new ChainVerifier()
    expect(v.push(chain.slice(0, 3))).toBe(true)
    expect(v.push(chain.slice(3, 6))).toBe(false)
    expect(v.push(chain.slice(6))).toBe(false)
    expect(v.result()).toEqual(verifyChain(chain))
    expect(v.result().first_broken?.seq).toBe(5)
  })
})
