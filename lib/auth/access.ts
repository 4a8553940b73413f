/**
 * Who may see which locations: the access scope of a caller, and the decisions made with it.
 * Pure: the region -> locations map comes from the `locations` dimension (server/access.ts reads
 * and caches it), so this file only decides.
 *
 * A person carries `regions` and `locations`; an API key may carry `locations`. Empty everywhere
 * means the whole estate. Otherwise the caller sees exactly the union of its regions' locations and
 * its own locations, and "all locations" for it means that set, never the estate.
 */

export type AccessScope = { readonly all: true } | { readonly all: false; readonly locations: ReadonlySet<string>; readonly label: string }

export const ESTATE: AccessScope = { all: true }

/** What a caller carries that narrows what it sees (a User, or an API key's restriction). */
export interface ScopeClaims {
  regions?: readonly string[]
  locations?: readonly string[]
}

/** region -> its locations (as the latest `locations` dimension rows say). */
export type RegionLocations = ReadonlyMap<string, readonly string[]>

/** Regions compare case-insensitively ('North' in a user's record is the simulator's 'north'). */
export const regionKey = (region: string) => region.trim().toLowerCase()

export function resolveScope(claims: ScopeClaims, regions: RegionLocations): AccessScope {
  const rs = claims.regions ?? []
  const ls = claims.locations ?? []
  if (!rs.length && !ls.length) return ESTATE
  const byKey = new Map<string, readonly string[]>()
  for (const [r, locs] of regions) byKey.set(regionKey(r), [...(byKey.get(regionKey(r)) ?? []), ...locs])
  const locations = new Set<string>(ls)
  for (const r of rs) for (const l of byKey.get(regionKey(r)) ?? []) locations.add(l)
  const label = [rs.length ? `region ${rs.join(', ')}` : '', ls.length ? `location ${ls.join(', ')}` : ''].filter(Boolean).join(' and ')
  return { all: false, locations, label }
}

/** Whether the whole estate is visible. */
export const seesAll = (scope: AccessScope): boolean => scope.all

export function canSeeLocation(scope: AccessScope, location: string): boolean {
  return scope.all || scope.locations.has(location)
}

/** The subset of `items` whose location the scope covers, in their order. */
export function filterLocations<T>(scope: AccessScope, items: readonly T[], locationOf: (item: T) => string): T[]
export function filterLocations(scope: AccessScope, items: readonly string[]): string[]
export function filterLocations<T>(scope: AccessScope, items: readonly T[], locationOf: (item: T) => string = (x) => x as unknown as string): T[] {
  return scope.all ? [...items] : items.filter((i) => scope.locations.has(locationOf(i)))
}

/**
 * A scoped caller's "all locations": its allowed set, sorted (never the estate). Undefined for
 * the estate itself.
 */
export function allowedLocations(scope: AccessScope): string[] | undefined {
  return scope.all ? undefined : [...scope.locations].sort()
}

/**
 * No location has this id (ids are printable ASCII, lib/events/schema.ts): what a scoped caller
 * whose regions hold no location yet passes, so that its empty set does not read as "no restriction".
 */
export const NO_LOCATION = '\u0000none'

/**
 * The `{allowed:Array(String)}` query parameter of a scoped read: empty = no restriction (the
 * estate); a scoped caller always passes at least one id (NO_LOCATION when its set is empty).
 */
export function allowedParam(scope: AccessScope): string[] {
  if (scope.all) return []
  const out = [...scope.locations].sort()
  return out.length ? out : [NO_LOCATION]
}

/** The message of a refusal for a location outside the scope. */
export const outOfScope = (scope: AccessScope, location: string) =>
  `location ${location} is outside your access (${scope.all ? 'the estate' : scope.label})`

/** The locations an event names (its `location`, any `*_location`, a location's `parent`, `locations`). */
export function locationsOfEvent(event: Record<string, unknown>): { path: string; location: string }[] {
  const out: { path: string; location: string }[] = []
  for (const [k, v] of Object.entries(event)) {
    if ((k === 'location' || k.endsWith('_location') || (k === 'parent' && event.type === 'location')) && typeof v === 'string' && v) out.push({ path: k, location: v })
    if (k === 'locations' && Array.isArray(v)) v.forEach((l, i) => typeof l === 'string' && out.push({ path: `locations.${i}`, location: l }))
  }
  return out
}

/**
 * The first event a scoped caller may not send: one naming a location outside its scope, or one
 * naming none (master data of the whole estate: a product, a supplier). Undefined when all may land.
 */
export function firstEventOutOfScope(scope: AccessScope, events: readonly Record<string, unknown>[]): { index: number; path: string; message: string } | undefined {
  if (scope.all) return undefined
  for (let i = 0; i < events.length; i++) {
    const named = locationsOfEvent(events[i])
    if (!named.length) return { index: i, path: 'type', message: `a ${String(events[i].type)} event covers the whole estate; your access is ${scope.label}` }
    const bad = named.find((n) => !scope.locations.has(n.location))
    if (bad) return { index: i, path: bad.path, message: outOfScope(scope, bad.location) }
  }
  return undefined
}
