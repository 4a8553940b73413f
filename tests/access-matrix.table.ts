/**
 * The access matrix: for every API route x method, every page and every Socket.IO room, what each
 * principal gets. tests/access-matrix.test.ts generates the lists of routes (app/**\/route.ts and
 * their exported methods), pages (app/**\/page.tsx) and rooms (ROOMS in server/realtime.ts) and
 * fails when one has no row here, or a row names one that does not exist.
 *
 * Adding a route is one line: `'GET /api/v1/thing': [req('/api/v1/thing', READ)],` (the key is the
 * method and the path as the file system spells it, `[id]` included; the request is concrete).
 *
 * Fixture (the test seeds it): region north holds N1 and N2, region south holds S1; sku A sells
 * at all three; alerts AL-N (at N1) and AL-S (at S1). Scoped principals are of region north: a
 * planner and an operations manager (regions ['north']), and a read key restricted to N1 and N2.
 */

export const PRINCIPALS = [
  'none', 'key:ingest', 'key:read', 'key:actions', 'key:read:north',
  'admin', 'executive', 'ops_manager', 'planner',
  'planner:north', 'ops_manager:north',
] as const
export type Principal = (typeof PRINCIPALS)[number]
/** Principals restricted to region north's locations (the key: to N1 and N2). */
export const SCOPED: readonly Principal[] = ['planner:north', 'ops_manager:north', 'key:read:north']

export const NORTH = ['N1', 'N2'] as const
export const SOUTH = ['S1'] as const
export const ALERT_NORTH = 'AL-N'
export const ALERT_SOUTH = 'AL-S'

export type Statuses = Record<Principal, number>

const every = (status: number): Statuses => Object.fromEntries(PRINCIPALS.map((p) => [p, status])) as Statuses
const people = (status: number) => ({ admin: status, executive: status, ops_manager: status, planner: status, 'planner:north': status, 'ops_manager:north': status })
const scopedPeople = (status: number) => ({ 'planner:north': status, 'ops_manager:north': status })
const scoped = (status: number) => ({ ...scopedPeople(status), 'key:read:north': status })

/** Read scope or any session. */
export const READ: Statuses = { none: 401, 'key:ingest': 403, 'key:read': 200, 'key:actions': 403, 'key:read:north': 200, ...people(200) }
/** The same, with `ok` instead of 200 (a 404 for an id that does not exist, say). */
export const readAnswering = (ok: number): Statuses => ({ ...READ, 'key:read': ok, 'key:read:north': ok, ...people(ok) })
/** A read of something outside region north (or of the whole estate with no per-location form): scoped people 403. */
export const READ_OUTSIDE: Statuses = { ...READ, ...scoped(403) }
/** Anyone, signed in or not. */
export const PUBLIC_200: Statuses = every(200)
/** The actions scope, or a person whose role may decide or run things (not an executive). */
export const ACT = (ok: number): Statuses => ({ none: 401, 'key:ingest': 403, 'key:read': 403, 'key:actions': ok, 'key:read:north': 403, ...people(ok), executive: 403 })
/** The actions scope or an admin (undo an import). */
export const ADMIN_OR_ACTIONS = (ok: number): Statuses => ({ none: 401, 'key:ingest': 403, 'key:read': 403, 'key:actions': ok, 'key:read:north': 403, ...people(403), admin: ok })
/** The ingest scope or an admin (import a file). */
export const ADMIN_OR_INGEST = (ok: number): Statuses => ({ none: 401, 'key:ingest': ok, 'key:read': 403, 'key:actions': 403, 'key:read:north': 403, ...people(403), admin: ok })
/** An API key with the ingest scope only; sessions are not asked for (401). */
export const INGEST_KEY = (ok: number): Statuses => ({ ...every(401), 'key:ingest': ok, 'key:read': 403, 'key:actions': 403, 'key:read:north': 403 })
/** An API key with the actions scope only (the receiver's callback); sessions are not asked for (401). */
export const ACTIONS_KEY = (ok: number): Statuses => ({ ...every(401), 'key:ingest': 403, 'key:read': 403, 'key:actions': ok, 'key:read:north': 403 })
/** An admin signed in; every API key is refused (403), people of other roles too. */
export const ADMIN_SESSION = (ok: number): Statuses => ({ none: 401, 'key:ingest': 403, 'key:read': 403, 'key:actions': 403, 'key:read:north': 403, ...people(403), admin: ok })
/** The audit trail: an admin or an unrestricted read key. */
export const AUDIT_READ: Statuses = { none: 401, 'key:ingest': 403, 'key:read': 200, 'key:actions': 403, 'key:read:north': 403, ...people(403), admin: 200 }
/** The value report: a read key, or an admin, executive or operations manager (planners: 403). */
export const REPORT_READ: Statuses = { ...READ, planner: 403, 'planner:north': 403 }
/** Every caller REPORT_READ lets in answered `status` (a bad query, say). */
const readStatus = (status: number): Partial<Statuses> => Object.fromEntries(Object.entries(REPORT_READ).filter(([, s]) => s === 200).map(([p]) => [p, status]))
/** An API key with the read scope only (scrapers). */
export const READ_KEY: Statuses = { ...every(401), 'key:ingest': 403, 'key:read': 200, 'key:actions': 403, 'key:read:north': 200 }

