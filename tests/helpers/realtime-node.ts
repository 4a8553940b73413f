/**
 * Another StockPulse web node in a process of its own (embedded ClickHouse allows one data
 * directory per process): a test runtime with the environment it is given and Socket.IO as the
 * server runs it. Prints one JSON line `{url, deploymentId, redisPrefix, cookie}`
 * (a signed-in session of its own) once
 * it listens; then reads commands on stdin: `emit <room> <event> <json>` (a push from this node),
 * `quit`.
 * Run: node --import tsx tests/helpers/realtime-node.ts (env: REDIS_PREFIX, DEPLOYMENT_ID, ...)
 */
import { createInterface } from 'node:readline'
import { createTestRuntime } from './runtime'
import { sessionCookie, startRealtime } from './socket'

async function main() {
  const env: Record<string, string> = {}
  for (const k of ['REDIS_PREFIX', 'DEPLOYMENT_ID']) if (process.env[k]) env[k] = process.env[k]!
  const t = await createTestRuntime({ workers: false, env })
  const s = await startRealtime(t.rt)
  const quit = async () => {
    await s.close()
    await t.cleanup()
    process.exit(0)
  }
  process.on('SIGTERM', () => void quit())
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, room, event, ...rest] = line.split(' ')
    if (cmd === 'emit') s.realtime.emitter.emit(room, event, JSON.parse(rest.join(' ')))
    if (cmd === 'quit') void quit()
  })
  console.log(JSON.stringify({ url: s.url, deploymentId: t.rt.deploymentId, redisPrefix: t.rt.redisPrefix, cookie: await sessionCookie(t.rt) }))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
