/**
 * Sign-in throttling, counted in Redis (rate-limiter-flexible's Redis store, keys under the
 * deployment's prefix) so that it holds across web nodes.
 *
 * - Per account: LOGIN_ACCOUNT_FAILURES failed attempts within LOGIN_ACCOUNT_WINDOW_MINUTES block
 *   the account for the window; each further block within a day doubles it (up to a day). A
 *   successful sign-in resets the account's count.
 * - Per client address: LOGIN_ADDRESS_FAILURES failures within LOGIN_ADDRESS_WINDOW_MINUTES block
 *   the address for the window.
 *
 * A blocked attempt is refused before its password is hashed: 429 with Retry-After in seconds.
 */
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible'
import type { Redis } from 'ioredis'
import type { Config } from '../config'
import { loginThrottleKey } from '../redis-keys'

export type ThrottleConfig = Pick<Config, 'LOGIN_ACCOUNT_FAILURES' | 'LOGIN_ACCOUNT_WINDOW_MINUTES' | 'LOGIN_ADDRESS_FAILURES' | 'LOGIN_ADDRESS_WINDOW_MINUTES'>

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterS: number; reason: 'account' | 'address' }

const DAY_S = 86_400

/** Pure: how long the n-th block of an account within a day lasts (doubling from the window, at most a day). */
export const progressiveBlockSeconds = (windowS: number, nthBlock: number) => Math.min(DAY_S, Math.round(windowS * 2 ** Math.max(0, nthBlock - 1)))

/** The account key: the email as people type it, trimmed and lower-cased. */
export const accountKey = (email: string) => email.trim().toLowerCase().slice(0, 256)

const retryAfter = (ms: number | undefined) => Math.max(1, Math.ceil((ms ?? 1000) / 1000))

export function createLoginThrottle(deps: { redis: Redis; prefix: string; config: ThrottleConfig }) {
  const c = deps.config
  const accountWindowS = Math.max(1, Math.round(c.LOGIN_ACCOUNT_WINDOW_MINUTES * 60))
  const addressWindowS = Math.max(1, Math.round(c.LOGIN_ADDRESS_WINDOW_MINUTES * 60))
  const account = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: loginThrottleKey(deps.prefix, 'account'), points: c.LOGIN_ACCOUNT_FAILURES, duration: accountWindowS })
  const address = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: loginThrottleKey(deps.prefix, 'address'), points: c.LOGIN_ADDRESS_FAILURES, duration: addressWindowS })
  const blocks = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: loginThrottleKey(deps.prefix, 'blocks'), points: 10_000, duration: DAY_S })

  const blocked = (res: RateLimiterRes | null, points: number) => res !== null && res.consumedPoints >= points

  /** Before the password is checked: may this account, from this address, try now? */
  async function check(email: string, addr: string): Promise<ThrottleVerdict> {
    const [acc, ad] = await Promise.all([account.get(accountKey(email)), address.get(addr)])
    if (blocked(acc, c.LOGIN_ACCOUNT_FAILURES)) return { ok: false, retryAfterS: retryAfter(acc!.msBeforeNext), reason: 'account' }
    if (blocked(ad, c.LOGIN_ADDRESS_FAILURES)) return { ok: false, retryAfterS: retryAfter(ad!.msBeforeNext), reason: 'address' }
    return { ok: true }
  }

  /** Count a failed attempt; the verdict says whether this one reached a limit (then the key is blocked). */
  async function failed(email: string, addr: string): Promise<ThrottleVerdict> {
    const key = accountKey(email)
    const [acc, ad] = await Promise.all([account.penalty(key, 1), address.penalty(addr, 1)])
    let verdict: ThrottleVerdict = { ok: true }
    if (ad.consumedPoints >= c.LOGIN_ADDRESS_FAILURES) {
      if (ad.consumedPoints === c.LOGIN_ADDRESS_FAILURES) await address.block(addr, addressWindowS)
      const now = await address.get(addr)
      verdict = { ok: false, retryAfterS: retryAfter(now?.msBeforeNext ?? addressWindowS * 1000), reason: 'address' }
    }
    if (acc.consumedPoints >= c.LOGIN_ACCOUNT_FAILURES) {
      let seconds: number | undefined
      if (acc.consumedPoints === c.LOGIN_ACCOUNT_FAILURES) {
        const n = (await blocks.penalty(key, 1)).consumedPoints
        seconds = progressiveBlockSeconds(accountWindowS, n)
        await account.block(key, seconds)
      }
      const now = await account.get(key)
      const s = retryAfter(now?.msBeforeNext ?? (seconds ?? accountWindowS) * 1000)
      if (verdict.ok || s > verdict.retryAfterS) verdict = { ok: false, retryAfterS: s, reason: 'account' }
    }
    return verdict
  }

  /** A successful sign-in: the account starts afresh. */
  async function succeeded(email: string): Promise<void> {
    const key = accountKey(email)
    await Promise.all([account.delete(key), blocks.delete(key)])
  }

  return { check, failed, succeeded }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