export interface RouteCase {
  /** Concrete path and query. */
  path: string
  expect: Statuses
  body?: unknown
  headers?: Record<string, string>
  /**
   * The locations the answer names: for a scoped principal every one must be of region north;
   * for an unscoped one some must be of south (so the check can fail).
   */
  locations?: (body: unknown) => string[]
}

const req = (path: string, expect: Statuses, more: Omit<RouteCase, 'path' | 'expect'> = {}): RouteCase => ({ path, expect, ...more })
const json = (body: unknown) => ({ body, headers: { 'content-type': 'application/json' } })

type Located = { location?: string; scope?: { location: string }; heatmap?: { location: string }[] }
const alertLocations = (b: unknown) => ((b as { alerts: Located[] }).alerts ?? []).map((a) => a.scope!.location)
const itemLocations = (b: unknown) => (b as Located[]).map((r) => r.location!)
const heatmapLocations = (b: unknown) => ((b as Located).heatmap ?? []).map((h) => h.location)

const DECIDE_STALE = json({ decision: 'acknowledge', revision: 999_999 }) // a revision that is not the alert's: 409, nothing written

export const ROUTE_ROWS: Record<string, RouteCase[]> = {
  // No password: 400 before any throttle counts it (wrong passwords would be throttled to 429 after five).
  'POST /api/auth/login': [req('/api/auth/login', every(400), json({ email: 'planner@stockpulse.demo' }))],
  // Sign-in with SSO is not configured in the test: 404 for everyone.
  'GET /api/auth/oidc/start': [req('/api/auth/oidc/start', every(404))],
  'GET /api/auth/oidc/callback': [req('/api/auth/oidc/callback?code=x&state=y', every(404))],
  // Sign-out needs no identity (303 for all); sent without the principal's cookie, or it would end
  // the session every later row signs in with (sign-out ending sessions: tests/integration/sessions.test.ts).
  'POST /api/auth/logout': [req('/api/auth/logout', every(303), { headers: { cookie: '' } })],
  'GET /api/health': [req('/api/health', PUBLIC_200)],
  'GET /api/v1/openapi.json': [req('/api/v1/openapi.json', PUBLIC_200)],
  'GET /metrics': [req('/metrics', READ_KEY)],
  'POST /api/v1/events': [req('/api/v1/events', INGEST_KEY(202), json([{ type: 'sale', event_id: 'matrix-sale-1', ts: new Date().toISOString(), sku: 'A', location: 'N1', channel: 'store', qty: 1, unit_price: 2 }]))],
  'GET /api/v1/alerts': [
    req('/api/v1/alerts?status=all', READ, { locations: alertLocations }),
    req('/api/v1/alerts?status=all&location=S1', READ_OUTSIDE),
  ],
  'GET /api/v1/alerts/[id]': [
    req(`/api/v1/alerts/${ALERT_NORTH}`, READ),
    // An alert outside the scope answers as one that does not exist.
    req(`/api/v1/alerts/${ALERT_SOUTH}`, { ...READ, ...scoped(404) }),
  ],
  'POST /api/v1/alerts/[id]/decision': [
    req(`/api/v1/alerts/${ALERT_NORTH}/decision`, ACT(409), DECIDE_STALE),
    req(`/api/v1/alerts/${ALERT_SOUTH}/decision`, { ...ACT(409), ...scopedPeople(404) }, DECIDE_STALE),
  ],
  'GET /api/v1/alerts/rates': [req('/api/v1/alerts/rates', READ), req('/api/v1/alerts/rates?location=S1', READ_OUTSIDE)],
  'GET /api/v1/model-accuracy': [req('/api/v1/model-accuracy?by=region', READ), req('/api/v1/model-accuracy?location=N1', READ), req('/api/v1/model-accuracy?location=S1', READ_OUTSIDE)],
  'GET /api/v1/kpis': [req('/api/v1/kpis', READ, { locations: heatmapLocations }), req('/api/v1/kpis?location=N1', READ), req('/api/v1/kpis?location=S1', READ_OUTSIDE)],
  'GET /api/v1/risk': [req('/api/v1/risk?limit=50', READ, { locations: itemLocations }), req('/api/v1/risk?limit=500', READ, { locations: itemLocations }), req('/api/v1/risk?location=S1', READ_OUTSIDE)],
  'GET /api/v1/forecasts': [req('/api/v1/forecasts?sku=A&location=N1', READ), req('/api/v1/forecasts?sku=A&location=S1', READ_OUTSIDE)],
  'GET /api/v1/policies': [req('/api/v1/policies?sku=A&location=N1', READ), req('/api/v1/policies?sku=A&location=S1', READ_OUTSIDE)],
  // A day long gone: no summary, 404, where the caller may read it at all (the estate's is not a scoped person's).
  'GET /api/v1/summary': [
    req('/api/v1/summary?date=2020-01-01', { ...readAnswering(404), ...scoped(403) }),
    req('/api/v1/summary?date=2020-01-01&location=N1', readAnswering(404)),
    req('/api/v1/summary?date=2020-01-01&location=S1', { ...readAnswering(404), ...scoped(403) }),
  ],
  'GET /api/v1/ingest/status': [req('/api/v1/ingest/status', READ_OUTSIDE)],
  'GET /api/v1/ops/storage': [req('/api/v1/ops/storage', READ_OUTSIDE)],
  'GET /api/v1/jobs': [req('/api/v1/jobs', READ)],
  'GET /api/v1/jobs/[id]': [req('/api/v1/jobs/999999', readAnswering(404))],
  'POST /api/v1/recompute': [req('/api/v1/recompute', ACT(202))],
  // A type that does not exist: 400 once the caller may import (nothing lands).
  'POST /api/v1/imports': [req('/api/v1/imports?type=nothing', ADMIN_OR_INGEST(400), { body: 'a,b\n', headers: { 'content-type': 'text/csv' } })],
  'DELETE /api/v1/imports/[id]': [req('/api/v1/imports/imp-does-not-exist', ADMIN_OR_ACTIONS(404))],
  'GET /api/v1/actions': [req('/api/v1/actions', READ), req('/api/v1/actions?location=S1', READ_OUTSIDE)],
  'GET /api/v1/actions/[id]': [req('/api/v1/actions/act-does-not-exist', readAnswering(404))],
  'POST /api/v1/actions/[id]/callback': [req('/api/v1/actions/act-does-not-exist/callback', ACTIONS_KEY(404), json({ status: 'confirmed' }))],
  // Rules are not location data: any reader sees them; only an admin signed in changes them (an empty body: 400, nothing saved).
  'GET /api/v1/approval-rules': [req('/api/v1/approval-rules', READ)],
  'GET /api/v1/approval-rules/versions': [req('/api/v1/approval-rules/versions', READ)],
  'POST /api/v1/approval-rules': [req('/api/v1/approval-rules', { ...ACT(403), admin: 400 }, json({}))],
  // The trail names every location: admins and unrestricted read keys.
  'GET /api/v1/audit': [req('/api/v1/audit', AUDIT_READ)],
  // Scoped callers get their own locations' figures (tests/integration/value-report.test.ts checks which); a reversed period: 400.
  'GET /api/v1/reports/value': [req('/api/v1/reports/value?from=2026-01-01&to=2026-01-31', REPORT_READ), req('/api/v1/reports/value?from=2026-01-31&to=2026-01-01', { ...REPORT_READ, ...readStatus(400) })],
  'GET /api/v1/reports/value.pdf': [req('/api/v1/reports/value.pdf?from=2026-01-01&to=2026-01-07', REPORT_READ)],
  'GET /api/v1/reports/value/decisions': [req('/api/v1/reports/value/decisions?from=2026-01-01&to=2026-01-31', REPORT_READ)],
  'GET /api/v1/audit/verify': [req('/api/v1/audit/verify', AUDIT_READ)],
  'GET /api/v1/api-keys': [req('/api/v1/api-keys', ADMIN_SESSION(200))],
  'POST /api/v1/api-keys': [req('/api/v1/api-keys', ADMIN_SESSION(400), json({}))],
  'POST /api/v1/api-keys/[id]/revoke': [req('/api/v1/api-keys/key-does-not-exist/revoke', ADMIN_SESSION(404))],
  'GET /api/v1/users': [req('/api/v1/users', ADMIN_SESSION(200))],
  'POST /api/v1/users': [req('/api/v1/users', ADMIN_SESSION(400), json({}))],
  'POST /api/v1/users/[id]': [req('/api/v1/users/user-does-not-exist', ADMIN_SESSION(404), json({ disabled: true }))],
  // The demo's simulated ERP: 404 unless the simulator runs in this process (it does not here), whoever asks.
  'POST /api/v1/sim/erp': [req('/api/v1/sim/erp', every(404), json({}))],
}

