/**
 * The address a request came from. server/security.ts writes it into this header on every request
 * before Next.js sees it (the socket's address, or the first X-Forwarded-For hop when TRUST_PROXY
 * is on), replacing whatever a client sent under the same name, so route handlers (which get a Web
 * Request, without the socket) can name it in the audit trail and throttle sign-ins by it.
 * 'unknown' when absent (handlers called directly, as the tests do).
 */
export const CLIENT_ADDRESS_HEADER = 'x-stockpulse-client-address'

export function clientAddress(req: { headers: Headers }): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER)?.slice(0, 64) || 'unknown'
}
