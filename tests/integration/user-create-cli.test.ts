/**
 * `npm run user:create`: the first admin of a deployment without demo users, created from the
 * command line (password from standard input or STOCKPULSE_PASSWORD), then signing in.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { authenticate } from '@/lib/auth/users'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { createTestRuntime } from '../helpers/runtime'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-cli-'))
const prefix = `sptest-${randomBytes(4).toString('hex')}`
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const env = { ...process.env, DATA_DIR: dataDir, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DEMO_MODE: 'off', LOG_LEVEL: 'warn', STOCKPULSE_PASSWORD: undefined }

afterAll(async () => {
  await deleteKeysWithPrefix(redisUrl, prefix)
  rmSync(dataDir, { recursive: true, force: true })
})

function run(args: string[], opts: { stdin?: string; password?: string } = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/user-create.ts', ...args], {
      env: { ...env, ...(opts.password ? { STOCKPULSE_PASSWORD: opts.password } : {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.stdin.end(opts.stdin ?? '')
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

describe('npm run user:create', () => {
  it('creates the first admin, who then signs in with DEMO_MODE=off', async () => {
    const password = 'first admin passphrase'
    const made = await run(['--email', 'Root@Example.com', '--role', 'admin', '--name', 'Root'], { stdin: `${password}\n` })
    expect(made.err).toBe('')
    expect(made.code).toBe(0)
    expect(made.out).toMatch(/^created admin root@example\.com \(usr_[0-9a-f]+\)/)

    expect((await run(['--email', 'root@example.com', '--role', 'admin'], { password })).code).toBe(1)
    const short = await run(['--email', 'x@example.com', '--role', 'admin'], { password: 'short' })
    expect(short.code).toBe(2)
    expect(short.err).toContain('password: must have at least 12 characters')
    expect((await run(['--email', 'x@example.com', '--role', 'root'], { password })).code).toBe(2)

    const t = await createTestRuntime({ workers: false, env: { DATA_DIR: dataDir, REDIS_PREFIX: prefix, DEMO_MODE: 'off' } })
    try {
      expect((await authenticate('root@example.com', password, false, t.rt.identity))?.role).toBe('admin')
      expect(await authenticate('root@example.com', 'wrong passphrase!', false, t.rt.identity)).toBeUndefined()
      expect(await authenticate('admin@stockpulse.demo', 'stockpulse', false, t.rt.identity)).toBeUndefined()
    } finally {
      await t.cleanup()
    }
  }, 120_000)
})
