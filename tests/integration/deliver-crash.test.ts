/**
 * A delivery worker killed mid-delivery (kill -9 while the receiver holds the request open): the
 * next process redelivers the action, with the same webhook-id and the same body, signed again,
 * and there is exactly one action record. BullMQ notices the dead worker's job once its lock
 * lapses (the deliver queue's lock is 10 s), so the test takes about half a minute.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { waitFor } from '../helpers/runtime'
import { startReceiver, verifySignature, type Receiver } from '../helpers/webhook-receiver'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('deliver-crash.test.ts')

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const ACTIONS_SECRET = 'crash-actions-secret'
const SECRET = `whsec_${randomBytes(32).toString('base64')}`

interface Child {
  proc: ChildProcess
  port: number
  exited: Promise<void>
}

async function spawnChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/helpers/deliver-child.ts')], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  let stderr = ''
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`deliver child did not start: ${stderr}`)), 60_000)
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^READY (\d+)$/.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    void exited.then(() => reject(new Error(`deliver child exited: ${stderr}`)))
  })
  return { proc, port, exited }
}

async function kill9(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL')
  await c.exited
}

describe('a delivery worker killed mid-delivery', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-deliver-crash-'))
  const prefix = `sptest-${randomBytes(4).toString('hex')}`
  const children: Child[] = []
  let rx: Receiver | undefined

  afterAll(async () => {
    for (const c of children) await kill9(c)
    await rx?.close()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is redelivered by the next process with the same webhook-id, and there is one action', { timeout: 150_000 }, async () => {
    rx = await startReceiver()
    rx.setDefault('hold')
    const env = {
      DATA_DIR: dataDir, REDIS_URL, REDIS_PREFIX: prefix, DEPLOYMENT_ID: 'crash', WORKERS: 'deliver', SIMULATOR: 'off', LOG_LEVEL: 'error',
      API_KEYS: `erp:${ACTIONS_SECRET}:actions`, CHILD_ACTIONS_SECRET: ACTIONS_SECRET,
      WEBHOOK_URL: rx.url, WEBHOOK_SECRET: SECRET, WEBHOOK_ATTEMPTS: '5', WEBHOOK_BACKOFF_MS: '100', WEBHOOK_TIMEOUT_MS: '5000',
    }
    const first = await spawnChild(env)
    children.push(first)
    const res = await fetch(`http://127.0.0.1:${first.port}/approve?id=crash-alert-1&location=L1`, { method: 'POST' })
    expect(res.status).toBe(200)
    const actionId = ((await res.json()) as { action: { id: string } }).action.id
    // The first try reaches the receiver, which holds it: the worker is mid-delivery when killed.
    await waitFor(() => rx!.received.some((r) => r.id === actionId) || undefined, 30_000)
    await kill9(first)
    rx.setDefault(200)

    const second = await spawnChild(env)
    children.push(second)
    const got = await waitFor(() => (rx!.received.filter((r) => r.id === actionId).length >= 2 ? rx!.received.filter((r) => r.id === actionId) : undefined), 90_000)
    expect(got[1].id).toBe(got[0].id)
    expect(got[1].body).toBe(got[0].body)
    for (const r of got) expect(verifySignature(SECRET, r)).toBe(true)

    type State = { action: { status: string; attempts: number } | null; deliveries: { http_status: number }[]; actions_of_alert: number; pending_rows: number }
    const state = await waitFor(async () => {
      const s = (await (await fetch(`http://127.0.0.1:${second.port}/action?id=${actionId}`)).json()) as State
      return s.action?.status === 'delivered' ? s : undefined
    }, 30_000)
    expect(state.actions_of_alert).toBe(1)
    expect(state.pending_rows).toBe(1)
    // The killed try never got its answer, so only the redelivery is recorded.
    expect(state.deliveries.map((d) => d.http_status)).toEqual([200])
    // Nothing more arrives once delivered.
    await new Promise((r) => setTimeout(r, 1_000))
    expect(rx.received.filter((r) => r.id === actionId)).toHaveLength(2)
  })
})
