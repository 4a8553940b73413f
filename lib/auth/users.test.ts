import { describe, expect, it } from 'vitest'
import { authenticate, DEMO_PASSWORD } from './users'
import { readCookie } from './session'

describe('demo sign-in', () => {
  it('accepts a demo user with the demo password only in demo mode', async () => {
    expect((await authenticate('Ops@StockPulse.demo', DEMO_PASSWORD, true))?.role).toBe('ops_manager')
    expect(await authenticate('ops@stockpulse.demo', 'wrong', true)).toBeUndefined()
    expect(await authenticate('nobody@stockpulse.demo', DEMO_PASSWORD, true)).toBeUndefined()
    expect(await authenticate('ops@stockpulse.demo', DEMO_PASSWORD, false)).toBeUndefined()
  })

  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; sp_session=abc%3D; b=2', 'sp_session')).toBe('abc=')
    expect(readCookie('a=1', 'sp_session')).toBeUndefined()
    expect(readCookie(undefined, 'sp_session')).toBeUndefined()
  })
})
