'use client'
/** The alerts API's reads, for the inbox and the board's feed (no schema library: the board's bundle stays light). */
import type { AlertBody, AlertsAnswer, RatesAnswer } from '@/lib/alerts/api-schemas'
import { inboxSearch, type InboxFilters } from '@/lib/alerts/inbox-query'

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' })
  if (res.status === 401) throw new Error('Signed out: sign in again')
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null
    throw new Error(body?.error ? `${what}: ${body.error}` : `${what} answered ${res.status}`)
  }
  return (await res.json()) as T
}

/** GET /api/v1/alerts for these filters. */
export const fetchAlerts = (f: InboxFilters & { limit?: number }) => {
  const q = inboxSearch(f)
  return getJson<AlertsAnswer>(`/api/v1/alerts${q ? `?${q}` : ''}`, 'The alerts API')
}

/** GET /api/v1/alerts/{id}: the card as it is now (with its history, which the inbox does not show). */
export const fetchAlert = (id: string) => getJson<AlertBody>(`/api/v1/alerts/${encodeURIComponent(id)}`, 'The alert')

/** GET /api/v1/alerts/rates: acceptance and override rates of the last `days` days. */
export const fetchRates = (o: { by: 'agent' | 'category' | 'planner'; days: number; location?: string }) =>
  getJson<RatesAnswer>(`/api/v1/alerts/rates?${new URLSearchParams({ by: o.by, days: String(o.days), ...(o.location ? { location: o.location } : {}) })}`, 'The decision rates')
