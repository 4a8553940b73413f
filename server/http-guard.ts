/**
 * Requests answered before Next.js sees them, because Next answers them with a 500:
 *
 * - TRACE and TRACK (and any method no route of this app serves): Next's route handlers throw
 *   "'TRACE' HTTP method is unsupported" (Next 16). They get 405 with `Allow` naming the methods
 *   the app serves. TRACE is also the method of cross-site tracing: nothing here echoes a request.
 * - A path whose percent-encoding does not decode (`/sku/%ZZ`, `/api/v1/jobs/%E0%A4%A`): Next's
 *   matcher for dynamic segments throws on it. It gets 400 naming the problem.
 *
 * Every other request is left to Next (the method set below covers what it serves; PUT, PATCH and
 * DELETE pass through and get Next's own 405). `server/index.ts` calls `guardRequest` first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The methods some route of this app serves (app/api/** exports GET and POST; Next answers OPTIONS and HEAD). */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const
/** Methods passed to Next, which answers those without a handler with its own 405. */
const PASSED_METHODS = new Set<string>([...ALLOWED_METHODS, 'PUT', 'PATCH', 'DELETE'])

/** Why the request is refused before Next: [status, message, headers], or undefined to pass it on. */
export function guardVerdict(method: string | undefined, url: string | undefined): [number, string, Record<string, string>] | undefined {
  if (!method || !PASSED_METHODS.has(method)) {
    return [405, `method ${method ?? '(none)'} is not allowed; allowed: ${ALLOWED_METHODS.join(', ')}`, { allow: ALLOWED_METHODS.join(', ') }]
  }
  const raw = url ?? '/'
  const q = raw.indexOf('?')
  const pathname = q < 0 ? raw : raw.slice(0, q)
  if (pathname.includes('%')) {
    try {
      decodeURIComponent(pathname)
    } catch {
      return [400, 'the URL path is not valid percent-encoding (a % must start %XX of a UTF-8 character)', {}]
    }
  }
  return undefined
}

/** Answer the request here when it must not reach Next; true when answered. */
export function guardRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const verdict = guardVerdict(req.method, req.url)
  if (!verdict) return false
  const [status, message, headers] = verdict
  const isApi = (req.url ?? '').startsWith('/api/')
  const body = isApi ? JSON.stringify({ error: message }) : `${message}\n`
  res.writeHead(status, {
    ...headers,
    'content-type': isApi ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(req.method === 'HEAD' ? undefined : body)
  return true
}
