import { describe, expect, it } from 'vitest'
import { safeNextPath } from './redirect'

describe('safeNextPath: where a sign-in may lead', () => {
  it.each([
    ['/board', '/board'],
    ['/alerts?type=stockout&location=S01', '/alerts?type=stockout&location=S01'],
    ['/sku/A%2541?location=S01', '/sku/A%2541?location=S01'],
    ['/data#imports', '/data#imports'],
    ['/javascript:alert(1)', '/javascript:alert(1)'], // a path of this site, not a scheme
  ])('keeps the path %s', (next, want) => expect(safeNextPath(next)).toBe(want))

  const HOSTILE = [
    '//evil.example',
    '//evil.example/board',
    '/\\evil.example',
    '/\\\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%2F%2Fevil.example',
    '/%2fevil.example', // decodes to //evil.example
    '/%252F%252Fevil.example', // twice encoded
    '/%255Cevil.example',
    '%2F%2Fevil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    'board',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example',
    '/%0D%0ALocation:%20https://evil.example',
    '/board\r\nSet-Cookie: x=1',
    '/\u2028/evil.example',
    '/%E0%A4%A', // does not decode
    '',
    '/' + 'a'.repeat(600),
  ]
  it.each(HOSTILE)('sends %j to /board', (next) => {
    const got = safeNextPath(next)
    expect(got).toBe('/board')
    // What the browser would do with it stays on this site.
    expect(new URL(got, 'https://stock.example').origin).toBe('https://stock.example')
  })

  it('refuses anything that is not a string', () => {
    for (const v of [undefined, null, 42, ['/board'], { toString: () => '//evil' }]) expect(safeNextPath(v)).toBe('/board')
  })
})
