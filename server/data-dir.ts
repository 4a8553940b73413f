/**
 * DATA_DIR holds the session secret, the embedded ClickHouse data and a spawned Redis's data:
 * it and everything under it are for this process's user only. `prepareDataDir` sets the
 * process umask to 077 (chDB, which writes from inside this process, and a redis-server spawned
 * from it create their files with it), creates DATA_DIR with mode 0700 and takes group and other
 * bits off it if it already existed. `readOrCreateSecret` refuses a secret file others can read.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '@/lib/config'

export const OWNER_ONLY_UMASK = 0o077

export function prepareDataDir(dataDir: string): void {
  process.umask(OWNER_ONLY_UMASK)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const mode = statSync(dataDir).mode & 0o777
  if (mode & 0o077) chmodSync(dataDir, mode & 0o700)
}

/** SESSION_SECRET, or one generated on first start and kept in DATA_DIR so sessions survive restarts. */
export function sessionPassword(config: Pick<Config, 'SESSION_SECRET' | 'DATA_DIR'>): string {
  if (config.SESSION_SECRET) {
    if (config.SESSION_SECRET.length < 32) throw new Error('SESSION_SECRET must have at least 32 characters')
    return config.SESSION_SECRET
  }
  return readOrCreateSecret(path.join(config.DATA_DIR, 'session-secret'))
}

/**
 * WEBHOOK_SECRET, or one generated on first start and kept in DATA_DIR (`whsec_` + base64 of 32
 * random bytes, the Standard Webhooks form): what signs delivered actions and what the demo's
 * simulated ERP receiver verifies them with.
 */
export function webhookSecret(config: Pick<Config, 'WEBHOOK_SECRET' | 'DATA_DIR'>): string {
  if (config.WEBHOOK_SECRET) return config.WEBHOOK_SECRET
  return readOrCreateSecret(path.join(config.DATA_DIR, 'webhook-secret'), () => `whsec_${randomBytes(32).toString('base64')}`)
}

/** The secret kept in `file`, or a new one (`make`) written there (mode 0600) when there is none. */
export function readOrCreateSecret(file: string, make: () => string = () => randomBytes(32).toString('base64url')): string {
  let mode: number
  try {
    mode = statSync(file).mode & 0o777
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    const secret = make()
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return secret
  }
  if (mode & 0o077) {
    const shown = mode.toString(8).padStart(4, '0')
    throw new Error(`${path.resolve(file)} can be read by other users (mode ${shown}); it is a secret (it signs sessions or webhooks). Run: chmod 600 ${path.resolve(file)}`)
  }
  return readFileSync(file, 'utf8').trim()
}
