/**
 * This site's own origin, and whether a request comes from it: the CSRF check for every
 * state-changing request made with the session cookie, and the Origin check of the Socket.IO
 * handshake. Pure: headers in, a verdict out (server/security.ts applies it before Next.js).
 *
 * The origin is PUBLIC_ORIGIN when set (behind a proxy that rewrites Host), else the request's
 * protocol and Host header. The protocol is https when the connection is TLS, or when TRUST_PROXY
 * is on and X-Forwarded-Proto says https; a client's X-Forwarded-Proto is ignored otherwise.
 */
export interface OriginConfig {
  PUBLIC_ORIGIN: string
  TRUST_PROXY: boolean
}

export type HeaderBag = Record<string, string | string[] | undefined>

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/** The protocol the browser used: 'https' or 'http'. */
export function requestProtocol(headers: HeaderBag, config: OriginConfig, encrypted = false): 'http' | 'https' {
  if (config.PUBLIC_ORIGIN) return config.PUBLIC_ORIGIN.startsWith('https:') ? 'https' : 'http'
  if (encrypted) return 'https'
  if (config.TRUST_PROXY) {
    const proto = first(headers['x-forwarded-proto'])?.split(',')[0].trim().toLowerCase()
    if (proto === 'https') return 'https'
  }
  return 'http'
}

/** This site's origin as the browser sees it (`https://stock.example`), or undefined without a Host. */
export function siteOrigin(headers: HeaderBag, config: OriginConfig, encrypted = false): string | undefined {
  if (config.PUBLIC_ORIGIN) return new URL(config.PUBLIC_ORIGIN).origin
  const host = first(headers.host)?.trim().toLowerCase()
  if (!host || /[\s/\\@?#]/.test(host)) return undefined
  try {
    return new URL(`${requestProtocol(headers, config, encrypted)}://${host}`).origin
  } catch {
    return undefined
  }
}

/** Is the site served over HTTPS (then the session cookie is Secure)? */
export const servedOverHttps = (headers: HeaderBag, config: OriginConfig, encrypted = false) => requestProtocol(headers, config, encrypted) === 'https'

/** The origin the browser says the request comes from: Origin, or lacking it the Referer's origin. */
export function claimedOrigin(headers: HeaderBag): string | undefined {
  const origin = first(headers.origin)?.trim()
  if (origin) return origin === 'null' ? 'null' : normalise(origin)
  const referer = first(headers.referer)?.trim()
  return referer ? normalise(referer) : undefined
}

function normalise(u: string): string {
  try {
    return new URL(u).origin
  } catch {
    return 'invalid'
  }
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Routes that set or end a session: they must come from this site even without a cookie (login CSRF). */
const SESSION_ROUTES = /^\/api\/auth(\/|$)/

/**
 * Why a request is refused as cross-site (the 403's message), or undefined to let it through.
 *
 * - Safe methods pass; requests with `Authorization: Bearer` (API keys: never the cookie) pass.
 * - Any other state-changing request must name this site in Origin (or Referer). One that names
 *   nothing passes only when it carries no cookie and is not a sign-in or sign-out: it cannot act
 *   as anyone, and its route answers 401.
 */
export function csrfVerdict(method: string | undefined, url: string | undefined, headers: HeaderBag, config: OriginConfig, encrypted = false): string | undefined {
  if (!method || !STATE_CHANGING.has(method.toUpperCase())) return undefined
  if (/^bearer\s/i.test(first(headers.authorization) ?? '')) return undefined
  const claimed = claimedOrigin(headers)
  const pathname = (url ?? '/').split('?')[0]
  if (!claimed) {
    if (!headers.cookie && !SESSION_ROUTES.test(pathname)) return undefined
    return 'cross-site request refused: a state-changing request made with a cookie must carry an Origin (or Referer) header of this site'
  }
  const own = siteOrigin(headers, config, encrypted)
  if (!own) return 'cross-site request refused: no Host header to compare the Origin with'
  if (claimed !== own) return `cross-site request refused: Origin ${claimed} is not this site (${own})`
  return undefined
}

/** The Socket.IO handshake: a browser's Origin must be this site's. No Origin (not a browser): allowed, the cookie still decides. */
export function socketOriginAllowed(headers: HeaderBag, config: OriginConfig, encrypted = false): boolean {
  const origin = first(headers.origin)?.trim()
  if (!origin) return true
  const own = siteOrigin(headers, config, encrypted)
  return own !== undefined && normalise(origin) === own
}
