/**
 * The audit trail through the real engines (Redis, chDB): two writers on separate Redis
 * connections appending at once make one gap-free chain that verifies; a batch of hundreds lands
 * in one call, in order; an alert transition is audited with its figures; refused requests are
 * audited with their route and method; the API lets admins and read keys in and no one else,
 * refuses bad filters naming the field, filters, pages and exports CSV safe for spreadsheets; a
 * write that cannot take the lock parks its entries and the next write chains them; and after a
 * row is altered in ClickHouse the check fails naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit, recordAuditOrPark, type AuditDeps } from '@/lib/audit/store'
import { auditLockKey, auditParkedKey } from '@/lib/redis-keys'
import { nextVersion, writeAlerts } from '@/lib/alerts/store'
import { alertKey } from '@/lib/alerts/hygiene'
import type { AlertRecord } from '@/lib/alerts/types'
import type { AuditEntryInput } from '@/lib/audit/types'
import type { AuditEntryBody, AuditPage, AuditVerifyBody } from '@/lib/audit/api-schemas'
import { logger } from '@/lib/log'
import { sessionCookie } from '../helpers/socket'
import { createTestRuntime, READ_SECRET, INGEST_SECRET, type TestRuntime } from '../helpers/runtime'
import { handleAuditList, handleAuditVerify, handleDecideAlert } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('audit.test.ts')

let t: TestRuntime
const extra: { quit(): Promise<unknown> }[] = []
const deps = (): AuditDeps => ({ redis: t.rt.redis, prefix: t.rt.redisPrefix, clickhouse: t.rt.clickhouse })
/** A writer with a Redis connection of its own: it does not share the first one's grouped commit, so the two race for the lock. */
async function otherWriter(): Promise<AuditDeps> {
  const redis = t.rt.redis.duplicate()
  extra.push(redis)
  if (redis.status !== 'ready') await new Promise((r) => redis.once('ready', r))
  return { ...deps(), redis }
}

const entry = (writer: string, i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  kind: 'user.change',
  actor: { kind: 'system', id: writer, name: `writer ${writer}` },
  subject_type: 'test',
  subject_id: `${writer}-${i}`,
  before: { n: i },
  after: { n: i + 1 },
  reason: `step ${i}`,
  ...over,
})

async function as(userId: string): Promise<Record<string, string>> {
  // A real server-side session (lib/auth/session.ts), as signing in makes.
  return { cookie: await sessionCookie(t.rt, userId) }
}
const admin = () => as('u-admin')
const list = async (query: string, headers: Record<string, string> | Promise<Record<string, string>> = { authorization: `Bearer ${READ_SECRET}` }) =>
  handleAuditList(t.rt, new Request(`http://t/api/v1/audit${query}`, { headers: await headers }))
const verify = async (headers: Record<string, string> | Promise<Record<string, string>> = admin()) =>
  handleAuditVerify(t.rt, new Request('http://t/api/v1/audit/verify', { headers: await headers }))
