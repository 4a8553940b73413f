/**
 * Sessions, CSRF and sign-in throttling as an attacker would test them, over real HTTP: the API
 * routes behind what server/index.ts runs before Next.js (guardRequest, secureRequest), a real
 * Redis and an embedded ClickHouse. Pages read sessions through the same function
 * (`sessionFromCookieHeader`, called here directly; e2e/security-headers.spec.ts loads the pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect } from 'socket.io-client'
import { createTestRuntime, nowIso, type TestRuntime } from '../helpers/runtime'
import { serveRoutes, type RouteServer } from '../helpers/route-server'
import { sessionCookie, startRealtime } from '../helpers/socket'
import { setRuntime } from '@/server/runtime'
import { createSession, revokeUserSessions, SESSION_COOKIE, sessionDeps, sessionFromCookieHeader } from '@/lib/auth/session'
import { DEMO_PASSWORD } from '@/lib/auth/users'
import { recentImports } from '@/lib/clickhouse/queries/imports'

let t: TestRuntime
let srv: RouteServer
const IDLE_S = 3

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { SESSION_IDLE_MINUTES: String(IDLE_S / 60), TRUST_PROXY: 'on' } })
  setRuntime(t.rt)
  srv = await serveRoutes({ security: true })
}, 60_000)

afterAll(async () => {
  await srv?.close()
  setRuntime(undefined)
  await t?.cleanup()
})

let addr = 0
/** A client address of its own (TRUST_PROXY is on here), so each test's throttling counts apart. */
const newAddress = () => `198.51.100.${++addr}`

function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return fetch(`${srv.url}${path}`, { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'manual' })
}

const own = () => srv.url
async function signIn(email: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) {
  const res = await send('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: own(), 'x-forwarded-for': newAddress(), ...headers },
    body: JSON.stringify({ email, password }),
  })
  const set = res.headers.get('set-cookie') ?? ''
  return { res, cookie: set.split(';')[0] }
}

async function sessionKeys(): Promise<string[]> {
  return t.rt.redis.keys(`${t.rt.redisPrefix}:sessions:id:*`)
}

