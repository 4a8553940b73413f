import { describe, expect, it } from 'vitest'
import { csrfVerdict, siteOrigin, servedOverHttps, socketOriginAllowed } from './origin'
import { contentSecurityPolicy, securityHeaders } from './security-headers'

const plain = { PUBLIC_ORIGIN: '', TRUST_PROXY: false }
const proxied = { PUBLIC_ORIGIN: '', TRUST_PROXY: true }
const cookie = 'sp_session=abc'

describe("this site's origin", () => {
  it('comes from Host and the protocol, X-Forwarded-Proto only behind a trusted proxy, or PUBLIC_ORIGIN', () => {
    expect(siteOrigin({ host: '127.0.0.1:3000' }, plain)).toBe('http://127.0.0.1:3000')
    expect(siteOrigin({ host: 'stock.example', 'x-forwarded-proto': 'https' }, plain)).toBe('http://stock.example')
    expect(siteOrigin({ host: 'stock.example', 'x-forwarded-proto': 'https' }, proxied)).toBe('https://stock.example')
    expect(siteOrigin({ host: 'stock.example:443', 'x-forwarded-proto': 'https, http' }, proxied)).toBe('https://stock.example')
    expect(siteOrigin({ host: 'internal:3000' }, { PUBLIC_ORIGIN: 'https://stock.example/', TRUST_PROXY: false })).toBe('https://stock.example')
    expect(siteOrigin({ host: 'a@evil.example' }, plain)).toBeUndefined()
    expect(siteOrigin({}, plain)).toBeUndefined()
  })

  it('says when the cookie must be Secure', () => {
    expect(servedOverHttps({ host: 'x', 'x-forwarded-proto': 'https' }, plain)).toBe(false)
    expect(servedOverHttps({ host: 'x', 'x-forwarded-proto': 'https' }, proxied)).toBe(true)
    expect(servedOverHttps({ host: 'x' }, { PUBLIC_ORIGIN: 'https://stock.example', TRUST_PROXY: false })).toBe(true)
    expect(servedOverHttps({ host: 'x' }, plain, true)).toBe(true)
  })
})

describe('CSRF verdict', () => {
  const own = { host: '127.0.0.1:3000' }
  it.each([
    ['GET', '/board', { ...own, cookie, origin: 'https://evil.example' }],
    ['HEAD', '/api/v1/kpis', { ...own, cookie, origin: 'https://evil.example' }],
    ['POST', '/api/v1/imports', { ...own, cookie, origin: 'http://127.0.0.1:3000' }],
    ['POST', '/api/v1/imports', { ...own, cookie, referer: 'http://127.0.0.1:3000/data' }],
    ['POST', '/api/v1/events', { ...own, cookie, origin: 'https://evil.example', authorization: 'Bearer k' }], // a machine: never the cookie
    ['POST', '/api/v1/events', { ...own }], // no cookie, no Origin: cannot act as anyone (401 follows)
    ['POST', '/api/auth/login', { ...own, origin: 'http://127.0.0.1:3000' }],
  ])('lets %s %s through', (method, url, headers) => expect(csrfVerdict(method, url, headers as Record<string, string>, plain)).toBeUndefined())

  it.each([
    ['POST', '/api/v1/imports?type=sale', { ...own, cookie, origin: 'https://evil.example' }, 'Origin https://evil.example is not this site'],
    ['POST', '/api/v1/imports', { ...own, cookie, referer: 'https://evil.example/x' }, 'Origin https://evil.example is not this site'],
    ['DELETE', '/api/v1/imports/x', { ...own, cookie, origin: 'http://127.0.0.1:3001' }, 'is not this site'],
    ['PUT', '/api/v1/x', { ...own, cookie, origin: 'null' }, 'Origin null'],
    ['PATCH', '/api/v1/x', { ...own, cookie }, 'must carry an Origin'],
    ['POST', '/api/v1/recompute', { ...own, cookie, origin: 'http://127.0.0.1:3000.evil.example' }, 'is not this site'],
    ['POST', '/api/v1/recompute', { ...own, cookie, origin: 'https://127.0.0.1:3000' }, 'is not this site'],
    ['POST', '/api/auth/login', { ...own, origin: 'https://evil.example' }, 'is not this site'], // login CSRF
    ['POST', '/api/auth/login', { ...own }, 'must carry an Origin'],
    ['POST', '/api/auth/logout', { ...own, cookie }, 'must carry an Origin'],
    ['POST', '/api/v1/imports', { ...own, cookie, origin: 'https://evil.example', authorization: 'Basic eDp5' }, 'is not this site'],
    ['POST', '/api/v1/imports', { cookie, origin: 'http://127.0.0.1:3000' }, 'no Host'],
  ])('refuses %s %s %j', (method, url, headers, reason) => {
    expect(csrfVerdict(method, url, headers as Record<string, string>, plain)).toContain(reason)
  })

  it('behind a proxy compares with https, and PUBLIC_ORIGIN wins over Host', () => {
    const h = { host: 'stock.example', cookie, 'x-forwarded-proto': 'https', origin: 'https://stock.example' }
    expect(csrfVerdict('POST', '/api/v1/recompute', h, proxied)).toBeUndefined()
    expect(csrfVerdict('POST', '/api/v1/recompute', h, plain)).toContain('not this site')
    const pub = { PUBLIC_ORIGIN: 'https://stock.example', TRUST_PROXY: false }
    expect(csrfVerdict('POST', '/x', { host: '10.0.0.5:3000', cookie, origin: 'https://stock.example' }, pub)).toBeUndefined()
    expect(csrfVerdict('POST', '/x', { host: 'evil.example', cookie, origin: 'https://evil.example' }, pub)).toContain('not this site')
  })
})

describe('Socket.IO handshake Origin', () => {
  it('refuses a foreign Origin, allows its own and none', () => {
    expect(socketOriginAllowed({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, plain)).toBe(true)
    expect(socketOriginAllowed({ host: '127.0.0.1:3000' }, plain)).toBe(true)
    expect(socketOriginAllowed({ host: '127.0.0.1:3000', origin: 'https://evil.example' }, plain)).toBe(false)
    expect(socketOriginAllowed({ host: '127.0.0.1:3000', origin: 'null' }, plain)).toBe(false)
  })
})

describe('security headers', () => {
  it('carry the nonce, frame-ancestors none, nosniff and the referrer policy', () => {
    const h = securityHeaders('abc123')
    expect(h['content-security-policy']).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'")
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(h['content-security-policy']).not.toContain('unsafe-eval')
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'")
    expect(h['x-content-type-options']).toBe('nosniff')
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin')
  })
})
