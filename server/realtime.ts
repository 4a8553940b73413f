/**
 * Socket.IO: the push channel from workers to browsers.
 *
 * Every connection must carry a live signed-in session (the same cookie and the same reader as the
 * pages, lib/auth/session.ts) and, from a browser, this site's Origin; the handshake is refused
 * before anything is joined. A client asks to `subscribe` to a KPI scope, or to `watch` another
 * room, and is put in it only when the API route reading the same data would answer it
 * (roomAccess): a person scoped to some locations asking for 'all' joins those locations' rooms
 * instead, so it never receives another location's push. Rooms are shared across web nodes through the Redis adapter; worker-only
 * processes reach them with the Redis emitter (same key). The key is the deployment's
 * (`socketKey(rt.redisPrefix)`): another deployment on the same Redis has a channel of its own.
 */
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import { createAdapter } from '@socket.io/redis-adapter'
import { Emitter as RedisEmitter } from '@socket.io/redis-emitter'
import type { Redis } from 'ioredis'
import { connectRedis } from '@/lib/redis'
import { socketKey } from '@/lib/redis-keys'
import { z } from 'zod'
import { sessionFromCookieHeader, sessionRoom, userRoom, type SessionDeps } from '@/lib/auth/session'
import { socketOriginAllowed, type OriginConfig } from '@/lib/http/origin'
import { ALL_LOCATIONS, IMPORTS_ROOM, INGEST_ROOM, JOBS_ROOM, LIVE_ROOM, kpiRoom } from '@/lib/kpis/definitions'
import { alertRoom } from '@/lib/alerts/types'
import { may, type User } from '@/lib/auth/roles'
import { allowedLocations, canSeeLocation, outOfScope, type AccessScope } from '@/lib/auth/access'
import { logger } from '@/lib/log'
import type { Emitter } from '@/lib/runtime-types'

const log = logger('realtime')

/** What workers use to reach browsers (lib/runtime-types.ts), re-exported for the server's callers. */
export type { Emitter }

/**
 * Every room a client can be put in, as `kind: name` (`<location>` stands for a location id).
 * Each is joined only after the same authorisation as the API route that reads the same data
 * (`roomAccess`); the access matrix (tests/access-matrix.test.ts) has a row for each.
 */
export const ROOMS = {
  /** KPIs of the estate (GET /api/v1/kpis). A scoped user asking for 'all' is put in its locations' rooms instead. */
  kpiAll: kpiRoom(ALL_LOCATIONS),
  /** KPIs of one location (GET /api/v1/kpis?location=). */
  kpiLocation: kpiRoom('<location>'),
  /** The stream's heartbeat: joined with any KPI subscription. */
  live: LIVE_ROOM,
  /** Every alert change (GET /api/v1/alerts). A scoped user is put in its locations' rooms instead. */
  alertsAll: alertRoom('all'),
  /** One location's alert changes (GET /api/v1/alerts?location=). */
  alertsLocation: alertRoom('<location>'),
  /** "Something landed" pings (GET /api/v1/ingest/status): unscoped callers. */
  ingest: INGEST_ROOM,
  /** Recompute and backfill progress (GET /api/v1/jobs): every signed-in person. */
  jobs: JOBS_ROOM,
  /** CSV import progress (POST /api/v1/imports): who may import files, unscoped. */
  imports: IMPORTS_ROOM,
} as const

/** Rooms a signed-in client may `watch` besides KPI scopes: fixed names, or one location's alerts. */
export const WATCH_ROOMS = [ROOMS.ingest, ROOMS.jobs, ROOMS.imports, ROOMS.alertsAll] as const
const ALERT_LOCATION_PREFIX = alertRoom('')
const LOCATION_ID = /^[\x21-\x7e]{1,128}$/
const watchMsg = z.object({
  room: z.union([z.enum(WATCH_ROOMS), z.string().startsWith(ALERT_LOCATION_PREFIX).refine((r) => LOCATION_ID.test(r.slice(ALERT_LOCATION_PREFIX.length)))]),
})

const subscribeMsg = z.object({
  location: z.union([z.literal(ALL_LOCATIONS), z.string().min(1).max(128).regex(LOCATION_ID)]),
})

type Ack = (r: { ok: boolean; error?: string; rooms?: string[] }) => void

/**
 * The rooms `user` is put in when it asks for `room`, or the refusal. Pure but for the scope,
 * which the caller resolved (server/access.ts).
 */
export function roomAccess(user: User, scope: AccessScope, room: string): { ok: true; rooms: string[] } | { ok: false; error: string } {
  const mine = (toRoom: (l: string) => string) => (allowedLocations(scope) ?? []).map(toRoom)
  if (room === ROOMS.kpiAll) return { ok: true, rooms: scope.all ? [ROOMS.kpiAll] : mine(kpiRoom) }
  if (room === ROOMS.alertsAll) return { ok: true, rooms: scope.all ? [ROOMS.alertsAll] : mine(alertRoom) }
  if (room === ROOMS.jobs) return { ok: true, rooms: [room] }
  if (room === ROOMS.ingest) return scope.all ? { ok: true, rooms: [room] } : { ok: false, error: `the ingest stream covers the whole estate; your access is ${scope.label}` }
  if (room === ROOMS.imports) {
    if (!may(user, 'watch_imports')) return { ok: false, error: `a ${user.role.replace('_', ' ')} may not watch imports` }
    return scope.all ? { ok: true, rooms: [room] } : { ok: false, error: `imports cover the whole estate; your access is ${scope.label}` }
  }
  for (const [prefix, toRoom] of [[kpiRoom(''), kpiRoom], [ALERT_LOCATION_PREFIX, alertRoom]] as const) {
    if (room.startsWith(prefix)) {
      const location = room.slice(prefix.length)
      return canSeeLocation(scope, location) ? { ok: true, rooms: [toRoom(location)] } : { ok: false, error: outOfScope(scope, location) }
    }
  }
  return { ok: false, error: `no room ${room}` }
}

