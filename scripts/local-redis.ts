/**
 * `npm start` brings up Redis: use REDIS_URL when it answers; otherwise, for a local URL, start
 * `redis-server` with its data under DATA_DIR/redis and append-only persistence, and stop it
 * when StockPulse stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, openSync } from 'node:fs'
import path from 'node:path'
import { Redis } from 'ioredis'

export const INSTALL_HINT = 'redis-server not found: install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL to a running Redis'

export async function redisAnswers(url: string, timeoutMs = 1_500): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  r.on('error', () => {})
  try {
    await r.connect()
    return (await r.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    r.disconnect()
  }
}

export interface LocalRedis {
  stop(): Promise<void>
}

export async function ensureRedis(url: string, dataDir: string, log: (m: string) => void): Promise<LocalRedis | undefined> {
  if (await redisAnswers(url)) return undefined
  const u = new URL(url)
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) {
    throw new Error(`Redis at ${u.host} does not answer (REDIS_URL); start it or point REDIS_URL elsewhere`)
  }
  if (spawnSync('redis-server', ['--version']).error) throw new Error(INSTALL_HINT)
  const dir = path.resolve(dataDir, 'redis')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const logFd = openSync(path.join(dir, 'redis.log'), 'a', 0o600)
  const port = u.port || '6379'
  log(`starting redis-server on 127.0.0.1:${port} (data in ${dir})`)
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', logFd, logFd] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 10_000
  while (!(await redisAnswers(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start; see ${path.join(dir, 'redis.log')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
