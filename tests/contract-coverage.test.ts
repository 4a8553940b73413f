/**
 * Coverage of the API contract: every operation of the OpenAPI document has its success answer
 * and at least one error answer validated against real answers in the integration tests (the
 * claims of tests/helpers/contract-claims.ts, each made good by its file at its end), and every
 * route of the app is in the document or named here with the reason it is not.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTRACT_CLAIMS } from './helpers/contract-claims'
import { OPERATIONS } from './helpers/contract'

/** Routes outside the document, and why. */
const OUTSIDE_THE_DOCUMENT: Record<string, string> = {
  'POST /api/auth/login': "the sign-in form of /login: a person's browser posts it and follows its 303; machines use API keys",
  'POST /api/auth/logout': 'the sign-out button: clears the session cookie and redirects (303)',
  'GET /api/auth/oidc/start': "\"Sign in with SSO\" on /login: a person's browser follows its redirect to the identity provider",
  'GET /api/auth/oidc/callback': "the identity provider's redirect back after sign-in: starts the session and redirects (303)",
  'POST /api/v1/sim/erp':
    "the demo's simulated retailer ERP (404 unless DEMO_MODE and the simulator run here): only this deployment's webhook worker calls it, signed with its WEBHOOK_SECRET (Standard Webhooks); not part of StockPulse's API",
}

const claimed = new Set(Object.values(CONTRACT_CLAIMS).flat())

/** Every route file of the app with the HTTP methods it exports, as `METHOD /path/{param}`. */
function appRoutes(dir = 'app'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return appRoutes(p)
    if (e.name !== 'route.ts') return []
    const url = '/' + path.relative('app', path.dirname(p)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/')
    const methods = [...readFileSync(p, 'utf8').matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1])
    return methods.map((m) => `${m} ${url}`)
  })
}

describe('the API contract', () => {
  it('has the success answer and at least one error of every operation validated against real answers', () => {
    for (const op of OPERATIONS) {
      const statuses = Object.keys(op.responses)
      const success = statuses.filter((s) => s.startsWith('2'))
      const errors = statuses.filter((s) => !s.startsWith('2'))
      for (const s of success) expect(claimed.has(`${op.operationId} ${s}`), `${op.operationId} ${s} is validated nowhere`).toBe(true)
      expect(errors.some((s) => claimed.has(`${op.operationId} ${s}`)) || errors.length === 0, `no error answer of ${op.operationId} is validated`).toBe(true)
    }
    const documented = OPERATIONS.flatMap((op) => Object.keys(op.responses).map((s) => `${op.operationId} ${s}`))
    const unvalidated = documented.filter((a) => !claimed.has(a))
    // Documented and not produced in a test: ClickHouse failing in the middle of an import.
    expect(unvalidated.sort()).toEqual(['postImport 503'])
  })

  it('claims only answers the document lists, in files that make their claims good', () => {
    const documented = new Set(OPERATIONS.flatMap((op) => Object.keys(op.responses).map((s) => `${op.operationId} ${s}`)))
    for (const [file, claims] of Object.entries(CONTRACT_CLAIMS)) {
      for (const c of claims) expect(documented.has(c), `${file} claims ${c}`).toBe(true)
      expect(readFileSync(path.join('tests/integration', file), 'utf8'), file).toContain(`checkContractClaims('${file}')`)
    }
  })

  it('documents every route of the app, or says why not', () => {
    const routes = appRoutes()
    const operations = OPERATIONS.map((op) => `${op.method} ${op.path}`)
    expect(routes.filter((r) => !operations.includes(r) && !OUTSIDE_THE_DOCUMENT[r]), 'routes neither documented nor excused').toEqual([])
    expect(operations.filter((o) => !routes.includes(o)), 'operations without a route').toEqual([])
    expect(Object.keys(OUTSIDE_THE_DOCUMENT).filter((r) => !routes.includes(r)), 'excuses for routes that are gone').toEqual([])
  })
})
