import { describe, expect, it } from 'vitest'
import { sessionSetCookie, sessionState, sessionTtlMs } from './session'
import { progressiveBlockSeconds } from './throttle'

const t = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }

describe('session timeouts', () => {
  it('ends idle after the idle timeout and at the absolute limit however active', () => {
    expect(sessionState({ createdAt: 0, lastSeenAt: 0 }, 29 * 60_000, t)).toBe('live')
    expect(sessionState({ createdAt: 0, lastSeenAt: 0 }, 30 * 60_000, t)).toBe('idle')
    expect(sessionState({ createdAt: 0, lastSeenAt: t.maxMs - 1_000 }, t.maxMs, t)).toBe('expired')
  })
  it('keeps the Redis key no longer than either', () => {
    expect(sessionTtlMs({ createdAt: 0, lastSeenAt: 0 }, 0, t)).toBe(t.idleMs)
    expect(sessionTtlMs({ createdAt: 0, lastSeenAt: 0 }, t.maxMs - 60_000, t)).toBe(60_000)
  })
  it('writes the cookie HttpOnly, SameSite=Lax, Secure when asked, and clears it', () => {
    expect(sessionSetCookie('v', { secure: true, maxMs: 3_600_000 })).toBe('sp_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure')
    expect(sessionSetCookie(undefined, { secure: false, maxMs: 3_600_000 })).toBe('sp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0')
  })
})

describe('progressive blocking', () => {
  it('doubles from the window up to a day', () => {
    expect([1, 2, 3, 4, 8].map((n) => progressiveBlockSeconds(900, n))).toEqual([900, 1800, 3600, 7200, 86_400])
  })
})
