/**
 * A worker-only process (scaled mode, `npm run worker`) has no web server, yet its flushes and
 * recomputes are counted in its own registry: with METRICS_PORT set it serves GET /metrics there,
 * with the same `read` key check as the web nodes (server/api/metrics.ts).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Runtime } from '@/lib/runtime-types'
import { handleMetrics } from './api/metrics'

export async function serveMetrics(rt: Runtime, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n')
      return
    }
    const headers = new Headers()
    if (req.headers.authorization) headers.set('authorization', req.headers.authorization)
    void handleMetrics(rt, new Request(`http://${host}/metrics`, { headers }))
      .then(async (r) => res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text()))
      .catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
