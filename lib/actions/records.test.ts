import { describe, expect, it } from 'vitest'
import { planner, record } from '@/lib/alerts/alerts.fixture'
import type { AlertTransition } from '@/lib/alerts/types'
import { actionIdFor, actionPayloadFrom, afterAttempt, alertExecuted, alertExpired, backoffDelay, canMove, nextRecord, pendingRecord } from './records'
import { actionStatusLine } from './status-line'
import type { ApprovedBy } from './types'

const NOW = '2026-12-06T12:00:00.000Z'
const by: ApprovedBy = { kind: 'person', actor: planner }

function step(to: AlertTransition['to'], after: number | null = 48): AlertTransition {
  return { alert_id: 'a-1', transition_id: 't-1', at: NOW, actor: planner, from: 'open', to, reason: '', quantity_before: 48, quantity_after: after, revision: 1 }
}

describe('action payload', () => {
  it('takes the recommendation as it is when approved', () => {
    const r = actionPayloadFrom(record({ status: 'approved', scope: { sku: 'S', location: 'L', channel: 'store', supplier: 'ACME' } }), step('approved'), by, 0, NOW)
    expect(r).toEqual({
      ok: true,
      payload: {
        action_id: actionIdFor('a-1', 't-1'), kind: 'reorder', alert_id: 'a-1', sku: 'S', location: 'L', channel: 'store', supplier: 'ACME',
        quantity: 48, cost: 240, value: 900, rule_version: 0, approved_by: by, created_at: NOW,
      },
    })
  })

  it('uses the decided quantity when modified, cost and value scaled to it (48 -> 24 halves 240 and 900)', () => {
    const r = actionPayloadFrom(record({ status: 'modified', decided_quantity: 24 }), step('modified', 24), by, 3, NOW)
    expect(r.ok && [r.payload.quantity, r.payload.cost, r.payload.value, r.payload.rule_version]).toEqual([24, 120, 450, 3])
  })

  it('scales a reallocation split to the decided total, whole units summing to it', () => {
    const rec = { action: 'reallocate' as const, quantity: 30, split: { store: 20, web: 10 }, cost: 0, value: 60, summary: '' }
    const r = actionPayloadFrom(record({ status: 'modified', decided_quantity: 10, recommendation: rec }), step('modified', 10), by, 0, NOW)
    expect(r.ok && r.payload.split).toEqual({ store: 7, web: 3 })
    expect(r.ok && r.payload.supplier).toBe('')
  })

  it('refuses investigate cards and decisions that do not run anything', () => {
    const inv = { action: 'investigate' as const, quantity: 0, cost: 0, value: 0, summary: '' }
    expect(actionPayloadFrom(record({ recommendation: inv }), step('approved'), by, 0, NOW).ok).toBe(false)
    expect(actionPayloadFrom(record(), step('rejected'), by, 0, NOW)).toEqual({ ok: false, reason: 'the alert was rejected, not approved or modified' })
  })

  it('refuses a card scoped wider than one SKU at one location (a supplier\'s): the receiver could not act on it', () => {
    const supplierWide = record({ status: 'approved', scope: { sku: '', location: '', channel: '', supplier: 'ACME' } })
    expect(actionPayloadFrom(supplierWide, step('approved'), by, 0, NOW)).toEqual({ ok: false, reason: 'the alert names no SKU and location to act on' })
  })

  it('has an id that depends on the alert and the decision only', () => {
    expect(actionIdFor('a-1', 't-1')).toBe(actionIdFor('a-1', 't-1'))
    expect(actionIdFor('a-1', 't-1')).not.toBe(actionIdFor('a-1', 't-2'))
    expect(actionIdFor('a-1', 't-1')).not.toBe(actionIdFor('a-2', 't-1'))
    expect(actionIdFor('a-1', 't-1')).toMatch(/^act_[0-9a-f]{32}$/)
  })
})

