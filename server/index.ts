/**
 * The custom Node server: Next.js pages and API routes, Socket.IO and (in embedded mode) every
 * BullMQ worker, in one process. Start with `npm start` (scripts/start.sh prepares Redis, the
 * build and dependencies first).
 *
 * Shutdown on SIGINT/SIGTERM, in order: stop HTTP, stop the simulator, close workers (which
 * flushes the ingest writer), close sockets, then Redis and ClickHouse clients.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import next from 'next'
import { loadConfig, type Config } from '@/lib/config'
import { logger, setLogLevel } from '@/lib/log'
import { setRuntime, type Runtime } from './runtime'
import { createRuntime, closeRuntime } from './bootstrap'
import { createRealtime } from './realtime'
import { startWorkers, type Workers } from '@/jobs/index'
import { startSimulator } from './simulator'

const log = logger('server')

export interface RunningServer {
  url: string
  runtime: Runtime
  httpServer: HttpServer
  shutdown(): Promise<void>
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  setLogLevel(config.LOG_LEVEL)
  const t0 = Date.now()
  const rt = await createRuntime(config)
  setRuntime(rt)
  log.info('storage ready', { clickhouse: rt.clickhouse.mode, deployment: rt.deploymentId, ms: Date.now() - t0 })

  const dev = config.NODE_ENV === 'development'
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT })
  await app.prepare()
  const handle = app.getRequestHandler()

  const httpServer = createServer((req, res) => void handle(req, res))
  const realtime = createRealtime(httpServer, { redisUrl: config.REDIS_URL, prefix: rt.redisPrefix, sessionPassword: rt.sessionPassword })
  rt.emitter = realtime.emitter
  const workers: Workers = startWorkers(rt, realtime.emitter)

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(config.PORT, config.HOST, resolve)
  })
  const { port } = httpServer.address() as AddressInfo
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`

  const simulator = config.SIMULATOR ? startSimulator(rt, { baseUrl: url, apiKey: rt.internalKeys.simulator, emitter: realtime.emitter }) : undefined

  let stopping: Promise<void> | undefined
  const shutdown = () =>
    (stopping ??= (async () => {
      log.info('shutting down')
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve())
        httpServer.closeAllConnections()
      })
      await simulator?.stop()
      await workers.close()
      await realtime.close()
      await app.close().catch(() => {})
      await closeRuntime(rt)
      setRuntime(undefined)
      log.info('stopped')
    })())

  return { url, runtime: rt, httpServer, shutdown }
}
