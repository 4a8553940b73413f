/**
 * What every request goes through before Next.js (server/index.ts), first (then `guardRequest`):
 *
 * - the security headers on every response (lib/http/security-headers.ts), with a fresh nonce
 *   that Next.js reads back from the request's own `Content-Security-Policy` header and puts on
 *   its inline scripts;
 * - the CSRF check (lib/http/origin.ts): a state-changing request made with the cookie, and every
 *   sign-in and sign-out, must come from this site, else 403 naming the reason, before any route
 *   (the import route's text/plain included) sees it;
 * - the client's address for sign-in throttling, in a request header of ours that overwrites
 *   whatever the client sent (X-Forwarded-For counts only with TRUST_PROXY).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { Config } from '@/lib/config'
import { CLIENT_ADDRESS_HEADER } from '@/lib/api/client-address'
import { csrfVerdict } from '@/lib/http/origin'
import { newNonce, securityHeaders } from '@/lib/http/security-headers'

export { CLIENT_ADDRESS_HEADER }

/** The client's address as this server trusts it (set on every request, never a client's own header). */
export function clientAddress(req: IncomingMessage, config: Pick<Config, 'TRUST_PROXY'>): string {
  if (config.TRUST_PROXY) {
    const xff = req.headers['x-forwarded-for']
    const firstHop = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0].trim()
    if (firstHop) return firstHop
  }
  return req.socket.remoteAddress ?? 'unknown'
}

/** Apply headers, address and CSRF; true when the request was answered here (refused). */
export function secureRequest(req: IncomingMessage, res: ServerResponse, config: Pick<Config, 'PUBLIC_ORIGIN' | 'TRUST_PROXY' | 'NODE_ENV'>): boolean {
  const nonce = newNonce()
  const headers = securityHeaders(nonce, config.NODE_ENV === 'development')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  // Next.js takes the nonce from the request's CSP header (parse-request-headers: getScriptNonceFromHeaders).
  req.headers['content-security-policy'] = headers['content-security-policy']
  delete req.headers['content-security-policy-report-only']
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, config)
  const encrypted = Boolean((req.socket as TLSSocket).encrypted)
  const refusal = csrfVerdict(req.method, req.url, req.headers, config, encrypted)
  if (!refusal) return false
  const isApi = (req.url ?? '').startsWith('/api/')
  const body = isApi ? JSON.stringify({ error: refusal }) : `${refusal}\n`
  res.writeHead(403, {
    'content-type': isApi ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(body)
  // The body is never read: drain it so the connection can serve the next request.
  req.on('error', () => {}).resume()
  return true
}
