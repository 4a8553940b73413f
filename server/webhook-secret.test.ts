import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { webhookSecret } from './data-dir'
import { receiverUrl } from '@/jobs/deliver'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sp-whsec-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('the webhook signing secret', () => {
  it('is WEBHOOK_SECRET when set', () => {
    expect(webhookSecret({ WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=', DATA_DIR: tmp() })).toBe('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=')
  })

  it('is generated once per deployment, kept in DATA_DIR for the owner only, in the form receivers take', () => {
    const dir = tmp()
    const first = webhookSecret({ WEBHOOK_SECRET: '', DATA_DIR: dir })
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(first.slice(6), 'base64')).toHaveLength(32)
    expect(statSync(path.join(dir, 'webhook-secret')).mode & 0o777).toBe(0o600)
    expect(webhookSecret({ WEBHOOK_SECRET: '', DATA_DIR: dir })).toBe(first)
    expect(webhookSecret({ WEBHOOK_SECRET: '', DATA_DIR: tmp() })).not.toBe(first)
    // The package receivers use takes it as it is.
    const wh = new Webhook(first)
    const at = new Date()
    expect(wh.verify('{"a":1}', { 'webhook-id': 'act_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign('act_1', at, '{"a":1}') })).toEqual({ a: 1 })
  })

  it('refuses a secret file others can read', () => {
    const dir = tmp()
    writeFileSync(path.join(dir, 'webhook-secret'), 'whsec_x')
    chmodSync(path.join(dir, 'webhook-secret'), 0o644)
    expect(() => webhookSecret({ WEBHOOK_SECRET: '', DATA_DIR: dir })).toThrow(/can be read by other users/)
  })
})

describe('where actions go', () => {
  it('is WEBHOOK_URL, else the simulated retailer on this server in demo mode, else nowhere', () => {
    expect(receiverUrl({ WEBHOOK_URL: 'https://erp.example/hooks', DEMO_MODE: true, SIMULATOR: true, PORT: 3000 })).toBe('https://erp.example/hooks')
    expect(receiverUrl({ WEBHOOK_URL: '', DEMO_MODE: true, SIMULATOR: true, PORT: 3123 })).toBe('http://127.0.0.1:3123/api/v1/sim/erp')
    expect(receiverUrl({ WEBHOOK_URL: '', DEMO_MODE: false, SIMULATOR: true, PORT: 3000 })).toBe('')
    // Demo mode without the simulator: no simulated retailer to deliver to.
    expect(receiverUrl({ WEBHOOK_URL: '', DEMO_MODE: true, SIMULATOR: false, PORT: 3000 })).toBe('')
  })
})
