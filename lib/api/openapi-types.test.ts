import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TYPES_FILE, generateApiTypes } from './generate-types'

describe('the typed client', () => {
  it('has its types generated from the current OpenAPI document (npm run gen:api)', async () => {
    // Drift fails here, and the callers' typecheck fails on what changed.
    expect(readFileSync(TYPES_FILE, 'utf8'), `${TYPES_FILE} is out of date: run npm run gen:api`).toBe(await generateApiTypes())
  })
})
