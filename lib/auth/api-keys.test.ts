import { describe, expect, it } from 'vitest'
import { bearerToken, findApiKey, parseApiKeys } from './api-keys'

describe('API keys', () => {
  const keys = parseApiKeys('pos:secret-pos-1:ingest, bi:secret-bi-22:read+actions')

  it('parses names and scopes and keeps no secret in clear', () => {
    expect(keys.map((k) => [k.name, k.scopes])).toEqual([
      ['pos', ['ingest']],
      ['bi', ['read', 'actions']],
    ])
    expect(JSON.stringify(keys)).not.toContain('secret-pos-1')
  })

  it('finds the key for a secret and nothing for a wrong one', () => {
    expect(findApiKey(keys, 'secret-bi-22')?.name).toBe('bi')
    expect(findApiKey(keys, 'secret-bi-2')).toBeUndefined()
    expect(findApiKey(keys, '')).toBeUndefined()
  })

  it('refuses malformed specs with a message naming the entry', () => {
    expect(() => parseApiKeys('pos:short:ingest')).toThrow(/at least 8/)
    expect(() => parseApiKeys('pos:long-enough:write')).toThrow(/unknown scope "write"/)
    expect(() => parseApiKeys('pos-only')).toThrow(/name:secret:scope/)
    expect(() => parseApiKeys('a:12345678:read,a:87654321:read')).toThrow(/duplicate/)
    expect(parseApiKeys('')).toEqual([])
  })

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def')
    expect(bearerToken('bearer   xyz ')).toBe('xyz')
    expect(bearerToken('Basic abc')).toBeUndefined()
    expect(bearerToken(null)).toBeUndefined()
  })
})
