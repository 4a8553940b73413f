/**
 * The inbox's filters as URL search params: written without defaults (so the board's link and the
 * address bar stay short) and said in words for the empty state. No zod here: the board's alert
 * feed links into the inbox with these, and the board's bundle carries no schema library. Reading
 * params (leniently, with the API's schema) is inbox-params.ts.
 */
import type { AlertsQuery } from './api-schemas'
import { ACTIVE_STATUSES, type AlertStatus } from './types'

/** The fields a planner filters by; `limit` is the page's own business. */
export const FILTER_KEYS = ['status', 'type', 'severity', 'location', 'region', 'category'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type InboxFilters = Pick<AlertsQuery, FilterKey>

/** The API's defaults (alertsQuery in api-schemas.ts; a test holds them equal). */
export const QUERY_DEFAULTS = { status: 'active', limit: 200 } as const satisfies Partial<AlertsQuery>
const DEFAULTS: Partial<Record<string, string | number>> = QUERY_DEFAULTS

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
