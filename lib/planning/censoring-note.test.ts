import { describe, expect, it } from 'vitest'
import { censoringNote } from './censoring-note'

describe('censoringNote', () => {
  it('says nothing when no level moved by half a percent', () => {
    expect(censoringNote([{ channel: 'store', censoring_factor: 1 }, { channel: 'web', censoring_factor: 1.004 }])).toBeNull()
    expect(censoringNote([])).toBeNull()
  })

  it('names the raise, and the channels when more than one sells here', () => {
    expect(censoringNote([{ channel: 'store', censoring_factor: 1.124 }])).toContain('by +12% over')
    const two = censoringNote([{ channel: 'store', censoring_factor: 1.124 }, { channel: 'web', censoring_factor: 1.04 }, { channel: 'app', censoring_factor: 1 }])
    expect(two).toContain('by +12% (store) and +4% (web) over')
    expect(two).not.toContain('app')
  })
})