/** A page's outcome: 200 rendered, 307 redirected (to `/login` unless it says), 404 not found. */
export interface PageCase {
  path: string
  expect: Statuses
  /** Where a 307 goes (a prefix); default '/login'. */
  redirect?: string
  /** The rendered page names a south location for unscoped people (so the scoped check can fail). */
  estateShows?: boolean
}

/** Any signed-in person (keys and no auth are sent to sign in: pages read the session only). */
const SIGNED_IN = (ok: number): Statuses => ({ none: 307, 'key:ingest': 307, 'key:read': 307, 'key:actions': 307, 'key:read:north': 307, ...people(ok) })
const page = (path: string, expect: Statuses, more: Omit<PageCase, 'path' | 'expect'> = {}): PageCase => ({ path, expect, ...more })

export const PAGE_ROWS: Record<string, PageCase[]> = {
  '/': [page('/', every(307), { redirect: '/board' })],
  '/login': [page('/login', { ...every(200), ...people(307) }, { redirect: '/board' })],
  '/api-docs': [page('/api-docs', every(200))],
  '/board': [page('/board', SIGNED_IN(200), { estateShows: true }), page('/board?location=N1', SIGNED_IN(200)), page('/board?location=S1', { ...SIGNED_IN(200), ...scopedPeople(404) })],
  '/alerts': [page('/alerts?status=all', SIGNED_IN(200), { estateShows: true }), page('/alerts?status=all&location=S1', { ...SIGNED_IN(200), ...scopedPeople(404) })],
  '/sku/[sku]': [page('/sku/A?location=N1', SIGNED_IN(200)), page('/sku/A?location=S1', { ...SIGNED_IN(200), ...scopedPeople(404) })],
  '/data': [page('/data', SIGNED_IN(200))],
  // Every signed-in person gets the page; only an admin sees its sections (others: that it is for administrators).
  '/governance': [page('/governance', SIGNED_IN(200))],
  // Every signed-in person gets the page; executives, operations managers and admins see the report (planners: that it is not for their role).
  '/reports/value': [page('/reports/value?from=2026-01-01&to=2026-01-28', SIGNED_IN(200))],
}