describe('sign-out ends the session everywhere', () => {
  it('an old cookie replayed after sign-out reads nothing: API 401, recompute refused, socket refused, pages signed out', async () => {
    const { res, cookie } = await signIn('ops@stockpulse.demo')
    expect(res.status).toBe(200)
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=.+`))
    expect(res.headers.get('set-cookie')).toContain('HttpOnly')
    expect(res.headers.get('set-cookie')).not.toContain('Secure') // plain HTTP, no proxy saying https

    expect((await send('/api/v1/jobs', { headers: { cookie } })).status).toBe(200)
    const rt = await startRealtime(t.rt)
    try {
      const ok = connect(rt.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
      await new Promise<void>((resolve, reject) => (ok.once('connect', resolve), ok.once('connect_error', reject)))
      const dropped = new Promise<string>((resolve) => ok.once('disconnect', resolve))
      t.rt.emitter = rt.realtime.emitter

      const out = await send('/api/auth/logout', { method: 'POST', headers: { cookie, origin: own() } })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toBe('/login')
      expect(out.headers.get('set-cookie')).toContain('Max-Age=0')
      // The socket open at sign-out is ended by the server, not left to its next handshake.
      expect(await dropped).toBe('io server disconnect')
      t.rt.emitter = undefined

      // The replay.
      expect((await send('/api/v1/jobs', { headers: { cookie } })).status).toBe(401)
      const before = await t.rt.queues.recompute.count()
      const recompute = await send('/api/v1/recompute', { method: 'POST', headers: { cookie, origin: own() } })
      expect(recompute.status).toBe(401)
      expect(await t.rt.queues.recompute.count()).toBe(before)
      expect(await sessionFromCookieHeader(sessionDeps(t.rt), cookie)).toBeUndefined()
      const refused = connect(rt.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
      const err = await new Promise<Error>((resolve, reject) => (refused.once('connect_error', resolve), refused.once('connect', () => reject(new Error('connected')))))
      expect(err.message).toBe('unauthorized')
      refused.close()
    } finally {
      await rt.close()
    }
  })

  it('sign-in rotates the session id: the cookie a browser came with is ended (no fixation)', async () => {
    const first = await signIn('planner@stockpulse.demo')
    const second = await signIn('planner@stockpulse.demo', DEMO_PASSWORD, { cookie: first.cookie })
    expect(second.res.status).toBe(200)
    expect(second.cookie).not.toBe(first.cookie)
    expect(await sessionFromCookieHeader(sessionDeps(t.rt), first.cookie)).toBeUndefined()
    expect((await sessionFromCookieHeader(sessionDeps(t.rt), second.cookie))?.user.id).toBe('u-planner')
  })

  it('revokeUserSessions ends every session of one user and no one else\'s', async () => {
    const a = await sessionCookie(t.rt, 'u-exec')
    const b = await sessionCookie(t.rt, 'u-exec')
    const other = await sessionCookie(t.rt, 'u-admin')
    const rt = await startRealtime(t.rt)
    const open = connect(rt.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: a } })
    await new Promise<void>((resolve, reject) => (open.once('connect', resolve), open.once('connect_error', reject)))
    const dropped = new Promise<string>((resolve) => open.once('disconnect', resolve))
    expect(await revokeUserSessions(sessionDeps(t.rt), 'u-exec', rt.realtime.emitter)).toBe(2)
    expect(await dropped).toBe('io server disconnect')
    await rt.close()
    expect(await sessionFromCookieHeader(sessionDeps(t.rt), a)).toBeUndefined()
    expect(await sessionFromCookieHeader(sessionDeps(t.rt), b)).toBeUndefined()
    expect((await send('/api/v1/jobs', { headers: { cookie: a } })).status).toBe(401)
    expect((await sessionFromCookieHeader(sessionDeps(t.rt), other))?.user.id).toBe('u-admin')
  })
})

describe('timeouts', () => {
  it(`ends a session idle for SESSION_IDLE_MINUTES (${IDLE_S} s here), while each request slides it`, async () => {
    const { cookie } = await signIn('ops@stockpulse.demo')
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, (IDLE_S * 1000) / 2))
      expect((await send('/api/v1/jobs', { headers: { cookie } })).status).toBe(200) // 4.5 s in all, each request within 3 s
    }
    await new Promise((r) => setTimeout(r, IDLE_S * 1000 + 300))
    expect((await send('/api/v1/jobs', { headers: { cookie } })).status).toBe(401)
  }, 20_000)

  it('ends a session at SESSION_MAX_HOURS after sign-in however active, and the key goes with it', async () => {
    const deps = { ...sessionDeps(t.rt), idleMs: 60_000, maxMs: 5 * 60_000 }
    const t0 = Date.now()
    const { sealed } = await createSession(deps, 'u-ops', t0)
    const cookie = `${SESSION_COOKIE}=${encodeURIComponent(sealed)}`
    for (let m = 0.5; m < 5; m += 0.5) expect(await sessionFromCookieHeader(deps, cookie, t0 + m * 60_000), `at ${m} min`).toBeDefined()
    expect(await sessionFromCookieHeader(deps, cookie, t0 + 5 * 60_000)).toBeUndefined()
    expect(await sessionFromCookieHeader(deps, cookie, t0 + 60_000)).toBeUndefined() // ended, not just refused once
  })
})

describe('CSRF', () => {
  const csv = (loc: string) => `ts,sku,location,channel,qty,unit_price\n${nowIso()},CSRF-1,${loc},store,1,2\n`
  const importsLanded = async () => (await recentImports(t.rt.clickhouse.interactive, { limit: 1_000 })).length

  it('an import posted as text/plain from Origin https://evil.example with an admin\'s cookie is 403 and lands nothing; from this site it lands', async () => {
    const cookie = await sessionCookie(t.rt, 'u-admin')
    const before = await importsLanded()
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, {}] as Record<string, string>[]) {
      const res = await send('/api/v1/imports?type=sale', { method: 'POST', headers: { cookie, 'content-type': 'text/plain', ...headers }, body: csv('CSRF-EVIL') })
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect((await res.json()).error).toMatch(/cross-site request refused/)
    }
    expect(await importsLanded()).toBe(before)
    const ok = await send('/api/v1/imports?type=sale', { method: 'POST', headers: { cookie, 'content-type': 'text/plain', origin: own() }, body: csv('CSRF-OWN') })
    expect(ok.status).toBe(200)
    expect(await importsLanded()).toBe(before + 1)
  })

  it('a recompute from a foreign Origin is 403 and queues nothing', async () => {
    const cookie = await sessionCookie(t.rt, 'u-ops')
    const before = await t.rt.queues.recompute.count()
    const res = await send('/api/v1/recompute', { method: 'POST', headers: { cookie, origin: 'https://evil.example' } })
    expect(res.status).toBe(403)
    expect(await t.rt.queues.recompute.count()).toBe(before)
  })

  it('login CSRF: a sign-in from another site is 403 and makes no session', async () => {
    const before = (await sessionKeys()).length
    const res = await send('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'x-forwarded-for': newAddress() },
      body: new URLSearchParams({ email: 'admin@stockpulse.demo', password: DEMO_PASSWORD }).toString(),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect((await sessionKeys()).length).toBe(before)
  })

  it('a sign-out from another site is 403 and the session lives on', async () => {
    const { cookie } = await signIn('exec@stockpulse.demo')
    expect((await send('/api/auth/logout', { method: 'POST', headers: { cookie, origin: 'https://evil.example' } })).status).toBe(403)
    expect((await send('/api/v1/jobs', { headers: { cookie } })).status).toBe(200)
  })

  it('machines with Authorization: Bearer are not cookie-authenticated and need no Origin', async () => {
    const res = await send('/api/v1/imports?type=sale', { method: 'POST', headers: { authorization: 'Bearer test-ingest-secret', 'content-type': 'text/csv' }, body: csv('CSRF-KEY') })
    expect(res.status).toBe(200)
  })

  it('every answer carries the security headers', async () => {
    const res = await send('/api/health')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/)
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    const refused = await send('/api/v1/recompute', { method: 'POST', headers: { cookie: 'sp_session=x', origin: 'https://evil.example' } })
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('behind a proxy saying https, the session cookie is Secure', async () => {
    const { res } = await signIn('ops@stockpulse.demo', DEMO_PASSWORD, { 'x-forwarded-proto': 'https', origin: srv.url.replace('http:', 'https:') })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toContain('Secure')
  })
})

describe('Socket.IO handshake', () => {
  it('refuses a foreign Origin even with a live session, accepts this site\'s', async () => {
    const cookie = await sessionCookie(t.rt, 'u-ops')
    const rt = await startRealtime(t.rt)
    try {
      for (const transport of ['websocket', 'polling'] as const) {
        const evil = connect(rt.url, { transports: [transport], reconnection: false, extraHeaders: { cookie, origin: 'https://evil.example' } })
        const err = await new Promise<Error>((resolve, reject) => (evil.once('connect_error', resolve), evil.once('connect', () => reject(new Error(`${transport}: connected`)))))
        expect(err).toBeInstanceOf(Error)
        evil.close()
      }
      const fine = connect(rt.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin: rt.url } })
      await new Promise<void>((resolve, reject) => (fine.once('connect', resolve), fine.once('connect_error', reject)))
      fine.close()
    } finally {
      await rt.close()
    }
  })
})

describe('sign-in throttling', () => {
  const wrong = (email: string, address: string, form = false) =>
    send('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', origin: own(), 'x-forwarded-for': address },
      body: form ? new URLSearchParams({ email, password: 'guess' }).toString() : JSON.stringify({ email, password: 'guess' }),
    })

  it('200 wrong passwords for one account in under 40 s: 4 get 401, the rest 429 with Retry-After, and the right password is refused too', async () => {
    const address = newAddress()
    const t0 = Date.now()
    const statuses: number[] = []
    const retry: number[] = []
    // Rotating the address does not help: the account is counted on its own.
    for (let i = 0; i < 200; i++) {
      const res = await wrong('admin@stockpulse.demo', i < 10 ? address : newAddress())
      statuses.push(res.status)
      if (res.status === 429) retry.push(Number(res.headers.get('retry-after')))
      await res.arrayBuffer()
    }
    expect(Date.now() - t0).toBeLessThan(40_000)
    expect(statuses.filter((s) => s === 401)).toHaveLength(4)
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true)
    expect(retry.every((s) => Number.isInteger(s) && s > 0 && s <= 15 * 60)).toBe(true)
    const right = await signIn('admin@stockpulse.demo')
    expect(right.res.status).toBe(429)
    expect(right.cookie).toBe('')
  }, 60_000)

  it('per address: 20 failures over many accounts block the address; a form post gets the 429 page with the message', async () => {
    const address = newAddress()
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await wrong(`nobody${i}@x.example`, address)).status)
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(19).every((s) => s === 429)).toBe(true)
    const page = await wrong('someone@x.example', address, true)
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0)
    const html = await page.text()
    expect(html).toContain('too many failed sign-in attempts from this address')
    expect(html).toContain('action="/api/auth/login"')
    // Another address is not blocked.
    expect((await wrong('someone@x.example', newAddress())).status).toBe(401)
  })

  it('a successful sign-in resets the account\'s count', async () => {
    for (let i = 0; i < 4; i++) expect((await wrong('exec@stockpulse.demo', newAddress())).status).toBe(401)
    expect((await signIn('exec@stockpulse.demo')).res.status).toBe(200)
    for (let i = 0; i < 4; i++) expect((await wrong('exec@stockpulse.demo', newAddress())).status).toBe(401)
  })

  it('8 concurrent sign-ins leave /api/health p50 under 100 ms (the hash runs off the event loop)', async () => {
    const health = async () => {
      const t0 = performance.now()
      const res = await send('/api/health')
      await res.arrayBuffer()
      return performance.now() - t0
    }
    for (let i = 0; i < 3; i++) await health() // warm
    const idle: number[] = []
    for (let i = 0; i < 10; i++) idle.push(await health())
    const loaded: number[] = []
    for (let round = 0; round < 4; round++) {
      let running = true
      const signIns = Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? signIn('ops@stockpulse.demo') : wrong(`load${round}-${i}@x.example`, newAddress())))).finally(() => (running = false))
      while (running) loaded.push(await health())
      await signIns
    }
    const p50 = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]
    console.log(`/api/health p50: idle ${p50(idle).toFixed(1)} ms, during 8 concurrent sign-ins ${p50(loaded).toFixed(1)} ms (${loaded.length} samples)`)
    expect(loaded.length).toBeGreaterThanOrEqual(4)
    // 100 ms on a quiet machine (idle p50 under 50 ms); on a machine other work already slows, the
    // sign-ins may not double it. A hash on the event loop took it to 356 ms from 34 here.
    expect(p50(loaded)).toBeLessThan(Math.max(100, 2 * p50(idle)))
  }, 60_000)
})
