/**
 * Sign-in and sign-out (app/api/auth/*), as plain Request -> Response handlers.
 *
 * Sign-in: throttled per account and per address (lib/auth/throttle.ts) before the password is
 * hashed; on success the session the request came with, if any, is ended and a new one begins
 * (a fresh id: no fixation), and the account's failure count is reset. A JSON post gets JSON; a
 * form post gets a redirect (303) to `next` (a path of this site only, lib/auth/redirect.ts) or
 * back to the form with the error, and when throttled a 429 page with the form and the message.
 * Sign-out ends the session in Redis: a copy of the cookie reads nothing afterwards.
 */
import { z } from 'zod'
import type { Runtime } from '@/lib/runtime-types'
import { authenticate } from '@/lib/auth/users'
import { signInEntry, signInFailedEntry, signOutEntry } from '@/lib/audit/entries'
import { recordAuditOrPark } from '@/lib/audit/store'
import type { AuditEntryInput } from '@/lib/audit/types'
import { findUser } from '@/lib/auth/users'
import { logger } from '@/lib/log'
import { createSession, endSession, readCookie, SESSION_COOKIE, sessionDeps, sessionRoom, sessionSetCookie, unsealCookie } from '@/lib/auth/session'
import { createLoginThrottle, type LoginThrottle, type ThrottleVerdict } from '@/lib/auth/throttle'
import { safeNextPath } from '@/lib/auth/redirect'
import { servedOverHttps } from '@/lib/http/origin'
import { CLIENT_ADDRESS_HEADER } from '../security'

const form = z.object({
  email: z.string().min(1, 'email is required').max(256),
  password: z.string().min(1, 'password is required').max(256),
  next: z.string().max(512).optional(),
})

/**
 * At most this many password hashes at once; the others wait their turn here. A hash is off the
 * event loop (libuv's thread pool) but not free: it is memory-hard CPU work, and on this 2-core
 * machine 8 at once (or 2 at once under other load) took /api/health's p50 from 57 to 190 ms; one
 * at a time, 74 ms. Sign-in is throttled anyway, so one slot costs a person nothing.
 */
const HASHES_AT_ONCE = 1
let hashing = 0
const hashQueue: (() => void)[] = []
async function inHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (hashing >= HASHES_AT_ONCE) await new Promise<void>((resolve) => hashQueue.push(resolve))
  else hashing++
  try {
    return await fn()
  } finally {
    const next = hashQueue.shift()
    if (next) next()
    else hashing--
  }
}

const throttles = new WeakMap<Runtime, LoginThrottle>()
export function loginThrottle(rt: Runtime): LoginThrottle {
  let t = throttles.get(rt)
  if (!t) throttles.set(rt, (t = createLoginThrottle({ redis: rt.redis, prefix: rt.redisPrefix, config: rt.config })))
  return t
}

/**
 * A relative redirect: the browser stays on the host it used (127.0.0.1 vs localhost), so the
 * cookie just set is sent with the next request.
 */
const seeOther = (path: string, headers: Record<string, string> = {}) => new Response(null, { status: 303, headers: { location: path, 'cache-control': 'no-store', ...headers } })

const jsonAnswer = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } })

const secureCookie = (rt: Runtime, req: Request) => rt.config.COOKIE_SECURE || servedOverHttps(Object.fromEntries(req.headers), rt.config)

const log = logger('auth')

/**
 * Every sign-in, failed and throttled ones too, and every sign-out goes into the audit trail before
 * the answer: a failed one names the client's address and the email tried, never the password. A
 * write that fails is parked for the next audit writer; if it cannot even be parked, the sign-in
 * fails (500) rather than go unrecorded (lib/audit/store.ts recordAuditOrPark).
 */
const audit = (rt: Runtime, entry: AuditEntryInput) => recordAuditOrPark({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }, [entry], log)

