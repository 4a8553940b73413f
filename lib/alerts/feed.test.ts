import { describe, expect, it } from 'vitest'
import { card } from './cards.fixture'
import { newestActive } from './feed'

const at = (min: number) => `2026-12-06T10:${String(min).padStart(2, '0')}:00.000Z`

describe('newestActive', () => {
  it('keeps the newest active alerts, newest first, at most n', () => {
    const answer = [card('a', 900, { updated_at: at(1) }), card('b', 500, { updated_at: at(5) }), card('c', 100, { updated_at: at(3) })]
    expect(newestActive([], answer, 2).map((c) => c.id)).toEqual(['b', 'c'])
    expect(newestActive([], answer, 5).map((c) => c.id)).toEqual(['b', 'c', 'a'])
  })
  it('puts a pushed alert first, replaces a newer version in place of the old, drops one no longer active', () => {
    const shown = [card('b', 500, { updated_at: at(5) }), card('c', 100, { updated_at: at(3) })]
    const pushed = [card('d', 50, { updated_at: at(9) }), card('c', 100, { updated_at: at(7), revision: 2, why: 'worse' })]
    const next = newestActive(shown, pushed, 5)
    expect(next.map((c) => c.id)).toEqual(['d', 'c', 'b'])
    expect(next[1].why).toBe('worse')
    expect(newestActive(next, [card('d', 50, { updated_at: at(10), revision: 2, status: 'approved' })], 5).map((c) => c.id)).toEqual(['c', 'b'])
  })
  it('ignores an older version, and ties on time go by id', () => {
    const shown = [card('b', 500, { updated_at: at(5), revision: 3 })]
    expect(newestActive(shown, [card('b', 1, { updated_at: at(8), revision: 2, status: 'cleared' })], 5)[0].revision).toBe(3)
    expect(newestActive([], [card('z', 1, { updated_at: at(1) }), card('y', 1, { updated_at: at(1) })], 5).map((c) => c.id)).toEqual(['y', 'z'])
  })
})
