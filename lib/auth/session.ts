/**
 * Browser sessions, held on the server. The cookie (iron-session: encrypted and signed) carries a
 * random session id and the user id; the session itself lives in Redis under the deployment's
 * prefix (`sessionKey`), so signing out, or revoking a user, ends it everywhere: a copy of the old
 * cookie reads nothing.
 *
 * A session ends after SESSION_IDLE_MINUTES without a request (each request slides it) and
 * SESSION_MAX_HOURS after sign-in, whichever comes first. Every reader (pages through
 * server/session.ts, API routes through `authorize`, the Socket.IO handshake) calls
 * `sessionFromCookieHeader`, the one function that says who a cookie belongs to.
 */
import { randomBytes } from 'node:crypto'
import { sealData, unsealData } from 'iron-session'
import type { Redis } from 'ioredis'
import type { Config } from '../config'
import type { Emitter, Runtime } from '../runtime-types'
import { sessionKey, userSessionsKey } from '../redis-keys'
import { findUser } from './users'
import type { User } from './roles'

export const SESSION_COOKIE = 'sp_session'

/** What the cookie carries. */
export interface SessionCookie {
  sid: string
  userId: string
}

export interface SessionDeps {
  redis: Redis
  prefix: string
  /** iron-session password (Runtime.sessionPassword). */
  password: string
  idleMs: number
  maxMs: number
}

export const sessionTimeouts = (config: Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_MAX_HOURS'>) => ({
  idleMs: Math.round(config.SESSION_IDLE_MINUTES * 60_000),
  maxMs: Math.round(config.SESSION_MAX_HOURS * 3_600_000),
})

export const sessionDeps = (rt: Pick<Runtime, 'redis' | 'redisPrefix' | 'sessionPassword' | 'config'>): SessionDeps => ({
  redis: rt.redis,
  prefix: rt.redisPrefix,
  password: rt.sessionPassword,
  ...sessionTimeouts(rt.config),
})

export interface SessionTimes {
  createdAt: number
  lastSeenAt: number
}

/** Pure: is a session alive at `now`, or did it end idle or at its absolute limit? */
export function sessionState(s: SessionTimes, now: number, t: { idleMs: number; maxMs: number }): 'live' | 'idle' | 'expired' {
  if (now - s.createdAt >= t.maxMs) return 'expired'
  if (now - s.lastSeenAt >= t.idleMs) return 'idle'
  return 'live'
}

/** How long Redis keeps a session seen at `now`: the idle timeout, never past the absolute one. */
export const sessionTtlMs = (s: SessionTimes, now: number, t: { idleMs: number; maxMs: number }) => Math.max(1, Math.min(t.idleMs, s.createdAt + t.maxMs - now))

/** A new session for `userId` in Redis, and the sealed cookie value that names it. */
export async function createSession(deps: SessionDeps, userId: string, now = Date.now()): Promise<{ sid: string; sealed: string }> {
  const sid = randomBytes(32).toString('base64url')
  const times = { createdAt: now, lastSeenAt: now }
  const key = sessionKey(deps.prefix, sid)
  const index = userSessionsKey(deps.prefix, userId)
  await deps.redis
    .multi()
    .hset(key, { userId, createdAt: String(now), lastSeenAt: String(now) })
    .pexpire(key, sessionTtlMs(times, now, deps))
    .sadd(index, sid)
    .pexpire(index, deps.maxMs)
    .exec()
  const sealed = await sealData({ sid, userId } satisfies SessionCookie, { password: deps.password, ttl: Math.ceil(deps.maxMs / 1000) })
  return { sid, sealed }
}

/** The session id and user id a sealed cookie value carries (not whether the session is alive). */
export async function unsealCookie(sealed: string | undefined, deps: Pick<SessionDeps, 'password' | 'maxMs'>): Promise<SessionCookie | undefined> {
  if (!sealed) return undefined
  try {
    const data = await unsealData<Partial<SessionCookie>>(sealed, { password: deps.password, ttl: Math.ceil(deps.maxMs / 1000) })
    return typeof data.sid === 'string' && typeof data.userId === 'string' ? { sid: data.sid, userId: data.userId } : undefined
  } catch {
    return undefined
  }
}

export interface ActiveSession {
  sid: string
  user: User
}

/**
 * The one function that says who a `Cookie:` header belongs to: the live session it names (slid
 * forward) and its user, or undefined when there is no cookie, it does not unseal, or its session
 * was signed out, revoked or timed out.
 */
export async function sessionFromCookieHeader(deps: SessionDeps, cookieHeader: string | undefined, now = Date.now()): Promise<ActiveSession | undefined> {
  const cookie = await unsealCookie(readCookie(cookieHeader, SESSION_COOKIE), deps)
  if (!cookie) return undefined
  const key = sessionKey(deps.prefix, cookie.sid)
  const rec = await deps.redis.hgetall(key)
  if (rec.userId !== cookie.userId) return undefined
  const times = { createdAt: Number(rec.createdAt), lastSeenAt: Number(rec.lastSeenAt) }
  if (!Number.isFinite(times.createdAt) || !Number.isFinite(times.lastSeenAt)) return undefined
  if (sessionState(times, now, deps) !== 'live') {
    await endSession(deps, cookie.sid, cookie.userId)
    return undefined
  }
  const user = await findUser(cookie.userId)
  if (!user) return undefined
  const seen = { ...times, lastSeenAt: now }
  await deps.redis
    .multi()
    .hset(key, 'lastSeenAt', String(now))
    .pexpire(key, sessionTtlMs(seen, now, deps))
    .exec()
  return { sid: cookie.sid, user }
}

/** The Socket.IO room of one session's connections (sign-out disconnects it) and of one user's (revocation). */
export const sessionRoom = (sid: string) => `session:${sid}`
export const userRoom = (userId: string) => `user:${userId}`

/** End one session (sign-out). */
export async function endSession(deps: Pick<SessionDeps, 'redis' | 'prefix'>, sid: string, userId?: string): Promise<void> {
  const m = deps.redis.multi().del(sessionKey(deps.prefix, sid))
  if (userId) m.srem(userSessionsKey(deps.prefix, userId), sid)
  await m.exec()
}

/**
 * End every session of a user (an admin disables them, or they change their password), and with
 * `emitter` (Runtime.emitter) their open sockets on every web node. How many sessions were live.
 */
export async function revokeUserSessions(deps: Pick<SessionDeps, 'redis' | 'prefix'>, userId: string, emitter?: Pick<Emitter, 'disconnect'>): Promise<number> {
  emitter?.disconnect?.(userRoom(userId))
  const index = userSessionsKey(deps.prefix, userId)
  const sids = await deps.redis.smembers(index)
  if (sids.length === 0) return 0
  const m = deps.redis.multi()
  for (const sid of sids) m.del(sessionKey(deps.prefix, sid))
  m.del(index)
  const r = (await m.exec()) ?? []
  return r.slice(0, sids.length).reduce((n, [, v]) => n + Number(v ?? 0), 0)
}

/** `Set-Cookie` for the session cookie, or one that clears it (`sealed` undefined). */
export function sessionSetCookie(sealed: string | undefined, opts: { secure: boolean; maxMs: number }): string {
  const parts = [`${SESSION_COOKIE}=${sealed ? encodeURIComponent(sealed) : ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  parts.push(sealed ? `Max-Age=${Math.floor(opts.maxMs / 1000)}` : 'Max-Age=0')
  if (opts.secure) parts.push('Secure')
  return parts.join('; ')
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(i + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}
