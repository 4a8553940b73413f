import { describe, expect, it } from 'vitest'
import { card } from './cards.fixture'
import { fromAnswer, isNewer, matchesFilters, merge, moveSelection, outOfOrder, prune, rank, resync, settle, withJoins, type InboxList } from './inbox-merge'
import type { InboxFilters } from './inbox-query'

const active: InboxFilters = { status: 'active' }
const ids = (l: InboxList) => l.cards.map((c) => c.id)
const pendingIds = (l: InboxList) => l.pending.map((c) => c.id)

// Three cards on screen, ranked: A 900, B 500, C 100.
const start = () => fromAnswer([card('A', 900), card('B', 500), card('C', 100)])

describe('rank', () => {
  it("ranks as the API does (value at risk, severity, oldest first), then by id", () => {
    const sorted = [card('b', 10), card('a', 10), card('c', 50)].sort(rank)
    expect(sorted.map((c) => c.id)).toEqual(['c', 'a', 'b'])
    expect([card('a', 10, { severity: 'low' }), card('b', 10, { severity: 'critical' })].sort(rank).map((c) => c.id)).toEqual(['b', 'a'])
    expect([card('a', 10, { opened_at: '2026-12-06T11:00:00.000Z' }), card('b', 10, { opened_at: '2026-12-06T09:00:00.000Z' })].sort(rank).map((c) => c.id)).toEqual(['b', 'a'])
  })
  it('outOfOrder counts value inversions only, not ties', () => {
    expect(outOfOrder(fromAnswer([card('b', 10), card('a', 10)]))).toBe(0)
    expect(outOfOrder(fromAnswer([card('a', 10), card('b', 20), card('c', 5), card('d', 30)]))).toBe(2)
  })
})

describe('matchesFilters', () => {
  it('lets open, acknowledged and snoozed through the active view, not approved or cleared', () => {
    expect(matchesFilters(card('a', 1, { status: 'snoozed' }), active)).toBe(true)
    expect(matchesFilters(card('a', 1, { status: 'approved' }), active)).toBe(false)
    expect(matchesFilters(card('a', 1, { status: 'cleared' }), active)).toBe(false)
    expect(matchesFilters(card('a', 1, { status: 'cleared' }), { status: 'all' })).toBe(true)
    expect(matchesFilters(card('a', 1, { status: 'rejected' }), { status: 'rejected' })).toBe(true)
  })
  it('checks every filter: type, severity, location, region, category', () => {
    const a = card('a', 1)
    expect(matchesFilters(a, { status: 'active', location: 'S001', region: 'North', category: 'Dairy', type: 'low_stock', severity: 'high' })).toBe(true)
    expect(matchesFilters(a, { status: 'active', location: 'S002' })).toBe(false)
    expect(matchesFilters(a, { status: 'active', region: 'South' })).toBe(false)
    expect(matchesFilters(a, { status: 'active', category: 'Bakery' })).toBe(false)
    expect(matchesFilters(a, { status: 'active', type: 'stockout_risk' })).toBe(false)
    expect(matchesFilters(a, { status: 'active', severity: 'critical' })).toBe(false)
    // A pushed record without its region joined matches no region filter.
    expect(matchesFilters(card('a', 1, { region: null }), { status: 'active', region: 'North' })).toBe(false)
  })
})

describe('isNewer', () => {
  it('compares revisions first, then updated_at; the same version again counts as newer (idempotent)', () => {
    const t0 = '2026-12-06T10:00:00.000Z'
    const t1 = '2026-12-06T10:05:00.000Z'
    expect(isNewer({ revision: 2, updated_at: t0 }, { revision: 1, updated_at: t1 })).toBe(true)
    expect(isNewer({ revision: 1, updated_at: t1 }, { revision: 2, updated_at: t0 })).toBe(false)
    expect(isNewer({ revision: 2, updated_at: t1 }, { revision: 2, updated_at: t0 })).toBe(true)
    expect(isNewer({ revision: 2, updated_at: t0 }, { revision: 2, updated_at: t1 })).toBe(false)
    expect(isNewer({ revision: 2, updated_at: t0 }, { revision: 2, updated_at: t0 })).toBe(true)
  })
})

