/**
 * The inbox's search params read leniently with the API's own schema: a bad value is dropped and
 * the rest kept, so a stale or hand-edited link still opens the inbox (`?severity=urgent&location=S001`
 * keeps the location). Unknown params are ignored.
 */
import { alertsQuery, type AlertsQuery } from './api-schemas'
import { FILTER_KEYS } from './inbox-query'

/** The first value of a search param as Next.js or URLSearchParams give it. */
function first(v: string | string[] | null | undefined): string | undefined {
  if (Array.isArray(v)) return v[0]
  return v ?? undefined
}

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
