/** A real Socket.IO server on a plain HTTP server, and signed-in socket.io-client connections to it. */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import { createSession, SESSION_COOKIE, sessionDeps } from '@/lib/auth/session'
import { createRealtime } from '@/server/realtime'
import { auditRoomRefusal, userScope } from '@/server/access'
import type { Runtime } from '@/server/runtime'

/**
 * A `Cookie:` header naming a real session of `userId` in `rt`'s Redis (as a sign-in makes one).
 * It goes with the runtime's keys when the runtime is cleaned up.
 */
export async function sessionCookie(rt: Pick<Runtime, 'redis' | 'redisPrefix' | 'sessionPassword' | 'config'>, userId = 'u-ops'): Promise<string> {
  const { sealed } = await createSession(sessionDeps(rt), userId)
  return `${SESSION_COOKIE}=${encodeURIComponent(sealed)}`
}

/** Socket.IO for `rt` as the server runs it (same adapter, key and auth), on a free port. */
export async function startRealtime(rt: Runtime): Promise<{ url: string; realtime: ReturnType<typeof createRealtime>; httpServer: HttpServer; close(): Promise<void> }> {
  const httpServer = createServer()
  const realtime = createRealtime(httpServer, {
    redisUrl: rt.config.REDIS_URL,
    prefix: rt.redisPrefix,
    sessions: sessionDeps(rt),
    origin: rt.config,
    scopeOf: (u) => userScope(rt, u),
    onRefused: auditRoomRefusal(rt),
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const { port } = httpServer.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, realtime, httpServer, close: () => realtime.close() }
}

/** A signed-in client (`cookie`: sessionCookie), connected and subscribed to `location`'s KPI room. */
export async function signedInSocket(url: string, cookie: string, location = 'all'): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  const ack = await socket.timeout(5_000).emitWithAck('subscribe', { location })
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}`)
  return socket
}
