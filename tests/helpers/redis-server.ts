/** A throwaway redis-server on a free port, for tests that need to kill or restart Redis. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { redisAnswers } from '@/scripts/local-redis'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface TestRedis {
  url: string
  kill(): Promise<void>
  /** Kill it (SIGKILL) and start it again on the same port; with `persistDir`, its data survives. */
  restart(): Promise<void>
}

/**
 * `persistDir`: keep the data in that directory with an append-only file synced on every write,
 * so that a restart loses nothing (as a production Redis configured for BullMQ would).
 */
export async function startRedisServer(opts: { persistDir?: string } = {}): Promise<TestRedis> {
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1']
  if (opts.persistDir) args.push('--dir', opts.persistDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always')
  else args.push('--save', '', '--appendonly', 'no')
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess
  let exited: Promise<void>
  const start = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' })
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const deadline = Date.now() + 5_000
    while (!(await redisAnswers(url, 300))) {
      if (Date.now() > deadline) throw new Error('test redis-server did not start')
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url,
    kill,
    async restart() {
      await kill()
      await start()
    },
  }
}