describe('status machine', () => {
  const p = actionPayloadFrom(record({ status: 'approved' }), step('approved'), by, 0, NOW)
  const pending = pendingRecord(p.ok ? p.payload : (undefined as never))

  it('allows pending -> delivered | failed -> dead, failed -> delivered, delivered -> confirmed', () => {
    for (const [from, to] of [['pending', 'delivered'], ['pending', 'failed'], ['failed', 'dead'], ['failed', 'delivered'], ['failed', 'failed'], ['delivered', 'confirmed']] as const) {
      expect(canMove(from, to), `${from} -> ${to}`).toBe(true)
    }
  })

  it('keeps confirmed and dead final, and never goes back to pending', () => {
    for (const to of ['pending', 'delivered', 'failed', 'dead', 'confirmed'] as const) {
      expect(canMove('confirmed', to)).toBe(false)
      expect(canMove('dead', to)).toBe(false)
    }
    expect(canMove('failed', 'pending')).toBe(false)
    expect(canMove('delivered', 'failed')).toBe(false)
  })

  it('writes attempts and detail into the next row, refuses what the machine does not allow', () => {
    const failed = nextRecord(pending, 'failed', { attempts: 1, detail: 'HTTP 500', now: NOW })
    expect(failed.ok && [failed.record.status, failed.record.attempts, failed.record.detail]).toEqual(['failed', 1, 'HTTP 500'])
    const delivered = failed.ok ? nextRecord(failed.record, 'delivered', { attempts: 2, now: NOW }) : failed
    expect(delivered.ok && [delivered.record.status, delivered.record.attempts, delivered.record.detail]).toEqual(['delivered', 2, ''])
    const back = delivered.ok ? nextRecord(delivered.record, 'failed', { now: NOW }) : delivered
    expect(back).toEqual({ ok: false, reason: `action ${pending.action_id} is delivered; it cannot become failed` })
  })

  it('decides each attempt: 2xx delivered, else failed until the last try, then dead', () => {
    expect(afterAttempt(200, 1, 5)).toBe('delivered')
    expect(afterAttempt(204, 5, 5)).toBe('delivered')
    expect(afterAttempt(500, 1, 5)).toBe('failed')
    expect(afterAttempt(0, 4, 5)).toBe('failed')
    expect(afterAttempt(302, 5, 5)).toBe('dead')
    expect(afterAttempt(500, 1, 1)).toBe('dead')
  })

  it('steps the alert to executed once, by the system', () => {
    const s = alertExecuted(record({ status: 'modified', decided_quantity: 24 }), 'act_x', NOW)
    expect(s?.alert.status).toBe('executed')
    expect(s?.transition).toMatchObject({ from: 'modified', to: 'executed', transition_id: 'act_x:executed', quantity_after: 24, actor: { kind: 'system' } })
    expect(alertExecuted(record({ status: 'executed' }), 'act_x', NOW)).toBeUndefined()
  })

  it('lets the decision lapse when its action is dead: approved, modified or executed to expired, once, by the system', () => {
    const s = alertExpired(record({ status: 'approved' }), 'act_x', 'HTTP 503', NOW)
    expect(s?.alert).toMatchObject({ status: 'expired', updated_at: NOW })
    expect(s?.transition).toMatchObject({ from: 'approved', to: 'expired', transition_id: 'act_x:expired', reason: 'action act_x dead (HTTP 503): nothing ran', actor: { kind: 'system' } })
    expect(alertExpired(record({ status: 'modified', decided_quantity: 24 }), 'act_x', 'x', NOW)?.transition.quantity_after).toBe(24)
    expect(alertExpired(record({ status: 'executed' }), 'act_x', 'rejected by the receiver', NOW)?.transition.from).toBe('executed')
    for (const status of ['open', 'rejected', 'expired', 'cleared'] as const) expect(alertExpired(record({ status }), 'act_x', 'x', NOW)).toBeUndefined()
  })

  it('says on the card where the action is', () => {
    expect(actionStatusLine({ status: 'failed', attempts: 2, detail: 'HTTP 503' })).toBe('Action failed: HTTP 503; retrying (try 2)')
    expect(actionStatusLine({ status: 'dead', attempts: 8, detail: 'timeout' })).toMatch(/needs attention/)
  })
})

describe('retry schedule', () => {
  const o = { baseMs: 1_000, capMs: 60_000, jitter: 'full' as const }
  const fixed = (x: number) => () => x

  it('full jitter: random share of a window doubling each try, capped', () => {
    // Windows 1, 2, 4, 8, ... s; at random 0.5 the delay is half of each.
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, o, fixed(0.5)))).toEqual([500, 1_000, 2_000, 4_000, 8_000])
    expect(backoffDelay(7, o, fixed(0.5))).toBe(30_000) // 64 s window capped at 60 s
    expect(backoffDelay(40, o, fixed(0.999))).toBeLessThan(60_000)
    expect(backoffDelay(3, o, fixed(0))).toBe(0)
  })

  it('full jitter stays within [0, window) over many draws', () => {
    for (let a = 1; a <= 12; a++) {
      const window = Math.min(60_000, 1_000 * 2 ** (a - 1))
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(a, o)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThan(window)
      }
    }
  })

  it('decorrelated jitter: between base and three times the previous delay, capped', () => {
    const d = { ...o, jitter: 'decorrelated' as const }
    expect(backoffDelay(1, d, fixed(0))).toBe(1_000)
    expect(backoffDelay(1, d, fixed(0.5))).toBe(2_000) // 1000 + 0.5 * (3000 - 1000)
    expect(backoffDelay(2, d, fixed(0.5), 2_000)).toBe(3_500) // 1000 + 0.5 * (6000 - 1000)
    expect(backoffDelay(9, d, fixed(0.9), 50_000)).toBe(60_000)
  })

  it('refuses an attempt number below 1', () => {
    expect(() => backoffDelay(0, o)).toThrow(RangeError)
  })
})
