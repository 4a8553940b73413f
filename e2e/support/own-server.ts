/**
 * A StockPulse of a spec's own, started as `npm start` starts it (scripts/start.ts), for the specs
 * that must stop, restart or tamper with a server: the shared one of playwright.config.ts must
 * outlive them.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'

export interface OwnServerOptions {
  port: number
  dataDir: string
  /** REDIS_PREFIX: a name of the spec's own, deleted by the spec when it ends. */
  prefix: string
  sessionSecret: string
  /** Simulator settings (SIMULATOR, SIMULATOR_BACKFILL_DAYS, SIMULATOR_SPEED, …) and anything else. */
  env?: Record<string, string>
  stdio?: StdioOptions
}

export function startOwnServer(o: OwnServerOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(o.port),
      HOST: '127.0.0.1',
      DATA_DIR: o.dataDir,
      REDIS_PREFIX: o.prefix,
      SESSION_SECRET: o.sessionSecret,
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: o.stdio ?? ['ignore', 'inherit', 'inherit'],
  })
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopOwnServer(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await exited
}
