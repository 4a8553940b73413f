import { describe, expect, it } from 'vitest'
import { authenticate, DEMO_PASSWORD, findUser, hashPassword } from './users'
import { readCookie } from './session'

describe('demo sign-in', () => {
  it('accepts a demo user with the demo password only in demo mode', async () => {
    expect((await authenticate('Ops@StockPulse.demo', DEMO_PASSWORD, true, undefined))?.role).toBe('ops_manager')
    expect(await authenticate('ops@stockpulse.demo', 'wrong', true, undefined)).toBeUndefined()
    expect(await authenticate('nobody@stockpulse.demo', DEMO_PASSWORD, true, undefined)).toBeUndefined()
    expect(await authenticate('ops@stockpulse.demo', DEMO_PASSWORD, false, undefined)).toBeUndefined()
    expect((await findUser('u-ops', undefined))?.email).toBe('ops@stockpulse.demo')
  })

  it('hashes passwords with argon2id, salted', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')])
    expect(a).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
  })

  it('does not block the event loop while it hashes', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    await Promise.all(Array.from({ length: 4 }, () => authenticate('nobody@example.com', 'some password', false, undefined)))
    clearInterval(timer)
    expect(ticks).toBeGreaterThan(3)
  })

  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; sp_session=abc%3D; b=2', 'sp_session')).toBe('abc=')
    expect(readCookie('a=1', 'sp_session')).toBeUndefined()
    expect(readCookie(undefined, 'sp_session')).toBeUndefined()
  })
})
