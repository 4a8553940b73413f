/**
 * `npm start`: bring up Redis if needed, build the app if the build is missing or stale, then run
 * the server (migrations run as it starts). Stops everything in order on SIGINT/SIGTERM.
 */
import { spawnSync } from 'node:child_process'
import { loadConfig } from '@/lib/config'
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/auth/users'
import { ensureRedis } from './local-redis'
import { prepareDataDir, sessionPassword } from '@/server/data-dir'
import { buildIsCurrent, writeBuildStamp } from './build-stamp'
import { demoModeRefusal } from '@/lib/demo-guard'

const say = (m: string) => console.log(`[stockpulse] ${m}`)

async function main() {
  const t0 = Date.now()
  const config = loadConfig()
  // Before Redis or a build: a demo reachable from the network is refused in one line.
  const refusal = demoModeRefusal(config.HOST, config.DEMO_MODE, process.env.DEMO_MODE)
  if (refusal) throw new Error(refusal)
  // Owner-only files under DATA_DIR, a spawned redis-server's included (it inherits the umask).
  prepareDataDir(config.DATA_DIR)
  sessionPassword(config) // a secret file others can read stops the start here, before any build
  const redis = await ensureRedis(config.REDIS_URL, config.DATA_DIR, say)

  if (config.NODE_ENV !== 'development' && !buildIsCurrent()) {
    say('building the app (first start or sources changed)...')
    const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
    if (r.status !== 0) throw new Error('next build failed')
    writeBuildStamp()
  }

  const { startServer } = await import('@/server/index')
  const server = await startServer(config)
  say(`StockPulse is running at ${server.url}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  say(`ClickHouse: ${config.CLICKHOUSE_URL ? config.CLICKHOUSE_URL.replace(/\/\/[^@]*@/, '//') : `embedded (chDB) in ${config.DATA_DIR}/clickhouse`}`)
  if (config.DEMO_MODE) {
    say(`sign in at ${server.url}/login as ${DEMO_USERS.map((u) => u.email).join(', ')}; password "${DEMO_PASSWORD}"`)
  }
  say(`simulator: ${config.SIMULATOR ? 'streaming' : 'off'}. Stop with Ctrl+C.`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    say(`${signal}: stopping`)
    // The server's shutdown keeps to its own deadline; this is the backstop for the whole process.
    setTimeout(() => {
      say('shutdown overran 10 s: exiting now')
      process.exit(1)
    }, 9_900).unref()
    await server.shutdown()
    await redis?.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err) => {
  console.error(`[stockpulse] ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
