/**
 * Socket.IO: the push channel from workers to browsers.
 *
 * Every connection must carry a live signed-in session (the same cookie and the same reader as the
 * pages, lib/auth/session.ts) and, from a browser, this site's Origin; the handshake is refused
 * before anything is joined. A client asks to `subscribe` to a KPI scope and
 * is put in its room. Rooms are shared across web nodes through the Redis adapter; worker-only
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
import { ALL_LOCATIONS, LIVE_ROOM, kpiRoom } from '@/lib/kpis/definitions'
import type { User } from '@/lib/auth/roles'
import { logger } from '@/lib/log'
import type { Emitter } from '@/lib/runtime-types'

const log = logger('realtime')

/** What workers use to reach browsers (lib/runtime-types.ts), re-exported for the server's callers. */
export type { Emitter }

/** Rooms a signed-in client may watch besides KPI scopes. */
export const WATCH_ROOMS = ['ingest', 'jobs', 'alerts:all'] as const
const watchMsg = z.object({ room: z.enum(WATCH_ROOMS) })

const subscribeMsg = z.object({
  location: z.union([z.literal(ALL_LOCATIONS), z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/)]),
})

/** `prefix` is the deployment's (Runtime.redisPrefix): one channel per deployment, not per REDIS_PREFIX. */
export function createRealtime(httpServer: HttpServer, opts: { redisUrl: string; prefix: string; sessions: SessionDeps; origin: OriginConfig }) {
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
    socket.on('subscribe', async (msg: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
      const p = subscribeMsg.safeParse(msg)
      if (!p.success) return ack?.({ ok: false, error: 'location: must be a location id or "all"' })
      for (const room of socket.rooms) if (room.startsWith('kpi:')) await socket.leave(room)
      await socket.join([kpiRoom(p.data.location), LIVE_ROOM])
      ack?.({ ok: true })
    })
    socket.on('watch', async (msg: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
      const p = watchMsg.safeParse(msg)
      if (!p.success) return ack?.({ ok: false, error: `room: must be one of ${WATCH_ROOMS.join(', ')}` })
      await socket.join(p.data.room)
      ack?.({ ok: true })
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