export async function handleLogin(rt: Runtime, req: Request): Promise<Response> {
  const isForm = (req.headers.get('content-type') ?? '').includes('form')
  let raw: Record<string, unknown> = {}
  try {
    raw = isForm ? Object.fromEntries(await req.formData()) : ((await req.json()) ?? {})
  } catch {
    raw = {}
  }
  const next = safeNextPath(raw?.next)
  const p = form.safeParse(raw)
  const back = (error: string, status: number) =>
    isForm ? seeOther(`/login?error=${encodeURIComponent(error)}&next=${encodeURIComponent(next)}`) : jsonAnswer({ error }, status)
  const address = req.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown'
  if (!p.success) {
    await audit(rt, signInFailedEntry(typeof raw.email === 'string' ? raw.email.slice(0, 256) : '', address, p.error.issues[0].message))
    return back(p.error.issues[0].message, 400)
  }

  const throttle = loginThrottle(rt)
  const allowed = await throttle.check(p.data.email, address)
  if (!allowed.ok) {
    await audit(rt, signInFailedEntry(p.data.email, address, `throttled (${allowed.reason})`))
    return tooMany(allowed, isForm, p.data.email, next)
  }
  const user = await inHashSlot(() => authenticate(p.data.email, p.data.password, rt.config.DEMO_MODE))
  if (!user) {
    await audit(rt, signInFailedEntry(p.data.email, address, 'wrong email or password'))
    const v = await throttle.failed(p.data.email, address)
    return v.ok ? back('wrong email or password', 401) : tooMany(v, isForm, p.data.email, next)
  }
  await throttle.succeeded(p.data.email)
  await audit(rt, signInEntry(user, address))

  const deps = sessionDeps(rt)
  // No fixation: whatever session the browser came with ends, and a new id begins.
  const old = await unsealCookie(readCookie(req.headers.get('cookie') ?? undefined, SESSION_COOKIE), deps)
  if (old) {
    await endSession(deps, old.sid, old.userId)
    rt.emitter?.disconnect?.(sessionRoom(old.sid))
  }
  const { sealed } = await createSession(deps, user.id)
  const cookie = { 'set-cookie': sessionSetCookie(sealed, { secure: secureCookie(rt, req), maxMs: deps.maxMs }) }
  return isForm ? seeOther(next, cookie) : jsonAnswer({ user: { email: user.email, role: user.role } }, 200, cookie)
}

export async function handleLogout(rt: Runtime, req: Request): Promise<Response> {
  const deps = sessionDeps(rt)
  const cookie = await unsealCookie(readCookie(req.headers.get('cookie') ?? undefined, SESSION_COOKIE), deps)
  if (cookie) {
    await endSession(deps, cookie.sid, cookie.userId)
    rt.emitter?.disconnect?.(sessionRoom(cookie.sid))
    const user = await findUser(cookie.userId).catch(() => undefined)
    // Sign-out is never refused for want of an audit write (parked or logged in full instead).
    if (user) await audit(rt, signOutEntry(user, req.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown')).catch(() => undefined)
  }
  return seeOther('/login', { 'set-cookie': sessionSetCookie(undefined, { secure: secureCookie(rt, req), maxMs: deps.maxMs }) })
}

function tooMany(v: Extract<ThrottleVerdict, { ok: false }>, isForm: boolean, email: string, next: string): Response {
  const message = `too many failed sign-in attempts${v.reason === 'address' ? ' from this address' : ' for this account'}; try again in ${v.retryAfterS} s`
  const headers = { 'retry-after': String(v.retryAfterS) }
  if (!isForm) return jsonAnswer({ error: message }, 429, headers)
  return new Response(throttledPage(message, email, next), { status: 429, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The sign-in form again, with the message: a form post's 429 (a browser follows no redirect from a 429). */
function throttledPage(message: string, email: string, next: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · StockPulse</title></head>
<body><main id="main"><h1>StockPulse</h1>
<p role="alert">⚠ ${esc(message)}</p>
<form action="/api/auth/login" method="post">
<input type="hidden" name="next" value="${esc(next)}">
<p><label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="username" required value="${esc(email)}"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form></main></body></html>`
}
