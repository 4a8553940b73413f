/** The answer check itself (tests/helpers/contract.ts) can fail: each way an answer can leave the document. */
import { describe, expect, it } from 'vitest'
import { checkAnswer, validated } from './helpers/contract'

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
const kpis = (over: Record<string, unknown> = {}) => ({
  as_of: '2026-01-01T00:00:00.000Z',
  location: 'S01',
  kpis: { units_sold_today: 0, revenue_today: 0, stockout_risk_count: null, stockout_risk_value: null, in_stock_rate: null, fill_rate: null, days_of_supply: null, inventory_turns: null, markdown_exposure: null },
  trend: [{ minute: '2026-01-01T00:00:00.000Z', units: 0 }],
  planning_as_of: null,
  ...over,
})

describe('checkAnswer', () => {
  it('passes an answer the document describes and records it', async () => {
    await checkAnswer('getKpis', json(kpis()))
    expect(validated.has('getKpis 200')).toBe(true)
  })

  it('fails a figure of the wrong type, a null where a number is promised, a missing field and a field the document does not name', async () => {
    await expect(checkAnswer('getKpis', json(kpis({ location: 7 })))).rejects.toThrow('/location must be string')
    await expect(checkAnswer('getKpis', json(kpis({ kpis: { ...kpis().kpis, units_sold_today: null } })))).rejects.toThrow('/kpis/units_sold_today must be number')
    const { trend: _trend, ...withoutTrend } = kpis()
    await expect(checkAnswer('getKpis', json(withoutTrend))).rejects.toThrow("must have required property 'trend'")
    await expect(checkAnswer('getKpis', json(kpis({ secret: 1 })))).rejects.toThrow('must NOT have additional properties: secret')
    await expect(checkAnswer('getKpis', json(kpis({ as_of: 'yesterday' })))).rejects.toThrow('/as_of must match format "date-time"')
  })

  it('fails a status, a Content-Type or a missing header the document does not have', async () => {
    await expect(checkAnswer('getKpis', json({ error: 'x' }, 404))).rejects.toThrow('answered 404, which the document does not list')
    await expect(checkAnswer('getKpis', new Response('hi', { headers: { 'content-type': 'text/plain' } }))).rejects.toThrow('as text/plain')
    await expect(checkAnswer('postEvents', json({ error: 'busy' }, 429))).rejects.toThrow('without the Retry-After header')
    await checkAnswer('postEvents', json({ error: 'busy' }, 429, { 'retry-after': '1' }))
  })
})
