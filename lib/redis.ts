/**
 * Redis connections. Two kinds, because they fail differently on purpose:
 * - `producer`: used on the request path. No offline queue and one retry, so when Redis is down
 *   a request fails fast (the API answers 503) instead of hanging or buffering in memory.
 * - `worker`: BullMQ workers and blocking commands. `maxRetriesPerRequest: null` as BullMQ
 *   requires, so workers ride out a Redis restart.
 */
import { Redis, type RedisOptions } from 'ioredis'

export type RedisRole = 'producer' | 'worker'

export function connectRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 5_000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: true }
  const redis = new Redis(url, { lazyConnect: false, ...base, ...extra })
  // Errors surface on the commands that fail; an unhandled 'error' event would crash the process.
  redis.on('error', () => {})
  return redis
}

/** Resolve once the connection is ready, or reject after `timeoutMs`. */
export function waitReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`Redis not ready after ${timeoutMs} ms`))
    }, timeoutMs)
    const onReady = () => {
      cleanup()
      resolve()
    }
    const cleanup = () => {
      clearTimeout(timer)
      redis.off('ready', onReady)
    }
    redis.on('ready', onReady)
  })
}

export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  await withTimeout(redis.ping(), timeoutMs, 'redis ping')
}

/** `p`, or a rejection after `ms`: for calls on the request path that must not hang. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** The keys under `prefix:`, a batch per SCAN step. */
async function* scanPrefix(redis: Redis, prefix: string): AsyncGenerator<string[]> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    cursor = next
    if (keys.length) yield keys
  } while (cursor !== '0')
}

/** Delete every key under `prefix:` (tests and benches clean up only what they made). */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = connectRedis(url, 'worker')
  try {
    for await (const keys of scanPrefix(redis, prefix)) await redis.del(...keys)
  } finally {
    redis.disconnect()
  }
}

/** Every key under `prefix:`, sorted (tests check that they left none). */
export async function keysWithPrefix(url: string, prefix: string): Promise<string[]> {
  const redis = connectRedis(url, 'worker')
  try {
    const all: string[] = []
    for await (const keys of scanPrefix(redis, prefix)) all.push(...keys)
    return [...new Set(all)].sort()
  } finally {
    redis.disconnect()
  }
}
