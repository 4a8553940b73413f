/**
 * The access matrix (issue 15, Access): every principal (no auth, an API key of each scope, each
 * role unscoped, a planner and an operations manager of region north) against every API route x
 * method, every page and every Socket.IO room, each cell's expected status or delivery in
 * tests/access-matrix.table.ts. The lists are generated: routes and their methods from
 * app/**\/route.ts, pages from app/**\/page.tsx, rooms from ROOMS in server/realtime.ts; a route,
 * page or room without a row fails, naming the row to add, and so does a row naming none.
 *
 * One runtime (real Redis, embedded ClickHouse), one HTTP server serving every route, one
 * Socket.IO server; the fixture is landed once through the ingest path and planned by the
 * recompute. Pages are rendered by calling their components with the principal's session
 * cookie (next/headers' cookies() answers from the request being served: the only stand-in, for
 * the request context Next.js would give); what they would send to the browser (the props) is
 * searched for the other region's locations.
 */
import { listAudit } from '@/lib/clickhouse/queries/audit'
import { AsyncLocalStorage } from 'node:async_hooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import { setRuntime } from '@/server/runtime'
import { ROOMS } from '@/server/realtime'
import { runRecompute } from '@/jobs/recompute/run'
import { appendAlerts } from '@/lib/clickhouse/queries/alerts'
import { nextVersion } from '@/lib/alerts/store'
import type { AlertRecord } from '@/lib/alerts/types'
import { SESSION_COOKIE, readCookie } from '@/lib/auth/session'
import { forgetRegionMap } from '@/server/access'
import { hashSecret } from '@/lib/auth/api-keys'
import { handleIngest } from '@/server/api/ingest'
import { createTestRuntime, drainIngest, ingestRequest, INGEST_SECRET, READ_SECRET, waitFor, type TestRuntime } from './helpers/runtime'
import { sessionCookie, startRealtime } from './helpers/socket'
import { appPages, appRoutes, matchTemplate, serveApp, type AppPage, type AppRoute, type AppServer } from './helpers/app-routes'
import {
  ALERT_NORTH, ALERT_SOUTH, NORTH, PAGE_ROWS, PRINCIPALS, ROOM_ROWS, ROUTE_ROWS, SCOPED, SOUTH,
  type Delivery, type Principal,
} from './access-matrix.table'

const cookieContext = new AsyncLocalStorage<string | undefined>()
vi.mock('next/headers', () => ({
  cookies: async () => {
    const header = cookieContext.getStore()
    const jar = new Map<string, string>()
    const sealed = readCookie(header, SESSION_COOKIE)
    if (sealed) jar.set(SESSION_COOKIE, sealed)
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      has: (name: string) => jar.has(name),
      set: (name: string, value: string) => void jar.set(name, value),
      delete: (name: string) => void jar.delete(name),
    }
  },
  headers: async () => new Headers(cookieContext.getStore() ? { cookie: cookieContext.getStore()! } : {}),
}))

const ACTIONS_SECRET = 'matrix-actions-secret'
const USER_IDS: Partial<Record<Principal, string>> = {
  admin: 'u-admin', executive: 'u-exec', ops_manager: 'u-ops', planner: 'u-planner', 'planner:north': 'u-planner-north', 'ops_manager:north': 'u-ops-north',
}
const NORTH_READ_SECRET = 'matrix-north-read-secret'
const KEY_SECRETS: Partial<Record<Principal, string>> = { 'key:ingest': INGEST_SECRET, 'key:read': READ_SECRET, 'key:actions': ACTIONS_SECRET, 'key:read:north': NORTH_READ_SECRET }

let t: TestRuntime
let server: AppServer
let routes: AppRoute[]
let pages: AppPage[]
let realtime: Awaited<ReturnType<typeof startRealtime>>
const cookies: Partial<Record<Principal, string>> = {}

/** The headers that make a request come from `p`. */
const authHeaders = (p: Principal): Record<string, string> =>
  KEY_SECRETS[p] ? { authorization: `Bearer ${KEY_SECRETS[p]}` } : cookies[p] ? { cookie: cookies[p]! } : {}

