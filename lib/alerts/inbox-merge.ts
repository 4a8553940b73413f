/**
 * How pushed alerts join the inbox without moving the card a planner is working.
 *
 * The inbox is a list of cards ranked by value at risk (the API's order) and a queue of pending
 * new cards. The pinned card (the selected one, or the one whose dialog is open) keeps its index:
 *
 * - a newer version of a card on screen replaces it in place, even when its value moved (no
 *   re-ranking under the cursor); an older version (lower revision, or same revision and older
 *   `updated_at`) is ignored;
 * - a card that stops matching the filters (decided, cleared, expired) stays where it is, showing
 *   its new status, while it is pinned or above the pinned card; below it (or with nothing
 *   pinned) it leaves at once. `prune` drops the ones left when the selection moves;
 * - a new card whose rank puts it below the pinned card is inserted in its place; one that would
 *   land at or above it waits in `pending` (the "N new alerts" bar); with nothing pinned it goes
 *   straight in;
 * - `settle` (the bar's click) ranks everything again: pending cards join, cards that no longer
 *   match leave.
 *
 * Pure: no I/O, no clock. Cards are ranked as the API ranks them (rank.ts), ties by id.
 */
import type { AlertBody } from './api-schemas'
import { statusMatches, type InboxFilters } from './inbox-query'
import { compareAlerts } from './rank'

export interface InboxList {
  /** On screen, in display order. */
  cards: AlertBody[]
  /** New cards held back because they would land above the pinned card, ranked. */
  pending: AlertBody[]
}

export interface MergeOptions {
  /** The card being worked: it never changes index in a merge. */
  pinnedId?: string | null
  filters: InboxFilters
}

/** A pushed alert may be the stored record without the read-time joins: they are then null (or kept from the card). */
export type IncomingAlert = Omit<AlertBody, 'product_name' | 'category' | 'region'> & Partial<Pick<AlertBody, 'product_name' | 'category' | 'region'>>

