import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { card } from './cards.fixture'
import { composeReason, confidenceWord, decisionRequest, parseLocalInput, parseQuantity, readDecisionAnswer, snoozeUntil, toLocalInput } from './decision-form'

describe('composeReason', () => {
  it('needs a listed reason, and text for "other"', () => {
    expect(composeReason(undefined, '')).toEqual({ error: 'choose a reason' })
    expect(composeReason('bad vibes', '')).toEqual({ error: 'choose one of the listed reasons' })
    expect(composeReason('other', '  ')).toEqual({ error: 'say what the reason is' })
  })
  it('joins the reason and the note', () => {
    expect(composeReason('quantity too high', '')).toEqual({ reason: 'quantity too high' })
    expect(composeReason('quantity too high', ' promo ended ')).toEqual({ reason: 'quantity too high: promo ended' })
    expect(composeReason('other', 'store closed for refit')).toEqual({ reason: 'other: store closed for refit' })
  })
  it('refuses more than 500 characters in all', () => {
    // "forecast wrong: " is 16 characters: 484 more make 500.
    expect(composeReason('forecast wrong', 'x'.repeat(484)).reason).toHaveLength(500)
    expect(composeReason('forecast wrong', 'x'.repeat(485)).error).toBe('at most 500 characters (501 now)')
  })
})

describe('parseQuantity', () => {
  it('takes whole units from 0 to 10 million', () => {
    expect(parseQuantity(' 36 ')).toEqual({ quantity: 36 })
    expect(parseQuantity('0')).toEqual({ quantity: 0 })
    expect(parseQuantity('10000000')).toEqual({ quantity: 10_000_000 })
    expect(parseQuantity('10000001').error).toBe('at most 10,000,000 units')
    expect(parseQuantity('2.5').error).toBe('must be a whole number of units')
    expect(parseQuantity('-3').error).toBe('must be a whole number of units')
    expect(parseQuantity('').error).toBe('enter a quantity')
  })
})

describe('snooze', () => {
  let tz: string | undefined
  beforeEach(() => {
    tz = process.env.TZ
    process.env.TZ = 'Europe/London'
  })
  afterEach(() => {
    process.env.TZ = tz
  })
  it('presets: 4 hours on, tomorrow 08:00 local time, a week on', () => {
    const now = new Date('2026-12-06T21:30:00Z') // 21:30 in London (GMT in December)
    expect(snoozeUntil('4h', now).toISOString()).toBe('2026-12-07T01:30:00.000Z')
    expect(snoozeUntil('tomorrow', now).toISOString()).toBe('2026-12-07T08:00:00.000Z')
    expect(snoozeUntil('week', now).toISOString()).toBe('2026-12-13T21:30:00.000Z')
    // In summer London is UTC+1: 08:00 local is 07:00 UTC; late evening UTC is already the next day there.
    expect(snoozeUntil('tomorrow', new Date('2026-06-30T23:30:00Z')).toISOString()).toBe('2026-07-02T07:00:00.000Z')
  })
  it('datetime-local values: written and read in local time, ahead of now, at most 30 days on', () => {
    const now = new Date('2026-12-06T12:00:00Z')
    expect(toLocalInput(new Date('2026-12-07T08:05:00Z'))).toBe('2026-12-07T08:05')
    expect(parseLocalInput('2026-12-07T08:05', now).until?.toISOString()).toBe('2026-12-07T08:05:00.000Z')
    expect(parseLocalInput('2026-07-01T08:00', new Date('2026-06-30T12:00:00Z')).until?.toISOString()).toBe('2026-07-01T07:00:00.000Z')
    expect(parseLocalInput('2026-12-06T11:59', now).error).toBe('must be in the future')
    expect(parseLocalInput('2027-01-05T12:00', now).until).toBeDefined()
    expect(parseLocalInput('2027-01-05T12:01', now).error).toBe('at most 30 days ahead')
    expect(parseLocalInput('2026-02-30T08:00', new Date('2026-02-01T00:00:00Z')).error).toBe('not a valid date')
    expect(parseLocalInput('', now).error).toBe('enter a date and time')
  })
})

describe('decisionRequest', () => {
  it('carries the revision of the card and the fields given', () => {
    expect(decisionRequest(card('a', 1, { revision: 7 }), 'approve')).toEqual({ decision: 'approve', revision: 7 })
    expect(decisionRequest(card('a', 1, { revision: 2 }), 'modify', { quantity: 30, reason: 'quantity too high' })).toEqual({
      decision: 'modify',
      revision: 2,
      quantity: 30,
      reason: 'quantity too high',
    })
    expect(() => decisionRequest(card('a', 1), 'modify', { quantity: 1.5 })).toThrow()
  })
})

describe('readDecisionAnswer', () => {
  it('2xx: done, with the card when the answer is one', () => {
    const c = card('a', 1, { status: 'approved' })
    expect(readDecisionAnswer(200, c)).toEqual({ kind: 'done', alert: c })
    expect(readDecisionAnswer(202, { ok: true })).toEqual({ kind: 'done' })
  })
  it('409: already decided, with its status', () => {
    expect(readDecisionAnswer(409, { error: 'already approved', status: 'approved', revision: 4 })).toEqual({
      kind: 'conflict',
      status: 'approved',
      revision: 4,
      message: 'already approved',
    })
    expect(readDecisionAnswer(409, { error: 'odd' })).toEqual({ kind: 'failed', message: 'odd' })
  })
  it('4xx: errors keyed by field, others on the form', () => {
    expect(
      readDecisionAnswer(400, {
        errors: [
          { index: 0, path: 'reason', message: 'required to reject' },
          { index: 0, path: 'body.quantity', message: 'must be a whole number' },
          { index: 0, path: 'quantity', message: 'too large' },
          { index: 0, path: 'decision', message: 'unknown' },
        ],
      }),
    ).toEqual({ kind: 'invalid', errors: { reason: 'required to reject', quantity: 'must be a whole number; too large', form: 'unknown' } })
    expect(readDecisionAnswer(403, { error: 'an executive may not decide' })).toEqual({ kind: 'invalid', errors: { form: 'an executive may not decide' } })
    expect(readDecisionAnswer(401, {})).toEqual({ kind: 'invalid', errors: { form: 'signed out: sign in again' } })
  })
  it('5xx and the rest: failed', () => {
    expect(readDecisionAnswer(503, { error: 'store unavailable' })).toEqual({ kind: 'failed', message: 'store unavailable' })
    expect(readDecisionAnswer(500, null)).toEqual({ kind: 'failed', message: 'the server answered 500' })
  })
})

describe('confidenceWord', () => {
  it('names the band and the percent', () => {
    expect(confidenceWord(0.8)).toBe('High confidence (80%)')
    expect(confidenceWord(0.79)).toBe('Medium confidence (79%)')
    expect(confidenceWord(0.5)).toBe('Medium confidence (50%)')
    expect(confidenceWord(0.123)).toBe('Low confidence (12%)')
  })
})