/** `prefix` is the deployment's (Runtime.redisPrefix): one channel per deployment, not per REDIS_PREFIX. */
export function createRealtime(
  httpServer: HttpServer,
  opts: {
    redisUrl: string
    prefix: string
    sessions: SessionDeps
    origin: OriginConfig
    scopeOf: (user: User) => Promise<AccessScope>
    /** A refused join, for the audit trail (server/index.ts); never blocks the answer. */
    onRefused?: (user: User, room: string, reason: string, address: string) => void
  },
) {
  const io = new Server(httpServer, {
    serveClient: false,
    cors: { origin: false },
    // A browser's handshake from another site is refused before the cookie is looked at.
    allowRequest: (req, done) => done(null, socketOriginAllowed(req.headers, opts.origin)),
  })
  // Pub/sub connections queue commands while (re)connecting, unlike the request-path connection.
  const pub = connectRedis(opts.redisUrl, 'worker')
  const sub = connectRedis(opts.redisUrl, 'worker')
  io.adapter(createAdapter(pub, sub, { key: socketKey(opts.prefix) }))

  // Socket.IO's own HTTP answers (polling, refusals) carry the same no-sniff and referrer headers as the rest.
  const headers = (h: Record<string, string>) => {
    h['X-Content-Type-Options'] = 'nosniff'
    h['Referrer-Policy'] = 'strict-origin-when-cross-origin'
  }
  io.engine.on('initial_headers', headers)
  io.engine.on('headers', headers)

  io.use(async (socket, next) => {
    const session = await sessionFromCookieHeader(opts.sessions, socket.handshake.headers.cookie).catch(() => undefined)
    if (!session) return next(new Error('unauthorized'))
    socket.data.user = session.user
    // Sign-out and revocation end these connections (Emitter.disconnect), not only the next handshake.
    await socket.join([sessionRoom(session.sid), userRoom(session.user.id)])
    next()
  })

  io.on('connection', (socket) => {
    const user = socket.data.user as User
    log.debug('socket connected', { user: user.id })
    /** Resolved per request (a region's locations change with master data; server/access.ts caches briefly). */
    const access = async (room: string) => {
      let verdict: ReturnType<typeof roomAccess>
      try {
        verdict = roomAccess(user, await opts.scopeOf(user), room)
      } catch {
        return { ok: false as const, error: 'access could not be checked; retry' }
      }
      if (!verdict.ok) opts.onRefused?.(user, room, verdict.error, socket.handshake.address)
      return verdict
    }
    socket.on('subscribe', async (msg: unknown, ack?: Ack) => {
      const p = subscribeMsg.safeParse(msg)
      if (!p.success) return ack?.({ ok: false, error: 'location: must be a location id or "all"' })
      const a = await access(kpiRoom(p.data.location))
      if (!a.ok) return ack?.({ ok: false, error: a.error })
      for (const room of socket.rooms) if (room.startsWith('kpi:')) await socket.leave(room)
      await socket.join([...a.rooms, LIVE_ROOM])
      ack?.({ ok: true, rooms: a.rooms })
    })
    socket.on('watch', async (msg: unknown, ack?: Ack) => {
      const p = watchMsg.safeParse(msg)
      if (!p.success) return ack?.({ ok: false, error: `room: must be one of ${WATCH_ROOMS.join(', ')} or ${ALERT_LOCATION_PREFIX}<location>` })
      const a = await access(p.data.room)
      if (!a.ok) return ack?.({ ok: false, error: a.error })
      await socket.join(a.rooms)
      ack?.({ ok: true, rooms: a.rooms })
    })
  })

  const emitter: Emitter = {
    emit: (room, event, payload) => void io.to(room).emit(event, payload),
    // Through the Redis adapter: the sockets on every web node of this deployment.
    disconnect: (room) => io.in(room).disconnectSockets(true),
  }
  /**
   * First step of a shutdown: end this node's browser connections now (a socket held open kept
   * the HTTP server from closing for over a minute). Closing the transports, not disconnecting
   * the sockets: a client told "io server disconnect" never reconnects by itself, one that loses
   * its transport reconnects, to another node or to this one restarted. Pushes still reach other
   * nodes through the adapter until `close`.
   */
  const disconnectAll = () => io.engine.close()
  const close = async () => {
    disconnectAll()
    await io.close()
    pub.disconnect()
    sub.disconnect()
  }
  return { io, emitter, disconnectAll, close }
}

/** For worker-only processes (scaled mode): emit through Redis to the web nodes' rooms. */
export function createRedisEmitter(redis: Redis, prefix: string): Emitter {
  const e = new RedisEmitter(redis, { key: socketKey(prefix) })
  return { emit: (room, event, payload) => void e.to(room).emit(event, payload) }
}
