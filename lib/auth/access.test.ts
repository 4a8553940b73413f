import { describe, expect, it } from 'vitest'
import { ESTATE, NO_LOCATION, allowedLocations, allowedParam, canSeeLocation, filterLocations, firstEventOutOfScope, resolveScope } from './access'

const regions = new Map([
  ['north', ['N1', 'N2']],
  ['south', ['S1']],
  ['east', []],
])

describe('access scope', () => {
  it('is the estate with no regions and no locations, and then restricts nothing', () => {
    const s = resolveScope({ regions: [], locations: [] }, regions)
    expect(s).toBe(ESTATE)
    expect(canSeeLocation(s, 'S1')).toBe(true)
    expect(allowedParam(s)).toEqual([])
    expect(allowedLocations(s)).toBeUndefined()
  })

  it("expands a region (any case) to its locations, plus the user's own locations", () => {
    const s = resolveScope({ regions: ['North'], locations: ['S9'] }, regions)
    expect(canSeeLocation(s, 'N1')).toBe(true)
    expect(canSeeLocation(s, 'S9')).toBe(true)
    expect(canSeeLocation(s, 'S1')).toBe(false)
    expect(allowedLocations(s)).toEqual(['N1', 'N2', 'S9'])
    expect(filterLocations(s, ['S1', 'N2', 'N1'])).toEqual(['N2', 'N1'])
    expect(filterLocations(s, [{ location: 'S1' }, { location: 'N1' }], (x) => x.location)).toEqual([{ location: 'N1' }])
  })

  it('never reads an empty scoped set as "no restriction"', () => {
    for (const claims of [{ regions: ['east'] }, { regions: ['nowhere'] }]) {
      const s = resolveScope(claims, regions)
      expect(s.all).toBe(false)
      expect(canSeeLocation(s, 'N1')).toBe(false)
      expect(allowedParam(s)).toEqual([NO_LOCATION])
    }
  })

  it('refuses events of other locations, and estate-wide master data, from a scoped sender', () => {
    const s = resolveScope({ locations: ['N1'] }, regions)
    expect(firstEventOutOfScope(s, [{ type: 'sale', location: 'N1' }])).toBeUndefined()
    expect(firstEventOutOfScope(s, [{ type: 'sale', location: 'N1' }, { type: 'transfer', from_location: 'N1', to_location: 'S1' }])).toMatchObject({ index: 1, path: 'to_location' })
    expect(firstEventOutOfScope(s, [{ type: 'product', sku: 'A' }])).toMatchObject({ index: 0, path: 'type' })
    expect(firstEventOutOfScope(s, [{ type: 'external_signal', locations: ['N1', 'S1'] }])).toMatchObject({ path: 'locations.1' })
    expect(firstEventOutOfScope(ESTATE, [{ type: 'product', sku: 'A' }])).toBeUndefined()
  })
})