/** The API's order (rank.ts: value at risk, then severity, then oldest first), then id, so the order is total. */
export function rank(a: AlertBody, b: AlertBody): number {
  return compareAlerts(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Whether an alert belongs in a view with these filters (an unknown region or category matches no filter on it). */
export function matchesFilters(a: AlertBody, f: InboxFilters): boolean {
  return (
    statusMatches(f.status, a.status) &&
    (!f.type || a.type === f.type) &&
    (!f.severity || a.severity === f.severity) &&
    (!f.location || a.scope.location === f.location) &&
    (!f.region || a.region === f.region) &&
    (!f.category || a.category === f.category)
  )
}

/** Whether `next` is a newer version of `current` (or the same one again). */
export function isNewer(next: Pick<AlertBody, 'revision' | 'updated_at'>, current: Pick<AlertBody, 'revision' | 'updated_at'>): boolean {
  if (next.revision !== current.revision) return next.revision > current.revision
  return Date.parse(next.updated_at) >= Date.parse(current.updated_at)
}

/** The incoming alert with the joined fields filled in: from itself, else from the card it updates, else null. */
export function withJoins(incoming: IncomingAlert, known?: AlertBody): AlertBody {
  return {
    ...incoming,
    product_name: incoming.product_name !== undefined ? incoming.product_name : (known?.product_name ?? null),
    category: incoming.category !== undefined ? incoming.category : (known?.category ?? null),
    region: incoming.region !== undefined ? incoming.region : (known?.region ?? null),
  }
}

/** The index where `a` ranks among `cards` (before the first card it outranks), scanning in display order. */
function rankedIndex(cards: AlertBody[], a: AlertBody): number {
  const i = cards.findIndex((c) => rank(a, c) < 0)
  return i < 0 ? cards.length : i
}

/** Merge one pushed (or refetched) alert into the inbox. Returns a new list; the input is not changed. */
export function merge(list: InboxList, incoming: IncomingAlert, opts: MergeOptions): InboxList {
  const { filters } = opts
  const pinnedIndex = opts.pinnedId ? list.cards.findIndex((c) => c.id === opts.pinnedId) : -1
  const at = list.cards.findIndex((c) => c.id === incoming.id)

  if (at >= 0) {
    const known = list.cards[at]
    if (!isNewer(incoming, known)) return list
    const next = withJoins(incoming, known)
    const cards = [...list.cards]
    const stays = matchesFilters(next, filters) || (pinnedIndex >= 0 && at <= pinnedIndex)
    if (stays) cards[at] = next
    else cards.splice(at, 1)
    return { cards, pending: list.pending }
  }

  const waiting = list.pending.findIndex((c) => c.id === incoming.id)
  if (waiting >= 0) {
    const known = list.pending[waiting]
    if (!isNewer(incoming, known)) return list
    const next = withJoins(incoming, known)
    const pending = list.pending.filter((c) => c.id !== incoming.id)
    if (matchesFilters(next, filters)) pending.splice(rankedIndex(pending, next), 0, next)
    return { cards: list.cards, pending }
  }

  const next = withJoins(incoming)
  if (!matchesFilters(next, filters)) return list
  const i = rankedIndex(list.cards, next)
  if (pinnedIndex >= 0 && i <= pinnedIndex) {
    const pending = [...list.pending]
    pending.splice(rankedIndex(pending, next), 0, next)
    return { cards: list.cards, pending }
  }
  const cards = [...list.cards]
  cards.splice(i, 0, next)
  return { cards, pending: list.pending }
}

/** Merge several alerts in turn (a resync's answer), with the same pin. */
export function mergeAll(list: InboxList, incoming: readonly IncomingAlert[], opts: MergeOptions): InboxList {
  return incoming.reduce((l, a) => merge(l, a, opts), list)
}

/**
 * Drop cards that no longer match the filters, except the pinned one: what the inbox does when the
 * selection moves (the card just left may be the decided one) and after a resync.
 */
export function prune(list: InboxList, opts: MergeOptions): InboxList {
  const cards = list.cards.filter((c) => c.id === opts.pinnedId || matchesFilters(c, opts.filters))
  return cards.length === list.cards.length ? list : { cards, pending: list.pending }
}

/** Rank everything again: pending cards join, cards that no longer match leave (the "N new alerts" bar). */
export function settle(list: InboxList, filters: InboxFilters): InboxList {
  const cards = [...list.cards, ...list.pending].filter((c) => matchesFilters(c, filters)).sort(rank)
  return { cards, pending: [] }
}

/**
 * Cards on screen with more value at risk than the card above them (a value changed since they
 * were placed). Ties do not count: the API may break them its own way.
 */
export function outOfOrder(list: InboxList): number {
  let n = 0
  for (let i = 1; i < list.cards.length; i++) if (list.cards[i - 1].value_at_risk < list.cards[i].value_at_risk) n++
  return n
}

/** The inbox of a first answer: the API's cards in its order. */
export const fromAnswer = (alerts: AlertBody[]): InboxList => ({ cards: alerts, pending: [] })

/**
 * After a reconnect, the API's answer for the same filters. With nothing pinned on screen it
 * replaces the inbox (the answer is the truth, in its order). With a pinned card, each alert is
 * merged as if pushed, so the pinned card keeps its index; cards the answer no longer lists stay
 * until they change or the list is settled (the answer holds only the top `limit`).
 */
export function resync(list: InboxList, alerts: AlertBody[], opts: MergeOptions): InboxList {
  const pinned = opts.pinnedId ? list.cards.some((c) => c.id === opts.pinnedId) : false
  if (!pinned) return fromAnswer(alerts)
  return mergeAll(list, alerts, opts)
}

/**
 * The card to select after a move by `step` (+1 j, -1 k) from `selectedId`: the first card when
 * nothing is selected (or the selection left), clamped at both ends; undefined for an empty list.
 */
export function moveSelection(cards: readonly Pick<AlertBody, 'id'>[], selectedId: string | null | undefined, step: number): string | undefined {
  if (cards.length === 0) return undefined
  const i = selectedId ? cards.findIndex((c) => c.id === selectedId) : -1
  if (i < 0) return cards[0].id
  return cards[Math.min(cards.length - 1, Math.max(0, i + step))].id
}
