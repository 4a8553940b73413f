/**
 * The address a request came from, as the server's socket saw it. server/index.ts writes it into
 * this header on every request before Next.js sees it, replacing whatever a client sent under the
 * same name, so route handlers (which get a Web Request, without the socket) can name it in the
 * audit trail. 'unknown' when absent (handlers called directly, as the tests do).
 */
import type { IncomingMessage } from 'node:http'

export const CLIENT_ADDRESS_HEADER = 'x-stockpulse-client-address'

export function clientAddress(req: { headers: Headers }): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER)?.slice(0, 64) || 'unknown'
}

/** Stamp the socket's address on a request (overwriting a client's own header of this name). */
export function stampClientAddress(req: IncomingMessage): void {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown'
}
