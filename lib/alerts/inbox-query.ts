/**
 * The inbox's filters as URL search params: read leniently (a bad value is dropped, the rest kept,
 * so a stale or hand-edited link still opens the inbox), written back without defaults (so the
 * board's link and the address bar stay short), and said in words for the empty state.
 */
import { alertsQuery, type AlertsQuery } from './api-schemas'
import { ACTIVE_STATUSES, type AlertStatus } from './types'

/** The fields a planner filters by; `limit` is the page's own business. */
export const FILTER_KEYS = ['status', 'type', 'severity', 'location', 'region', 'category'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type InboxFilters = Pick<AlertsQuery, FilterKey>

const DEFAULTS: AlertsQuery = alertsQuery.parse({})

/** The first value of a search param as Next.js or URLSearchParams give it. */
function first(v: string | string[] | null | undefined): string | undefined {
  if (Array.isArray(v)) return v[0]
  return v ?? undefined
}

/**
 * The alerts query of a page's search params: each field parsed on its own, an invalid one left
 * at its default (`?severity=urgent&location=S001` keeps the location). Unknown params are ignored.
 */
export function parseInboxQuery(params: Record<string, string | string[] | undefined> | URLSearchParams): AlertsQuery {
  const get = (k: string) => first(params instanceof URLSearchParams ? params.get(k) : params[k])
  const raw: Record<string, string> = {}
  for (const k of [...FILTER_KEYS, 'limit'] as const) {
    const v = get(k)
    if (v === undefined || v === '') continue
    if (alertsQuery.safeParse({ [k]: v }).success) raw[k] = v
  }
  return alertsQuery.parse(raw)
}

/** Only the filter fields of a query. */
export function filtersOf(q: AlertsQuery): InboxFilters {
  const f: InboxFilters = { status: q.status }
  for (const k of FILTER_KEYS) if (k !== 'status' && q[k] !== undefined) (f as Record<string, string>)[k] = q[k]
  return f
}

/** `status=...&location=...` without the defaults, in a fixed order; '' for the default view. */
export function inboxSearch(f: Partial<InboxFilters> & { limit?: number }): string {
  const p = new URLSearchParams()
  for (const k of FILTER_KEYS) {
    const v = f[k]
    if (v === undefined || v === '' || v === DEFAULTS[k]) continue
    p.set(k, v)
  }
  if (f.limit !== undefined && f.limit !== DEFAULTS.limit) p.set('limit', String(f.limit))
  return p.toString()
}

/** The inbox's address for these filters: `/alerts` or `/alerts?location=S001`. */
export const inboxHref = (f: Partial<InboxFilters>) => {
  const s = inboxSearch(f)
  return s ? `/alerts?${s}` : '/alerts'
}

/** "stockout_risk" -> "Stockout risk". */
export const humanize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1).replace(/_/g, ' ') : s)

/** Whether an alert's status is one the status filter lets through. */
export function statusMatches(filter: AlertsQuery['status'], status: AlertStatus): boolean {
  if (filter === 'all') return true
  if (filter === 'active') return (ACTIVE_STATUSES as readonly string[]).includes(status)
  return filter === status
}

/** The filters in words: "active alerts (open, acknowledged or snoozed) · severity critical · location S001". */
export function describeFilters(f: InboxFilters): string {
  const parts = [
    f.status === 'active' ? 'active alerts (open, acknowledged or snoozed)' : f.status === 'all' ? 'alerts of any status' : `${f.status} alerts`,
  ]
  if (f.type) parts.push(`type ${humanize(f.type).toLowerCase()}`)
  if (f.severity) parts.push(`severity ${f.severity}`)
  if (f.location) parts.push(`location ${f.location}`)
  if (f.region) parts.push(`region ${f.region}`)
  if (f.category) parts.push(`category ${f.category}`)
  return parts.join(' · ')
}

/** True when only the default filters apply. */
export const isDefaultView = (f: InboxFilters) => inboxSearch(f) === ''