const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()

function alert(id: string, location: string): AlertRecord & { version: number } {
  const now = new Date().toISOString()
  return {
    id, key: `stockout_risk|A|${location}|store|`, type: 'stockout_risk', scope: { sku: 'A', location, channel: 'store', supplier: '' },
    status: 'open', severity: 'high', value_at_risk: 100, signal: 0.9, why: 'matrix fixture', confidence: 0.8, agent: 'stockout-risk', model_version: 'matrix',
    recommendation: { action: 'reorder', quantity: 20, cost: 20, value: 100, summary: 'Order 20 units' }, chart: null,
    opened_at: now, updated_at: now, snoozed_until: null, revision: 1, cleared_reason: null, decided_quantity: null, version: nextVersion(null),
  }
}

beforeAll(async () => {
  t = await createTestRuntime({ env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read,erp:${ACTIONS_SECRET}:actions` } })
  setRuntime(t.rt)
  // A key restricted to locations (API_KEYS has no syntax for it; admin-managed keys will carry them).
  t.rt.apiKeys.push({ name: 'north-reader', scopes: ['read'], hash: hashSecret(NORTH_READ_SECRET), locations: [...NORTH] })
  const events: Record<string, unknown>[] = [{ type: 'supplier', event_id: 'sup-A', ts: iso(today - 100 * DAY), supplier: 'SUP-A', name: 'Acme' }]
  const regionOf: Record<string, string> = { N1: 'north', N2: 'north', S1: 'south' }
  const names: Record<string, string> = { N1: 'North One', N2: 'North Two', S1: 'South One' }
  for (const loc of [...NORTH, ...SOUTH]) events.push({ type: 'location', event_id: `loc-${loc}`, ts: iso(today - 100 * DAY), location: loc, name: names[loc], kind: 'store', region: regionOf[loc] })
  events.push({ type: 'product', event_id: 'prod-A', ts: iso(today - 100 * DAY), sku: 'A', name: 'Apples', category: 'Fresh', price: 2, unit_cost: 1, case_pack: 10, moq: 20, supplier: 'SUP-A' })
  for (const loc of [...NORTH, ...SOUTH]) {
    for (let d = 60; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${loc}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: 'A', location: loc, channel: 'store', qty: 10, unit_price: 2 })
    // Little on hand everywhere: every location is at risk, so the risk list names each.
    events.push({ type: 'inventory_snapshot', event_id: `snap-${loc}`, ts: iso(today - DAY + 13 * 3600_000), sku: 'A', location: loc, on_hand: 3 })
    events.push({ type: 'sale', event_id: `today-${loc}`, ts: iso(Date.now() - 60_000), sku: 'A', location: loc, channel: 'store', qty: 1, unit_price: 2 })
  }
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
  await appendAlerts(t.rt.clickhouse, [alert(ALERT_NORTH, 'N1'), alert(ALERT_SOUTH, 'S1')], [])
  forgetRegionMap(t.rt)

  for (const [p, id] of Object.entries(USER_IDS)) cookies[p as Principal] = await sessionCookie(t.rt, id)
  routes = await appRoutes()
  pages = appPages()
  server = await serveApp(routes, { around: (req, run) => cookieContext.run(req.headers.get('cookie') ?? undefined, run) })
  realtime = await startRealtime(t.rt)
}, 180_000)

afterAll(async () => {
  await server?.close()
  await realtime?.close()
  setRuntime(undefined)
  await t?.cleanup()
})

/** The template a concrete path is a case of (for the sanity check that a row's requests hit its route). */
const templateFor = (list: { template: string }[], pathname: string) =>
  [...list].sort((a, b) => (a.template.includes('[') ? 1 : 0) - (b.template.includes('[') ? 1 : 0)).find((r) => matchTemplate(r.template, pathname))?.template

describe('access matrix: coverage', () => {
  it('has a row for every route x method, page and room, and none for what does not exist', () => {
    const problems: string[] = []
    const routeKeys = new Set(routes.map((r) => r.key))
    for (const r of routes) if (!ROUTE_ROWS[r.key]?.length) problems.push(`no row for route "${r.key}" (${r.file}) in tests/access-matrix.table.ts ROUTE_ROWS: add '${r.key}': [req('<concrete path>', READ)],`)
    for (const key of Object.keys(ROUTE_ROWS)) if (!routeKeys.has(key)) problems.push(`ROUTE_ROWS has a row "${key}" but no app/**/route.ts exports it: remove the row`)
    const pageKeys = new Set(pages.map((p) => p.template))
    for (const p of pages) if (!PAGE_ROWS[p.template]?.length) problems.push(`no row for page "${p.template}" in tests/access-matrix.table.ts PAGE_ROWS: add '${p.template}': [page('<concrete path>', SIGNED_IN(200))],`)
    for (const key of Object.keys(PAGE_ROWS)) if (!pageKeys.has(key)) problems.push(`PAGE_ROWS has a row "${key}" but there is no such app/**/page.tsx: remove the row`)
    for (const room of Object.keys(ROOMS)) if (!ROOM_ROWS[room]) problems.push(`no row for room "${room}" (${ROOMS[room as keyof typeof ROOMS]}) in tests/access-matrix.table.ts ROOM_ROWS`)
    for (const key of Object.keys(ROOM_ROWS)) if (!(key in ROOMS)) problems.push(`ROOM_ROWS has a row "${key}" but server/realtime.ts ROOMS has no such room: remove the row`)
    // Each case requests the route of its row (a typo would test another route).
    for (const [key, cases] of Object.entries(ROUTE_ROWS)) {
      for (const c of cases) {
        const template = templateFor(routes.filter((r) => r.method === key.split(' ')[0]), new URL(c.path, 'http://x').pathname)
        if (template !== key.split(' ')[1]) problems.push(`ROUTE_ROWS "${key}": case ${c.path} is served by ${template ?? 'no route'}`)
      }
    }
    for (const [key, cases] of Object.entries(PAGE_ROWS)) {
      for (const c of cases) {
        const template = templateFor(pages, new URL(c.path, 'http://x').pathname)
        if (template !== key) problems.push(`PAGE_ROWS "${key}": case ${c.path} is page ${template ?? 'none'}`)
      }
    }
    expect(problems).toEqual([])
    const cells = Object.values(ROUTE_ROWS).flat().length * PRINCIPALS.length + Object.values(PAGE_ROWS).flat().length * PRINCIPALS.length + Object.keys(ROOM_ROWS).length * PRINCIPALS.length
    console.log(`access matrix: ${routes.length} route x method, ${pages.length} pages, ${Object.keys(ROOMS).length} rooms covered (all that exist); ${PRINCIPALS.length} principals; ${cells} cells`)
  })
})

describe('access matrix: API routes', () => {
  it('answers each principal as the table says, and a scoped one only with its own locations', { timeout: 120_000 }, async () => {
    const wrong: string[] = []
    for (const [key, cases] of Object.entries(ROUTE_ROWS)) {
      const method = key.split(' ')[0]
      for (const c of cases) {
        const call = async (p: Principal) => {
          const body = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body)
          const res = await fetch(`${server.url}${c.path}`, { method, headers: { ...authHeaders(p), ...c.headers }, body, redirect: 'manual' })
          return { p, res, text: await res.text() }
        }
        // Reads for every principal at once; writes one after another (a decision takes the alert's lock).
        const answers = method === 'GET' ? await Promise.all(PRINCIPALS.map(call)) : await PRINCIPALS.reduce(async (acc, p) => [...(await acc), await call(p)], Promise.resolve([] as Awaited<ReturnType<typeof call>>[]))
        for (const { p, res, text } of answers) {
          if (res.status !== c.expect[p]) {
            wrong.push(`${method} ${c.path} as ${p}: ${res.status}, expected ${c.expect[p]} (${text.slice(0, 160)})`)
            continue
          }
          if (c.locations && res.status === 200) {
            const named = c.locations(JSON.parse(text))
            if (SCOPED.includes(p)) {
              const outside = named.filter((l) => !(NORTH as readonly string[]).includes(l))
              if (outside.length) wrong.push(`${method} ${c.path} as ${p}: names ${outside.join(', ')}, outside region north`)
              if (!named.length) wrong.push(`${method} ${c.path} as ${p}: names no location of its own (the fixture has some)`)
            } else if (!named.some((l) => (SOUTH as readonly string[]).includes(l))) {
              wrong.push(`${method} ${c.path} as ${p}: names no south location (unscoped callers see the estate)`)
            }
          }
        }
      }
    }
    expect(wrong).toEqual([])
    // Nothing was decided: every decision probe was stale (409) or refused.
    const rs = await t.rt.clickhouse.interactive.query({ query: 'SELECT count() AS n FROM alert_transitions WHERE alert_id IN {ids:Array(String)}', query_params: { ids: [ALERT_NORTH, ALERT_SOUTH] }, format: 'JSONEachRow' })
    expect(Number((await rs.json<{ n: string }>())[0].n)).toBe(0)
    // Refusals by scope are refused authorisations too: in the audit trail, naming who and why.
    const refused = await listAudit(t.rt.clickhouse.interactive, { kind: 'auth.refused', actor: USER_IDS['planner:north'], subject_id: 'GET /api/v1/kpis' }, 50)
    expect(refused.map((e) => e.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/S1/)]))
  })
})

describe('a scoped caller\'s "all"', () => {
  it('is the aggregate of its own locations, not the estate', async () => {
    const kpis = async (p: Principal, q = '') => (await (await fetch(`${server.url}/api/v1/kpis${q}`, { headers: authHeaders(p) })).json()) as { kpis: Record<string, number | null> }
    const [mine, estate, n1, n2, s1] = await Promise.all([kpis('planner:north'), kpis('planner'), kpis('planner', '?location=N1'), kpis('planner', '?location=N2'), kpis('planner', '?location=S1')])
    expect(s1.kpis.units_sold_today).toBeGreaterThan(0)
    expect(mine.kpis.units_sold_today).toBe(n1.kpis.units_sold_today! + n2.kpis.units_sold_today!)
    expect(estate.kpis.units_sold_today).toBe(mine.kpis.units_sold_today! + s1.kpis.units_sold_today!)
    expect(mine.kpis.stockout_risk_count).toBe(n1.kpis.stockout_risk_count! + n2.kpis.stockout_risk_count!)
  })
})

/** Every string a rendered element tree hands on (props, children), element types left out, with where it is. */
function strings(node: unknown, at = '', out: { at: string; value: string }[] = [], seen = new Set<unknown>()): { at: string; value: string }[] {
  if (typeof node === 'string') out.push({ at, value: node })
  if (!node || typeof node !== 'object' || seen.has(node)) return out
  seen.add(node)
  if (Array.isArray(node)) node.forEach((x, i) => strings(x, `${at}[${i}]`, out, seen))
  else for (const [k, v] of Object.entries(node)) if (k !== 'type' && k !== '_owner' && k !== '_store') strings(v, `${at}.${k}`, out, seen)
  return out
}

const SOUTH_MARKS = [...SOUTH, 'South One']

/** A page rendered as Next.js would for a request: 200 with its tree, 307 with where to, or 404. */
async function renderPage(path: string, p: Principal): Promise<{ status: number; location?: string; tree?: unknown }> {
  const url = new URL(path, 'http://x')
  const pageFor = [...pages].sort((a, b) => (a.template.includes('[') ? 1 : 0) - (b.template.includes('[') ? 1 : 0)).find((pg) => matchTemplate(pg.template, url.pathname))!
  const params = matchTemplate(pageFor.template, url.pathname)!
  const mod = (await import(pageFor.file)) as { default: (props: unknown) => unknown }
  try {
    const tree = await cookieContext.run(authHeaders(p).cookie, async () =>
      mod.default({ params: Promise.resolve(params), searchParams: Promise.resolve(Object.fromEntries(url.searchParams)) }),
    )
    return { status: 200, tree }
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? '')
    if (digest.startsWith('NEXT_REDIRECT')) return { status: 307, location: digest.split(';')[2] }
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404' || digest === 'NEXT_NOT_FOUND') return { status: 404 }
    throw err
  }
}

describe('access matrix: pages', () => {
  it('renders, redirects or hides each page as the table says, with no other region in what a scoped person gets', { timeout: 120_000 }, async () => {
    const wrong: string[] = []
    for (const cases of Object.values(PAGE_ROWS)) {
      for (const c of cases) {
        for (const p of PRINCIPALS) {
          const r = await renderPage(c.path, p)
          if (r.status !== c.expect[p]) {
            wrong.push(`page ${c.path} as ${p}: ${r.status}${r.location ? ` to ${r.location}` : ''}, expected ${c.expect[p]}`)
            continue
          }
          if (r.status === 307 && !r.location?.startsWith(c.redirect ?? '/login')) wrong.push(`page ${c.path} as ${p}: redirected to ${r.location}, expected ${c.redirect ?? '/login'}`)
          if (r.status !== 200) continue
          const found = strings(r.tree).filter((s) => SOUTH_MARKS.includes(s.value))
          if (SCOPED.includes(p) && found.length) wrong.push(`page ${c.path} as ${p}: hands on ${found.slice(0, 3).map((f) => `${f.value} at ${f.at}`).join(', ')}, outside region north`)
          if (!SCOPED.includes(p) && c.estateShows && !found.length && p in USER_IDS) wrong.push(`page ${c.path} as ${p}: names no south location (unscoped people see the estate)`)
        }
      }
    }
    expect(wrong).toEqual([])
  })
})

async function socketFor(p: Principal): Promise<Socket | 'unauthorized'> {
  const socket = connect(realtime.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: authHeaders(p) })
  const ok = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true))
    socket.once('connect_error', () => resolve(false))
  })
  if (!ok) {
    socket.close()
    return 'unauthorized'
  }
  return socket
}

describe('access matrix: Socket.IO rooms', () => {
  it('joins and delivers as the table says: a scoped person receives only its own locations', { timeout: 60_000 }, async () => {
    const cells: { room: string; p: Principal; socket: Socket | 'unauthorized'; joined?: boolean; got: Set<string> }[] = []
    for (const [room, row] of Object.entries(ROOM_ROWS)) {
      for (const p of PRINCIPALS) {
        const socket = await socketFor(p)
        const cell = { room, p, socket, got: new Set<string>() }
        cells.push(cell)
        if (socket === 'unauthorized') continue
        socket.onAny((_event, payload: { row?: string; push?: string }) => {
          if (payload?.row === room && payload.push) cell.got.add(payload.push)
        })
        const ack = 'subscribe' in row.ask ? await socket.timeout(5_000).emitWithAck('subscribe', { location: row.ask.subscribe }) : await socket.timeout(5_000).emitWithAck('watch', { room: row.ask.watch })
        Object.assign(cell, { joined: ack.ok === true })
      }
    }
    for (const [room, row] of Object.entries(ROOM_ROWS)) for (const [push, name] of Object.entries(row.push)) realtime.realtime.emitter.emit(name, 'matrix', { row: room, push })
    await new Promise((r) => setTimeout(r, 700))
    const wrong: string[] = []
    for (const c of cells) {
      const expected: Delivery = ROOM_ROWS[c.room].expect[c.p]
      const actual: Delivery = c.socket === 'unauthorized' ? 'unauthorized' : !c.joined ? 'refused' : ([...c.got].sort() as Exclude<Delivery, string>)
      if (JSON.stringify(actual) !== JSON.stringify(typeof expected === 'string' ? expected : [...expected].sort())) {
        wrong.push(`room ${c.room} as ${c.p}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
      }
      if (c.socket !== 'unauthorized') c.socket.close()
    }
    expect(wrong).toEqual([])
    // A refused join is a refused authorisation: in the audit trail (written after the answer).
    await waitFor(async () => (await listAudit(t.rt.clickhouse.interactive, { kind: 'auth.refused', actor: USER_IDS['planner:north'], subject_type: 'room' }, 10)).length > 0, 10_000)
  })
})
