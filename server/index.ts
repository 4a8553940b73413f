/**
 * The custom Node server: Next.js pages and API routes, Socket.IO and (in embedded mode) every
 * BullMQ worker, in one process. Start with `npm start` (scripts/start.sh prepares Redis, the
 * build and dependencies first).
 *
 * Shutdown on SIGINT/SIGTERM (`shutdown`), in order, within SHUTDOWN_DEADLINE_MS even with
 * browsers connected: stop the simulator (no new posts, no retries), stop accepting connections,
 * close this node's browser connections (their transports: browsers reconnect once a server is
 * back), close HTTP (idle connections at once, the rest after a short
 * grace), close the workers (the ingest writer flushes), then Socket.IO's Redis adapter, Next,
 * Redis and ClickHouse. A step that overruns its share is left behind, logged by name: BullMQ
 * retries a job cut short and the writer's replays are harmless.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import next from 'next'
import { loadConfig, type Config } from '@/lib/config'
import { logger, setLogLevel } from '@/lib/log'
import { setRuntime, type Runtime } from './runtime'
import { createRuntime, closeRuntime } from './bootstrap'
import { auditRoomRefusal, userScope } from './access'
import { createRealtime } from './realtime'
import { startWorkers, type Workers } from '@/jobs/index'
import { startSimulator } from './simulator'
import { guardRequest } from './http-guard'
import { secureRequest } from './security'
import { sessionDeps } from '@/lib/auth/session'
import { demoModeRefusal } from '@/lib/demo-guard'

const log = logger('server')

/** The longest a shutdown takes, whatever hangs (issue: 69 s with a browser holding a socket). */
export const SHUTDOWN_DEADLINE_MS = 9_000
/** How long requests in flight get to finish once the server stops accepting. */
const HTTP_GRACE_MS = 1_500

export interface RunningServer {
  url: string
  runtime: Runtime
  httpServer: HttpServer
  shutdown(): Promise<void>
}

/**
 * `demoModeEnv`: DEMO_MODE as the environment set it, if at all; bound beyond loopback, demo mode
 * needs it set to on explicitly (lib/demo-guard.ts).
 */
export async function startServer(config: Config = loadConfig(), demoModeEnv: string | undefined = process.env.DEMO_MODE): Promise<RunningServer> {
  const refusal = demoModeRefusal(config.HOST, config.DEMO_MODE, demoModeEnv)
  if (refusal) throw new Error(refusal)
  setLogLevel(config.LOG_LEVEL)
  const t0 = Date.now()
  const rt = await createRuntime(config)
  setRuntime(rt)
  log.info('storage ready', { clickhouse: rt.clickhouse.mode, deployment: rt.deploymentId, ms: Date.now() - t0 })

  const dev = config.NODE_ENV === 'development'
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT })
  await app.prepare()
  const handle = app.getRequestHandler()

  // secureRequest: headers, CSRF and the client's address (for the audit trail and throttling) first.
  const httpServer = createServer((req, res) => void (secureRequest(req, res, config) || guardRequest(req, res) || handle(req, res)))
  const realtime = createRealtime(httpServer, {
    redisUrl: config.REDIS_URL,
    prefix: rt.redisPrefix,
    sessions: sessionDeps(rt),
    origin: config,
    scopeOf: (u) => userScope(rt, u),
    onRefused: auditRoomRefusal(rt),
  })
  rt.emitter = realtime.emitter
  rt.metrics.setSocketCount(() => realtime.io.engine.clientsCount)
  const workers: Workers = startWorkers(rt, realtime.emitter)

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(config.PORT, config.HOST, resolve)
  })
  const { port } = httpServer.address() as AddressInfo
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`

  const simulator = config.SIMULATOR ? startSimulator(rt, { baseUrl: url, apiKey: rt.internalKeys.simulator, actionsKey: rt.internalKeys.simulatedErp, emitter: realtime.emitter }) : undefined

  let stopping: Promise<void> | undefined
  const shutdown = () =>
    (stopping ??= (async () => {
      const t0 = Date.now()
      const deadline = t0 + SHUTDOWN_DEADLINE_MS
      log.info('shutting down')
      /** Run `step`, giving up on it at `share` ms or the deadline, whichever comes first. */
      const within = async (what: string, step: () => Promise<unknown> | undefined, share = Infinity): Promise<boolean> => {
        const ms = Math.max(0, Math.min(share, deadline - Date.now()))
        let timer: NodeJS.Timeout | undefined
        const done = await Promise.race([
          Promise.resolve(step()).then(
            () => true,
            (err) => (log.warn(`shutdown: ${what} failed`, { error: String(err) }), true),
          ),
          new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
        ])
        clearTimeout(timer)
        if (!done) log.warn(`shutdown: ${what} did not finish in ${ms} ms; going on without it`)
        else log.debug(`shutdown: ${what} done`, { at_ms: Date.now() - t0 })
        return done
      }
      await within('simulator', () => simulator?.stop(), 2_000)
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      realtime.disconnectAll()
      httpServer.closeIdleConnections()
      await within('requests in flight', () => httpClosed, HTTP_GRACE_MS)
      httpServer.closeAllConnections()
      // Workers cut short may have inserts in flight: then the next start repairs (bootstrap.ts).
      const workersClosed = await within('workers', () => workers.close(), deadline - Date.now() - 1_500)
      await within('socket.io', () => realtime.close(), 500)
      await within('next', () => app.close(), 500)
      await within('storage clients', () => closeRuntime(rt, { clean: workersClosed }))
      setRuntime(undefined)
      log.info('stopped', { ms: Date.now() - t0 })
    })())

  return { url, runtime: rt, httpServer, shutdown }
}
