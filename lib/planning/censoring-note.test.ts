import { describe, expect, it } from 'vitest'
import { censoringNote } from './censoring-note'

describe('censoringNote', () => {
  it('says nothing when no level moved by half a percent', () => {
    expect(censoringNote([{ channel: 'store', censoring_factor: 1 }, { channel: 'web', censoring_factor: 1.004 }])).toBeNull()
    expect(censoringNote([])).toBeNull()
  })

  it('names the raise, and the channels when more than one sells here', () => {
    expect(censoringNote([{ channel: 'store', censoring_factor: 1.124 }])).toContain('did not run out by +12%.')
    const two = censoringNote([{ channel: 'store', censoring_factor: 1.124 }, { channel: 'web', censoring_factor: 1.04 }, { channel: 'app', censoring_factor: 1 }])
    expect(two).toContain('by +12% (store) and +4% (web).')
    expect(two).not.toContain('app')
  })

  it('reads a raise of 2x or more as a multiple', () => {
    expect(censoringNote([{ channel: 'store', censoring_factor: 3.44 }])).toContain('by 3.4x.')
    expect(censoringNote([{ channel: 'store', censoring_factor: 10 }, { channel: 'web', censoring_factor: 1.999 }])).toContain('by 10x (store) and +100% (web).')
  })
})
