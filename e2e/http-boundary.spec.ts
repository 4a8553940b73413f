/**
 * What unauthenticated odd requests get from the real server (Next.js behind the custom server):
 * a 4xx that says why, never a 500. Sent with node:http so the bytes are exactly these (no
 * Content-Type added, the path's `%ZZ` left as it is).
 */
import { request as httpRequest } from 'node:http'
import { expect, test } from '@playwright/test'

const INGEST_KEY = 'e2e-ingest-secret'

function send(baseURL: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const { hostname, port } = new URL(baseURL)
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('TRACE on API routes and pages is 405 with Allow, not 500', async ({ baseURL }) => {
  for (const path of ['/api/v1/events', '/api/v1/kpis', '/api/health', '/api/v1/jobs/x', '/board']) {
    const res = await send(baseURL!, 'TRACE', path)
    expect(res.status, path).toBe(405)
    expect(res.headers.allow, path).toBe('GET, HEAD, POST, OPTIONS')
  }
})

test('a path that does not percent-decode is 400, not 500', async ({ baseURL }) => {
  for (const path of ['/sku/%ZZ', '/sku/%ZZ?location=S01', '/api/v1/jobs/%ZZ']) {
    const res = await send(baseURL!, 'GET', path)
    expect(res.status, path).toBe(400)
  }
  // A well-formed one still reaches the page (its sign-in redirect).
  expect((await send(baseURL!, 'GET', '/sku/A%2541?location=S01')).status).toBe(307)
})

test('ingest without a Content-Type is 415, with one it is taken', async ({ baseURL }) => {
  const body = JSON.stringify([{ type: 'sale', event_id: `e2e-415-${Date.now()}`, ts: new Date().toISOString(), sku: 'SKU-415', location: 'E2E-415', channel: 'store', qty: 1, unit_price: 1 }])
  const auth = { authorization: `Bearer ${INGEST_KEY}` }
  const none = await send(baseURL!, 'POST', '/api/v1/events', auth, body)
  expect(none.status).toBe(415)
  expect(JSON.parse(none.body).errors[0].message).toContain('the request has none')
  expect((await send(baseURL!, 'POST', '/api/v1/events', { ...auth, 'content-type': 'application/json' }, body)).status).toBe(202)
})
