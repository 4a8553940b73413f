/**
 * Where a person goes after signing in: only a path of this site. `next` comes from the query
 * string or a form field, so it is hostile until shown otherwise. A browser reads `//evil.example`,
 * `/\evil.example` and `/%5Cevil.example` (after a decode) as another host, ignores tabs and
 * newlines inside a URL, and follows any scheme: each of those falls back to `/board`.
 */
export const AFTER_SIGN_IN = '/board'

/** `next` when it is a plain path of this site, else `/board`. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 512) return AFTER_SIGN_IN
  if (!isSafePath(next)) return AFTER_SIGN_IN
  // Decoded once and twice, the path must still be one: `/%2F%2Fevil` and `/%255C` are not.
  let decoded = next
  for (let i = 0; i < 2; i++) {
    try {
      decoded = decodeURIComponent(decoded)
    } catch {
      return AFTER_SIGN_IN
    }
    if (!isSafePath(decoded)) return AFTER_SIGN_IN
  }
  // The WHATWG URL parser is what the browser uses: the target must resolve on this origin.
  const base = 'http://stockpulse.invalid'
  let url: URL
  try {
    url = new URL(next, base)
  } catch {
    return AFTER_SIGN_IN
  }
  if (url.origin !== base) return AFTER_SIGN_IN
  return next
}

function isSafePath(p: string): boolean {
  if (!p.startsWith('/')) return false // relative paths, schemes (javascript:, https:), empty
  if (p.startsWith('//')) return false // protocol-relative: another host
  if (p.includes('\\')) return false // browsers read \ as /: `/\evil` is `//evil`
  // Control characters (tabs and newlines are dropped by the URL parser: `/\t/evil` is `//evil`), DEL, and
  // the Unicode line and paragraph separators.
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(p)) return false
  return true
}
