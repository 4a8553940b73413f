import { describe, expect, it } from 'vitest'
import { demoModeRefusal } from './demo-guard'

describe('demo mode beyond loopback', () => {
  it.each([
    ['127.0.0.1', true, undefined],
    ['::1', true, undefined],
    ['localhost', true, undefined],
    ['127.0.0.2', true, undefined],
    ['0.0.0.0', true, 'on'],
    ['0.0.0.0', true, 'true'],
    ['192.168.1.5', false, undefined],
    ['0.0.0.0', false, 'off'],
  ])('starts with HOST=%s demo=%s DEMO_MODE=%s', (host, demo, env) => expect(demoModeRefusal(host, demo, env)).toBeUndefined())

  it.each([
    ['0.0.0.0', undefined],
    ['::', undefined],
    ['192.168.1.5', undefined],
    ['stock.example', undefined],
    ['0.0.0.0', ''],
  ])('refuses HOST=%s in demo mode by default (DEMO_MODE=%j), in one line naming why', (host, env) => {
    const why = demoModeRefusal(host, true, env)
    expect(why).toContain(`HOST=${host}`)
    expect(why).toContain('DEMO_MODE=on')
    expect(why).not.toContain('\n')
  })
})
