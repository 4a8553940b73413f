/**
 * A flood of refused requests from one caller (lib/audit/refusal-budget.ts): every one is answered
 * 401, the first AUDIT_REFUSALS_PER_MINUTE are recorded each, the next with a notice, the rest
 * counted and summarised with the caller's first refusal of a later minute; another caller's
 * refusals are recorded as before, and the chain still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ADDRESS_HEADER } from '@/lib/api/client-address'
import { listAudit } from '@/lib/clickhouse/queries/audit'
import { refusalCountKey } from '@/lib/redis-keys'
import type { AuditVerifyBody } from '@/lib/audit/api-schemas'
import { sessionCookie } from '../helpers/socket'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'
import { handleAuditList, handleAuditVerify } from '../helpers/api'

const LIMIT = 5
let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { AUDIT_REFUSALS_PER_MINUTE: String(LIMIT) } })
}, 60_000)

afterAll(async () => {
  await t?.cleanup()
})

const badKey = (address: string) =>
  handleAuditList(t.rt, new Request('http://t/api/v1/audit', { headers: { authorization: 'Bearer not-a-key', [CLIENT_ADDRESS_HEADER]: address } }))
/** The stored refusals of one address, their inputs read back from the stored JSON. */
const fromAddress = async (address: string) =>
  (await listAudit(t.rt.clickhouse.interactive, { kind: 'auth.refused' }, 1_000))
    .map((e) => ({ ...e, inputs: (typeof e.inputs === 'string' ? JSON.parse(e.inputs) : e.inputs) as { address?: string; unrecorded?: number } }))
    .filter((e) => e.inputs.address === address)

describe('refusals past the per-minute budget', () => {
  it('are all answered, recorded up to the budget plus a notice, and leave other callers recorded', async () => {
    // Sequential: the budget counts in arrival order (a minute boundary could split the run; the
    // counts below allow for that by reading the budget's own counter).
    const minute = Math.floor(Date.now() / 60_000)
    for (let i = 0; i < 20; i++) expect((await badKey('203.0.113.7')).status).toBe(401)
    expect((await badKey('198.51.100.2')).status).toBe(401)
    const crossed = Math.floor(Date.now() / 60_000) !== minute
    const flood = await fromAddress('203.0.113.7')
    if (!crossed) {
      expect(flood).toHaveLength(LIMIT + 1)
      expect(flood.filter((e) => e.reason === 'invalid API key')).toHaveLength(LIMIT)
      expect(flood.filter((e) => /more than 5 refusals of this caller this minute/.test(e.reason))).toHaveLength(1)
      expect(Number(await t.rt.redis.get(refusalCountKey(t.rt.redisPrefix, 'addr:203.0.113.7', minute)))).toBe(20)
    }
    expect(await fromAddress('198.51.100.2')).toHaveLength(1)
  })

  it("summarises the minute before with the caller's next refusal", async () => {
    const minute = Math.floor(Date.now() / 60_000)
    // The minute before held 12 refusals of this address: 5 recorded, 1 with the notice, 6 only counted.
    await t.rt.redis.set(refusalCountKey(t.rt.redisPrefix, 'addr:192.0.2.9', minute - 1), '12', 'EX', 180)
    expect((await badKey('192.0.2.9')).status).toBe(401)
    const entries = await fromAddress('192.0.2.9')
    const summary = entries.find((e) => e.inputs.unrecorded !== undefined)
    if (Math.floor(Date.now() / 60_000) === minute) {
      expect(entries).toHaveLength(2)
      expect(summary?.reason).toMatch(/^6 further refused requests of this caller in the minute from /)
      expect(summary?.inputs.unrecorded).toBe(6)
    }
    const verified = await handleAuditVerify(t.rt, new Request('http://t/api/v1/audit/verify', { headers: { cookie: await sessionCookie(t.rt, 'u-admin') } }))
    expect(((await verified.json()) as AuditVerifyBody).ok).toBe(true)
  })
})
