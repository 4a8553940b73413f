/**
 * The access scope of a caller (lib/auth/access.ts) with its regions expanded to locations from
 * the `locations` dimension. The region map is read at most every REGION_CACHE_MS per runtime
 * (master data changes rarely; a new store of a region is visible to its planners within that).
 */
import { roomRefusedEntry } from '@/lib/audit/entries'
import { recordAuditOrPark } from '@/lib/audit/store'
import { logger } from '@/lib/log'
import type { Runtime } from '@/lib/runtime-types'
import { regionLocations } from '@/lib/clickhouse/queries/kpis'
import { ESTATE, resolveScope, type AccessScope, type RegionLocations, type ScopeClaims } from '@/lib/auth/access'
import type { User } from '@/lib/auth/roles'

const auditLog = logger('access')

export const REGION_CACHE_MS = 10_000

const cache = new WeakMap<object, { at: number; map: Promise<RegionLocations> }>()

async function readRegions(rt: Pick<Runtime, 'clickhouse'>): Promise<RegionLocations> {
  const rows = await regionLocations(rt.clickhouse.interactive, {})
  return new Map(rows.map((r) => [r.region, r.locations]))
}

/** region -> locations, cached briefly per runtime; a failed read is not cached. */
export function regionMap(rt: Pick<Runtime, 'clickhouse'>, now = Date.now()): Promise<RegionLocations> {
  const hit = cache.get(rt.clickhouse)
  if (hit && now - hit.at < REGION_CACHE_MS) return hit.map
  const map = readRegions(rt)
  cache.set(rt.clickhouse, { at: now, map })
  map.catch(() => cache.delete(rt.clickhouse))
  return map
}

/** Forget the cached map (tests that change master data, or an admin who just edited a scope). */
export const forgetRegionMap = (rt: Pick<Runtime, 'clickhouse'>) => void cache.delete(rt.clickhouse)

/** What a user or key may see. Unscoped callers cost nothing (no read). */
export async function scopeOf(rt: Pick<Runtime, 'clickhouse'>, claims: ScopeClaims): Promise<AccessScope> {
  if (!claims.regions?.length && !claims.locations?.length) return ESTATE
  // Regions alone need the map; locations alone do not.
  return resolveScope(claims, claims.regions?.length ? await regionMap(rt) : new Map())
}

export const userScope = (rt: Pick<Runtime, 'clickhouse'>, user: Pick<User, 'regions' | 'locations'>) => scopeOf(rt, user)

/** What a refused Socket.IO room join leaves in the audit trail (createRealtime's onRefused); a failed write is parked or logged, never blocks the answer. */
export const auditRoomRefusal =
  (rt: Pick<Runtime, 'redis' | 'redisPrefix' | 'clickhouse'>) =>
  (user: User, room: string, reason: string, address: string): void =>
    void recordAuditOrPark({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }, [roomRefusedEntry(user, room, reason, address)], auditLog).catch(() => undefined)
