/**
 * The board's alert feed keeps the newest few active alerts of its scope: the API's answer and
 * pushed alerts merged by id (a newer version wins, lib/alerts/inbox-merge.ts `isNewer`), newest
 * `updated_at` first. Pure.
 */
import type { AlertBody } from './api-schemas'
import { isNewer, withJoins, type IncomingAlert } from './inbox-merge'
import { statusMatches } from './inbox-query'

export function newestActive(current: readonly AlertBody[], incoming: readonly IncomingAlert[], n: number): AlertBody[] {
  const byId = new Map(current.map((a) => [a.id, a]))
  for (const a of incoming) {
    const known = byId.get(a.id)
    if (!known || isNewer(a, known)) byId.set(a.id, withJoins(a, known))
  }
  return [...byId.values()]
    .filter((a) => statusMatches('active', a.status))
    .sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n)
}