describe('merge: a card already on screen', () => {
  it('is replaced in place even when its value now ranks it elsewhere', () => {
    const l = merge(start(), card('C', 5000, { revision: 2 }), { filters: active })
    expect(ids(l)).toEqual(['A', 'B', 'C'])
    expect(l.cards[2].value_at_risk).toBe(5000)
    expect(outOfOrder(l)).toBe(1)
  })
  it('ignores an older version', () => {
    const l0 = merge(start(), card('B', 700, { revision: 3 }), { filters: active })
    const l1 = merge(l0, card('B', 1, { revision: 2 }), { filters: active })
    expect(l1).toBe(l0)
    expect(l1.cards[1].value_at_risk).toBe(700)
  })
  it('keeps the product name, category and region when the push lacks them', () => {
    const { product_name: _p, category: _c, region: _r, ...record } = card('B', 500, { revision: 2, why: 'changed' })
    const l = merge(start(), record, { filters: active })
    expect(l.cards[1]).toMatchObject({ why: 'changed', product_name: 'Product B', category: 'Dairy', region: 'North' })
    expect(withJoins(record)).toMatchObject({ product_name: null, category: null, region: null })
  })
  it('that was decided stays while pinned, showing its new status', () => {
    const l = merge(start(), card('B', 500, { revision: 2, status: 'approved' }), { pinnedId: 'B', filters: active })
    expect(ids(l)).toEqual(['A', 'B', 'C'])
    expect(l.cards[1].status).toBe('approved')
  })
  it('that cleared above the pinned card stays (the pinned card keeps its index); below it leaves', () => {
    const above = merge(start(), card('A', 900, { revision: 2, status: 'cleared', cleared_reason: 'restocked' }), { pinnedId: 'B', filters: active })
    expect(ids(above)).toEqual(['A', 'B', 'C'])
    expect(above.cards[0].cleared_reason).toBe('restocked')
    const below = merge(start(), card('C', 100, { revision: 2, status: 'cleared' }), { pinnedId: 'B', filters: active })
    expect(ids(below)).toEqual(['A', 'B'])
  })
  it('that stops matching leaves at once when nothing is pinned', () => {
    const l = merge(start(), card('A', 900, { revision: 2, status: 'rejected' }), { filters: active })
    expect(ids(l)).toEqual(['B', 'C'])
  })
})

describe('merge: a new card', () => {
  it('goes to its ranked place when nothing is pinned', () => {
    expect(ids(merge(start(), card('N', 600), { filters: active }))).toEqual(['A', 'N', 'B', 'C'])
    expect(ids(merge(start(), card('N', 50), { filters: active }))).toEqual(['A', 'B', 'C', 'N'])
    expect(ids(merge(start(), card('N', 1000), { filters: active }))).toEqual(['N', 'A', 'B', 'C'])
  })
  it('ranking below the pinned card is inserted there; the pinned index does not change', () => {
    const l = merge(start(), card('N', 300), { pinnedId: 'B', filters: active })
    expect(ids(l)).toEqual(['A', 'B', 'N', 'C'])
    expect(l.cards.findIndex((c) => c.id === 'B')).toBe(1)
    expect(l.pending).toEqual([])
  })
  it('ranking above (or level with) the pinned card waits in pending, ranked', () => {
    let l = merge(start(), card('N', 600), { pinnedId: 'B', filters: active })
    l = merge(l, card('M', 2000), { pinnedId: 'B', filters: active })
    l = merge(l, card('P', 500), { pinnedId: 'B', filters: active }) // ties B on value; 'P' > 'B' by id, so it ranks below B
    expect(ids(l)).toEqual(['A', 'B', 'P', 'C'])
    expect(pendingIds(l)).toEqual(['M', 'N'])
    l = merge(l, card('Q', 500), { pinnedId: 'C', filters: active }) // now pinned at C: Q ranks above C
    expect(pendingIds(l)).toEqual(['M', 'N', 'Q'])
  })
  it('that does not match the filters is ignored', () => {
    const l0 = start()
    expect(merge(l0, card('N', 600, { scope: { sku: 'x', location: 'S009', channel: '', supplier: '' } }), { filters: { status: 'active', location: 'S001' } })).toBe(l0)
    expect(merge(l0, card('N', 600, { status: 'cleared' }), { filters: active })).toBe(l0)
  })
  it('already pending is updated there, or leaves pending when it stops matching', () => {
    let l = merge(start(), card('N', 600), { pinnedId: 'C', filters: active })
    l = merge(l, card('M', 800), { pinnedId: 'C', filters: active })
    expect(pendingIds(l)).toEqual(['M', 'N'])
    l = merge(l, card('N', 850, { revision: 2 }), { pinnedId: 'C', filters: active })
    expect(pendingIds(l)).toEqual(['N', 'M'])
    l = merge(l, card('N', 850, { revision: 3, status: 'cleared' }), { pinnedId: 'C', filters: active })
    expect(pendingIds(l)).toEqual(['M'])
  })
  it('does not change the list it was given', () => {
    const l0 = start()
    merge(l0, card('N', 600), { filters: active })
    merge(l0, card('A', 1, { revision: 2 }), { filters: active })
    expect(ids(l0)).toEqual(['A', 'B', 'C'])
    expect(l0.cards[0].value_at_risk).toBe(900)
  })
})

