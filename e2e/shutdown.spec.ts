/**
 * SIGTERM with browsers connected: a StockPulse of this test's own (as `npm start` runs it, the
 * simulator streaming live) with a signed-in board page and a signed-in socket.io-client open
 * exits within 10 s, the simulator does not keep posting into a closing server, and the open
 * board's dot turns grey.
 */
import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { io } from 'socket.io-client'
import { deleteKeysWithPrefix } from '../lib/redis'
import { startOwnServer } from './support/own-server'

const PORT = Number(process.env.E2E_PORT ?? 3217) + 1
const BASE = `http://127.0.0.1:${PORT}`
const SESSION_SECRET = 'e2e-shutdown-session-secret-0123456789abcdef'

test('SIGTERM with an open board and socket exits within 10 s, the simulator stopped first', async ({ page }) => {
  test.setTimeout(240_000)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-stop-'))
  const prefix = `spe2estop${Date.now().toString(36)}`
  const child = startOwnServer({
    port: PORT,
    dataDir,
    prefix,
    sessionSecret: SESSION_SECRET,
    env: { SIMULATOR: 'on', SIMULATOR_BACKFILL_DAYS: '1', SIMULATOR_SPEED: '120', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    // Up, and the simulator streaming live through the API.
    await expect(async () => {
      const res = await fetch(`${BASE}/api/health`)
      expect((await res.json()).simulator).toBe('live')
    }).toPass({ timeout: 180_000, intervals: [500] })

    await page.goto(`${BASE}/login?next=%2Fboard`)
    await page.getByLabel('Email').fill('ops@stockpulse.demo')
    await page.getByLabel('Password').fill('stockpulse')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const dot = page.getByTestId('live-indicator')
    await expect(dot).toHaveAttribute('data-status', 'live')

    // The board's own session (sessions live on the server: a cookie sealed here would name none).
    const cookie = (await page.context().cookies()).filter((c) => c.name === 'sp_session').map((c) => `${c.name}=${c.value}`).join('; ')
    const socket = io(BASE, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    expect((await socket.timeout(5_000).emitWithAck('subscribe', { location: 'all' })).ok).toBe(true)
    const socketClosed = new Promise<{ at: number; reason: string }>((resolve) => socket.once('disconnect', (reason) => resolve({ at: Date.now(), reason })))

    const t0 = Date.now()
    child.kill('SIGTERM')
    await expect(dot).not.toHaveAttribute('data-status', 'live', { timeout: 5_000 })
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))])
    const took = Date.now() - t0
    const closed = await socketClosed
    console.log(`SIGTERM to exit: ${took} ms (socket closed after ${closed.at - t0} ms)`)
    // A slow exit once took 15 s on CI and did not recur in 3 runs under load: say which step it spent the time in.
    if (took > 10_000 || code !== 0) console.log(`server output, last lines:\n${output.split('\n').slice(-40).join('\n')}`)
    // Its transport closed, not "io server disconnect": a browser reconnects once a server is back.
    expect(closed.reason).toBe('transport close')
    expect(code).toBe(0)
    expect(took).toBeLessThanOrEqual(10_000)
    expect(output).not.toContain('could not reach the API')
    expect(output).toContain('stopped')
    socket.close()
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
