/** A throwaway redis-server on a free port, for tests that need to kill Redis. */
import { spawn } from 'node:child_process'
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

export async function startRedisServer(): Promise<{ url: string; kill(): Promise<void> }> {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `redis://127.0.0.1:${port}`
  const deadline = Date.now() + 5_000
  while (!(await redisAnswers(url, 300))) {
    if (Date.now() > deadline) throw new Error('test redis-server did not start')
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
