import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guardRequest, guardVerdict } from './http-guard'

let server: Server
let port: number
/** What reached the handler behind the guard (Next, in the real server). */
const passed: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    if (guardRequest(req, res)) return
    passed.push(`${req.method} ${req.url}`)
    res.end('next')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function send(method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('http guard', () => {
  it('answers TRACE and methods no route serves with 405 and Allow, before Next', async () => {
    for (const [method, path] of [['TRACE', '/api/v1/events'], ['TRACE', '/api/health'], ['TRACE', '/board'], ['PROPFIND', '/api/v1/kpis'], ['MKCOL', '/']]) {
      const res = await send(method, path)
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS')
    }
    const api = await send('TRACE', '/api/v1/events')
    expect(api.headers['content-type']).toContain('application/json')
    expect(JSON.parse(api.body).error).toContain('TRACE is not allowed')
    expect(passed.some((p) => /^(TRACE|PROPFIND|MKCOL) /.test(p))).toBe(false)
  })

  it('answers a path whose percent-encoding does not decode with 400', async () => {
    for (const path of ['/sku/%ZZ', '/sku/%ZZ?location=S01', '/api/v1/jobs/%E0%A4%A', '/%', '/sku/%C3']) {
      const res = await send('GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body).toContain('percent-encoding')
    }
    expect((await send('HEAD', '/sku/%ZZ')).status).toBe(400)
  })

  it('passes everything else to Next unchanged', async () => {
    passed.length = 0
    for (const [method, path] of [['GET', '/sku/A%2541?location=S01'], ['GET', '/board?q=%ZZ'], ['POST', '/api/v1/events'], ['OPTIONS', '/api/v1/kpis'], ['HEAD', '/'], ['DELETE', '/api/v1/events'], ['GET', '/sku/%E2%82%AC']]) {
      const res = await send(method, path)
      expect(res.status, `${method} ${path}`).toBe(200)
    }
    expect(passed).toHaveLength(7)
    expect(guardVerdict('GET', undefined)).toBeUndefined()
  })
})