const verified = async (): Promise<AuditVerifyBody> => {
  const res = await verify()
  expect(res.status).toBe(200)
  return res.json()
}
const page = async (query: string): Promise<AuditPage> => {
  const res = await list(query)
  expect(res.status).toBe(200)
  return res.json()
}
async function seqStats(): Promise<{ n: number; distinct: number; min: number; max: number }> {
  const rs = await t.rt.clickhouse.interactive.query({ query: 'SELECT count() AS n, uniqExact(seq) AS distinct, min(seq) AS min, max(seq) AS max FROM audit_log', format: 'JSONEachRow' })
  const [r] = await rs.json<Record<string, string | number>>()
  return { n: Number(r.n), distinct: Number(r.distinct), min: Number(r.min), max: Number(r.max) }
}

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read` } })
}, 60_000)

afterAll(async () => {
  for (const r of extra) await r.quit()
  await t?.cleanup()
})

describe('the audit trail', () => {
  it('starts empty and verifies', async () => {
    expect(await verified()).toEqual({ ok: true, checked: 0, head_seq: 0, first_broken: null, parked: 0 })
  })

  it('makes one gap-free, valid chain from two writers appending at once, each batch in its order', { timeout: 60_000 }, async () => {
    const a = deps()
    const b = await otherWriter()
    const calls: Promise<void>[] = []
    let total = 0
    for (let i = 0; i < 12; i++) {
      const sizeA = 1 + (i % 5)
      const sizeB = 1 + ((i * 3) % 7)
      calls.push(recordAudit(a, Array.from({ length: sizeA }, (_, j) => entry('A', i * 100 + j))))
      calls.push(recordAudit(b, Array.from({ length: sizeB }, (_, j) => entry('B', i * 100 + j))))
      total += sizeA + sizeB
    }
    // Agents write hundreds of transitions at once: one call.
    calls.push(recordAudit(b, Array.from({ length: 400 }, (_, j) => entry('bulk', j))))
    total += 400
    await Promise.all(calls)

    expect(await seqStats()).toEqual({ n: total, distinct: total, min: 1, max: total })
    expect(await verified()).toEqual({ ok: true, checked: total, head_seq: total, first_broken: null, parked: 0 })
    // Both writers' entries are in the chain, and the 400 in one run of seqs, in the order given.
    const bulk = await page('?subject_type=test&actor=bulk&limit=1000')
    expect(bulk.entries).toHaveLength(400)
    const seqs = bulk.entries.map((e) => e.seq).reverse()
    expect(seqs[399] - seqs[0]).toBe(399)
    expect(bulk.entries.at(-1)!.subject_id).toBe('bulk-0')
    expect((await page('?actor=A&limit=1000')).entries.length).toBeGreaterThan(0)
    expect((await page('?actor=B&limit=1000')).entries.length).toBeGreaterThan(0)
  })

  it('audits every alert transition with its actor, before and after, reason, figures and model version', async () => {
    const now = new Date().toISOString()
    const scope = { sku: 'SKU-9', location: 'S07', channel: '', supplier: '' }
    const alert: AlertRecord = {
      id: 'al-audit-1', key: alertKey('stockout_risk', scope), type: 'stockout_risk', scope, status: 'open', severity: 'critical', value_at_risk: 812.5, signal: 0.71,
      why: 'seeded', recommendation: { action: 'reorder', quantity: 24, cost: 48, value: 90, summary: 'Order 24 units' }, confidence: 0.64, agent: 'stockout-risk',
      model_version: 'ets-7', chart: null, opened_at: now, updated_at: now, snoozed_until: null, revision: 1, cleared_reason: null, decided_quantity: null,
    }
    await writeAlerts(
      { ...deps() },
      [{ ...alert, version: nextVersion(null) }],
      [{ alert_id: alert.id, transition_id: 'tr-1', at: now, actor: { kind: 'agent', id: 'stockout-risk', name: 'stockout-risk agent' }, from: 'none', to: 'open', reason: 'stockout probability 71 %', quantity_before: 24, quantity_after: 24, revision: 1 }],
      new Set(),
    )
    const [e] = (await page('?kind=alert.transition&subject_id=al-audit-1')).entries
    expect(e).toMatchObject({
      kind: 'alert.transition',
      actor: { kind: 'agent', id: 'stockout-risk', name: 'stockout-risk agent' },
      subject_type: 'alert',
      location: 'S07',
      before: { status: 'none', quantity: 24 },
      after: { status: 'open', quantity: 24 },
      reason: 'stockout probability 71 %',
      model_version: 'ets-7',
      at: now,
    })
    expect(e.inputs).toMatchObject({ signal: 0.71, severity: 'critical', value_at_risk: 812.5, confidence: 0.64, recommendation: { action: 'reorder', quantity: 24 }, transition_id: 'tr-1' })
  })

  it('lets an admin session and a read key in, and refuses (and audits) no credentials, a bad key, a planner and an ingest key', async () => {
    expect((await list('', admin())).status).toBe(200)
    expect((await list('', { authorization: `Bearer ${READ_SECRET}` })).status).toBe(200)
    const none = await list('?kind=auth.sign_in', {})
    expect(none.status).toBe(401)
    expect((await list('', { authorization: 'Bearer not-a-key-at-all' })).status).toBe(401)
    const planner = await list('', as('u-planner'))
    expect(planner.status).toBe(403)
    expect((await planner.json()).error).toMatch(/planner may not read the audit trail/)
    expect((await list('', { authorization: `Bearer ${INGEST_SECRET}` })).status).toBe(403)
    expect((await verify({})).status).toBe(401)
    expect((await verify(as('u-exec'))).status).toBe(403)
    expect((await verify({ authorization: `Bearer ${READ_SECRET}` })).status).toBe(200)

    const refused = (await page('?kind=auth.refused&limit=1000')).entries
    const byActor = (kind: string, id?: string) => refused.filter((r) => r.actor.kind === kind && (id === undefined || r.actor.id === id))
    expect(byActor('anonymous').map((r) => r.inputs)).toEqual(expect.arrayContaining([
      { route: '/api/v1/audit', method: 'GET', status: 401, address: 'unknown' },
      { route: '/api/v1/audit/verify', method: 'GET', status: 401, address: 'unknown' },
    ]))
    expect(byActor('person', 'u-planner')).toEqual([expect.objectContaining({ subject_id: 'GET /api/v1/audit', reason: 'a planner may not read the audit trail', inputs: expect.objectContaining({ status: 403 }) })])
    expect(byActor('person', 'u-exec')[0]).toMatchObject({ subject_id: 'GET /api/v1/audit/verify' })
    expect(byActor('key', 'pos')[0]).toMatchObject({ reason: 'API key "pos" lacks the "read" scope', inputs: expect.objectContaining({ status: 403 }) })
    expect(refused.some((r) => r.reason === 'invalid API key')).toBe(true)
  })

  it('audits the role refusal of a decision', async () => {
    const res = await handleDecideAlert(t.rt, new Request('http://t/api/v1/alerts/al-x/decision', { method: 'POST', headers: { ...(await as('u-exec')), 'content-type': 'application/json' }, body: '{"decision":"approve"}' }), 'al-x')
    expect(res.status).toBe(403)
    const [e] = (await page('?kind=auth.refused&actor=u-exec&subject_id=' + encodeURIComponent('POST /api/v1/alerts/al-x/decision'))).entries
    expect(e).toMatchObject({ actor: { kind: 'person', id: 'u-exec', name: 'Elena Executive' }, reason: 'a executive may not decide alerts', inputs: { route: '/api/v1/alerts/al-x/decision', method: 'POST', status: 403 } })
  })

  it('refuses bad filters with 400 naming the field, and writes nothing for them', async () => {
    const before = await seqStats()
    const cases: [string, string][] = [
      ['?kind=alert.deleted', 'kind'],
      ['?from=yesterday', 'from'],
      ['?to=2026-13-01T00:00:00Z', 'to'],
      ['?from=2026-12-06T10:00:00Z&to=2026-12-06T09:00:00Z', 'to'],
      ['?limit=0', 'limit'],
      ['?limit=5000', 'limit'],
      ['?before_seq=abc', 'before_seq'],
      ['?format=xml', 'format'],
      [`?actor=${encodeURIComponent('a\u0000b')}`, 'actor'],
      [`?subject_id=${'x'.repeat(600)}`, 'subject_id'],
    ]
    for (const [q, field] of cases) {
      const res = await list(q)
      expect(res.status, q).toBe(400)
      expect((await res.json()).errors.map((e: { path: string }) => e.path), q).toContain(field)
    }
    expect(await seqStats()).toEqual(before)
  })

  it('filters by time, kind, actor and subject, pages by seq without overlap, and exports CSV safe for spreadsheets', async () => {
    await recordAudit(deps(), [
      entry('csv', 1, { reason: '=HYPERLINK("http://evil.example","x")', subject_type: 'csv' }),
      entry('csv', 2, { reason: 'plain, with "quotes"', subject_type: 'csv', at: '2020-01-01T00:00:00Z' }),
      entry('csv', 3, { subject_type: 'csv' }),
    ])
    const all = (await page('?subject_type=csv')).entries
    expect(all.map((e) => e.subject_id)).toEqual(['csv-3', 'csv-2', 'csv-1'])
    expect((await page('?subject_type=csv&to=2021-01-01T00:00:00Z')).entries.map((e) => e.subject_id)).toEqual(['csv-2'])
    expect((await page('?subject_type=csv&from=2021-01-01T00:00:00%2B01:00')).entries.map((e) => e.subject_id)).toEqual(['csv-3', 'csv-1'])
    const first = await page('?subject_type=csv&limit=2')
    expect(first.entries.map((e) => e.subject_id)).toEqual(['csv-3', 'csv-2'])
    expect(first.next_before_seq).toBe(first.entries[1].seq)
    const second = await page(`?subject_type=csv&limit=2&before_seq=${first.next_before_seq}`)
    expect(second.entries.map((e: AuditEntryBody) => e.subject_id)).toEqual(['csv-1'])
    expect(second.next_before_seq).toBeNull()

    for (const res of [await list('?subject_type=csv&format=csv'), await list('?subject_type=csv', { authorization: `Bearer ${READ_SECRET}`, accept: 'text/csv' })]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
      const lines = (await res.text()).trimEnd().split('\n')
      expect(lines[0]).toBe('seq,at,kind,actor_kind,actor_id,actor_name,subject_type,subject_id,location,before,after,reason,inputs,model_version,prev_hash,hash')
      expect(lines).toHaveLength(4)
      expect(lines[3]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
      expect(lines[2]).toContain('"plain, with ""quotes"""')
    }
  })

  it('parks entries when the lock stays taken, says so in the check, and chains them with the next write', { timeout: 30_000 }, async () => {
    await t.rt.redis.set(auditLockKey(t.rt.redisPrefix), 'someone-else', 'PX', 20_000)
    await recordAuditOrPark(deps(), [entry('parked', 1, { subject_type: 'parked' })], logger('audit-test'))
    expect((await verified()).parked).toBe(1)
    expect((await page('?subject_type=parked')).entries).toEqual([])
    await t.rt.redis.del(auditLockKey(t.rt.redisPrefix))
    await recordAudit(deps(), [entry('after', 1, { subject_type: 'parked' })])
    expect((await page('?subject_type=parked')).entries.map((e) => e.subject_id)).toEqual(['after-1', 'parked-1'])
    // An item that does not read back blocks nothing: it is logged and passed over.
    await t.rt.redis.rpush(auditParkedKey(t.rt.redisPrefix), 'not json', '{"kind":"auth.sign_out"}')
    await recordAudit(deps(), [entry('after', 2, { subject_type: 'parked' })])
    expect((await page('?subject_type=parked')).entries.map((e) => e.subject_id)).toEqual(['after-2', 'after-1', 'parked-1'])
    expect(await t.rt.redis.llen(auditParkedKey(t.rt.redisPrefix))).toBe(0)
    const v = await verified()
    expect(v).toMatchObject({ ok: true, parked: 0 })
    expect(v.checked).toBe(v.head_seq)
  })

  it('fails the check naming seq 3 after that row is altered in ClickHouse', async () => {
    const head = (await verified()).head_seq
    await t.rt.clickhouse.interactive.command({ query: "ALTER TABLE audit_log UPDATE reason = 'x' WHERE seq = 3 SETTINGS mutations_sync = 2" })
    const v = await verified()
    expect(v.ok).toBe(false)
    expect(v.checked).toBe(2)
    expect(v.head_seq).toBe(head)
    expect(v.first_broken).toMatchObject({ seq: 3, reason: 'hash does not match the content: the entry was altered' })
    expect(v.first_broken!.at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('fails the check naming a deleted row as missing', async () => {
    await t.rt.clickhouse.interactive.command({ query: 'ALTER TABLE audit_log DELETE WHERE seq = 2 SETTINGS mutations_sync = 2' })
    const v = await verified()
    expect(v).toMatchObject({ ok: false, checked: 1, first_broken: { seq: 2, at: null, kind: null, reason: 'seq 2 is missing (the next entry found is seq 3)' } })
  })
})