/**
 * A room's cell: 'unauthorized' (the socket is refused at the handshake), 'refused' (the join is
 * acknowledged with ok: false), or the pushes that reached the socket, of those the test sends:
 * `estate` to the room asked for itself, `north` / `south` to the same kind of room of N1 / S1.
 */
export type Delivery = 'unauthorized' | 'refused' | ('estate' | 'north' | 'south' | 'live')[]
export interface RoomCase {
  ask: { subscribe: string } | { watch: string }
  push: Partial<Record<'estate' | 'north' | 'south' | 'live', string>>
  expect: Record<Principal, Delivery>
}

const NO_KEYS = { none: 'unauthorized', 'key:ingest': 'unauthorized', 'key:read': 'unauthorized', 'key:actions': 'unauthorized', 'key:read:north': 'unauthorized' } as const
const toPeople = (d: Delivery) => ({ admin: d, executive: d, ops_manager: d, planner: d, 'planner:north': d, 'ops_manager:north': d })
const toScoped = (d: Delivery) => ({ 'planner:north': d, 'ops_manager:north': d })

/** Keyed by ROOMS' keys (server/realtime.ts). */
export const ROOM_ROWS: Record<string, RoomCase> = {
  // A scoped person's 'all' is its locations' rooms: north's pushes reach it, the estate's and south's do not.
  kpiAll: { ask: { subscribe: 'all' }, push: { estate: 'kpi:all', north: 'kpi:location:N1', south: 'kpi:location:S1' }, expect: { ...NO_KEYS, ...toPeople(['estate']), ...toScoped(['north']) } },
  kpiLocation: { ask: { subscribe: 'S1' }, push: { estate: 'kpi:location:S1' }, expect: { ...NO_KEYS, ...toPeople(['estate']), ...toScoped('refused') } },
  live: { ask: { subscribe: 'N1' }, push: { live: 'live' }, expect: { ...NO_KEYS, ...toPeople(['live']) } },
  alertsAll: { ask: { watch: 'alerts:all' }, push: { estate: 'alerts:all', north: 'alerts:location:N1', south: 'alerts:location:S1' }, expect: { ...NO_KEYS, ...toPeople(['estate']), ...toScoped(['north']) } },
  alertsLocation: { ask: { watch: 'alerts:location:S1' }, push: { estate: 'alerts:location:S1' }, expect: { ...NO_KEYS, ...toPeople(['estate']), ...toScoped('refused') } },
  ingest: { ask: { watch: 'ingest' }, push: { estate: 'ingest' }, expect: { ...NO_KEYS, ...toPeople(['estate']), ...toScoped('refused') } },
  jobs: { ask: { watch: 'jobs' }, push: { estate: 'jobs' }, expect: { ...NO_KEYS, ...toPeople(['estate']) } },
  imports: { ask: { watch: 'imports' }, push: { estate: 'imports' }, expect: { ...NO_KEYS, ...toPeople('refused'), admin: ['estate'] } },
}
