import { describe, expect, it } from 'vitest'
import { alertsQuery } from './api-schemas'
import { parseInboxQuery } from './inbox-params'
import { QUERY_DEFAULTS, describeFilters, filtersOf, humanize, inboxHref, inboxSearch, isDefaultView, statusMatches } from './inbox-query'

it("the zod-free defaults are the API schema's", () => {
  expect(alertsQuery.parse({})).toEqual(QUERY_DEFAULTS)
})

describe('parseInboxQuery', () => {
  it('gives the defaults for no params', () => {
    expect(parseInboxQuery({})).toEqual({ status: 'active', limit: 200 })
  })
  it('keeps the valid params and drops each bad one on its own', () => {
    expect(parseInboxQuery({ severity: 'urgent', location: 'S001', type: 'stockout_risk', limit: '0' })).toEqual({
      status: 'active',
      limit: 200,
      location: 'S001',
      type: 'stockout_risk',
    })
    expect(parseInboxQuery({ status: 'approved', region: 'has space', category: 'Dairy', limit: '50' })).toEqual({
      status: 'approved',
      limit: 50,
      category: 'Dairy',
    })
  })
  it('reads URLSearchParams and repeated params (first wins)', () => {
    expect(parseInboxQuery(new URLSearchParams('location=S002&severity=critical'))).toMatchObject({ location: 'S002', severity: 'critical' })
    expect(parseInboxQuery({ location: ['S003', 'S004'] })).toMatchObject({ location: 'S003' })
  })
})

describe('inboxSearch and inboxHref', () => {
  it('leave out the defaults and write the rest in a fixed order', () => {
    expect(inboxSearch({ status: 'active' })).toBe('')
    expect(inboxSearch({ location: 'S001', status: 'all', severity: 'high' })).toBe('status=all&severity=high&location=S001')
    expect(inboxSearch({ status: 'active', limit: 5 })).toBe('limit=5')
    expect(inboxHref({ location: 'S 1&x' })).toBe('/alerts?location=S+1%26x')
    expect(inboxHref({})).toBe('/alerts')
  })
  it('round-trips through parseInboxQuery', () => {
    const q = parseInboxQuery({ status: 'snoozed', category: 'Dairy', region: 'North' })
    expect(parseInboxQuery(new URLSearchParams(inboxSearch(filtersOf(q))))).toEqual(q)
  })
})

describe('words', () => {
  it('humanize, statusMatches, describeFilters, isDefaultView', () => {
    expect(humanize('stockout_risk')).toBe('Stockout risk')
    expect(statusMatches('active', 'acknowledged')).toBe(true)
    expect(statusMatches('active', 'expired')).toBe(false)
    expect(statusMatches('expired', 'expired')).toBe(true)
    expect(describeFilters({ status: 'active' })).toBe('active alerts (open, acknowledged or snoozed)')
    expect(describeFilters({ status: 'cleared', type: 'phantom_inventory', location: 'S001' })).toBe('cleared alerts · type phantom inventory · location S001')
    expect(isDefaultView({ status: 'active' })).toBe(true)
    expect(isDefaultView({ status: 'active', region: 'North' })).toBe(false)
  })
})