describe('settle, prune, resync', () => {
  it('settle ranks again, lets pending in and drops what no longer matches', () => {
    let l = merge(start(), card('C', 5000, { revision: 2 }), { pinnedId: 'B', filters: active })
    l = merge(l, card('N', 950), { pinnedId: 'B', filters: active })
    l = merge(l, card('A', 900, { revision: 2, status: 'approved' }), { pinnedId: 'B', filters: active })
    expect(ids(l)).toEqual(['A', 'B', 'C'])
    const s = settle(l, active)
    expect(ids(s)).toEqual(['C', 'N', 'B'])
    expect(s.pending).toEqual([])
  })
  it('prune drops unmatched cards but the pinned one', () => {
    let l = merge(start(), card('A', 900, { revision: 2, status: 'approved' }), { pinnedId: 'B', filters: active })
    l = merge(l, card('B', 500, { revision: 2, status: 'rejected' }), { pinnedId: 'B', filters: active })
    expect(ids(prune(l, { pinnedId: 'B', filters: active }))).toEqual(['B', 'C'])
    expect(ids(prune(l, { pinnedId: 'C', filters: active }))).toEqual(['C'])
    const clean = start()
    expect(prune(clean, { filters: active })).toBe(clean)
  })
  it('resync replaces the list when nothing is pinned, merges when something is', () => {
    const answer = [card('N', 950), card('A', 900, { revision: 2 }), card('C', 100)]
    expect(ids(resync(start(), answer, { filters: active }))).toEqual(['N', 'A', 'C'])
    const pinned = resync(start(), answer, { pinnedId: 'B', filters: active })
    expect(ids(pinned)).toEqual(['A', 'B', 'C'])
    expect(pendingIds(pinned)).toEqual(['N'])
    expect(pinned.cards[0].revision).toBe(2)
  })
})

describe('moveSelection', () => {
  const cards = [{ id: 'A' }, { id: 'B' }, { id: 'C' }]
  it('j and k move one card, clamped at the ends; the first card when nothing is selected', () => {
    expect(moveSelection(cards, null, 1)).toBe('A')
    expect(moveSelection(cards, 'gone', -1)).toBe('A')
    expect(moveSelection(cards, 'A', 1)).toBe('B')
    expect(moveSelection(cards, 'C', 1)).toBe('C')
    expect(moveSelection(cards, 'B', -1)).toBe('A')
    expect(moveSelection(cards, 'A', -1)).toBe('A')
    expect(moveSelection([], 'A', 1)).toBeUndefined()
  })
})
