/**
 * Sign-in with SSO against a real OpenID Connect provider (oidc-provider) on 127.0.0.1: the
 * authorization code flow with PKCE (the provider requires it), driven over HTTP like a browser
 * (redirects followed, the provider's login and consent forms posted, cookies kept per host).
 * Only enabled local users get in; a wrong state is refused.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Provider from 'oidc-provider'
import { createSession, SESSION_COOKIE, sessionDeps, sessionFromCookieHeader, sessionSetCookie } from '@/lib/auth/session'
import { createUser, updateUser } from '@/lib/auth/user-store'
import { handleOidcCallback, handleOidcStart } from '@/server/api/oidc'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'

let t: TestRuntime
let idp: Server
let app: Server
let idpUrl = ''
let appUrl = ''

const listen = (s: Server) => new Promise<string>((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)))
const close = (s?: Server) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()))

beforeAll(async () => {
  // The provider's issuer names its port: listen first, attach the provider after.
  const provider: { callback?: (req: never, res: never) => void } = {}
  idp = createServer((req, res) => provider.callback!(req as never, res as never))
  idpUrl = await listen(idp)
  app = createServer(async (req, res) => {
    const request = new Request(`${appUrl}${req.url}`, { headers: req.headers as Record<string, string> })
    const path = new URL(request.url).pathname
    const answer =
      path === '/api/auth/oidc/start'
        ? await handleOidcStart(t.rt, request)
        : path === '/api/auth/oidc/callback'
          ? await handleOidcCallback(t.rt, request, async (user) => sessionSetCookie((await createSession(sessionDeps(t.rt), user.id)).sealed, { secure: false, maxMs: sessionDeps(t.rt).maxMs }))
          : new Response('not found', { status: 404 })
    res.writeHead(answer.status, [...answer.headers.entries()].filter(([k]) => k !== 'set-cookie').concat(answer.headers.getSetCookie().map((c) => ['set-cookie', c])).flat() as never)
    res.end(Buffer.from(await answer.arrayBuffer()))
  })
  appUrl = await listen(app)
  const redirect = `${appUrl}/api/auth/oidc/callback`
  const oidc = new Provider(idpUrl, {
    clients: [{ client_id: 'stockpulse', client_secret: 'a-client-secret-long-enough-for-hs256-0123456789', redirect_uris: [redirect], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, email: `${id}@Example.com`, email_verified: true, name: id }) }),
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  })
  provider.callback = oidc.callback() as never
  t = await createTestRuntime({
    workers: false,
    env: { DEMO_MODE: 'off', OIDC_ISSUER: idpUrl, OIDC_CLIENT_ID: 'stockpulse', OIDC_CLIENT_SECRET: 'a-client-secret-long-enough-for-hs256-0123456789', OIDC_REDIRECT_URI: redirect },
  })
}, 60_000)

afterAll(async () => {
  await close(app)
  await close(idp)
  await t?.cleanup()
})

/** A browser enough for the flow: cookies per host, redirects followed, the provider's forms posted as `login`. */
async function signIn(login: string, opts: { tamper?: (callback: URL) => void } = {}) {
  const jars = new Map<string, Map<string, string>>()
  const jar = (u: URL) => jars.get(u.host) ?? jars.set(u.host, new Map()).get(u.host)!
  const seen: string[] = []
  let url = new URL(`${appUrl}/api/auth/oidc/start?next=/alerts`)
  let init: RequestInit = {}
  for (let hop = 0; hop < 20; hop++) {
    if (opts.tamper && url.pathname === '/api/auth/oidc/callback') opts.tamper(url)
    seen.push(`${init.method ?? 'GET'} ${url.origin === appUrl ? 'app' : 'idp'}${url.pathname}`)
    const cookie = [...jar(url)].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      const [k, v] = [pair.slice(0, i), pair.slice(i + 1)]
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || v === '') jar(url).delete(k)
      else jar(url).set(k, v)
    }
    if (url.origin === appUrl && url.pathname === '/api/auth/oidc/callback') return { res, seen, appCookies: jar(url) }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url)
      init = {}
      continue
    }
    const html = await res.text()
    expect(res.status, `${url} ${html.slice(0, 300)}`).toBe(200)
    const form = html.match(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/)
    expect(form, html.slice(0, 500)).toBeTruthy()
    const fields = new URLSearchParams()
    for (const m of form![2].matchAll(/<input[^>]*>/g)) {
      const name = m[0].match(/name="([^"]+)"/)?.[1]
      if (!name) continue
      const value = m[0].match(/value="([^"]*)"/)?.[1] ?? ''
      fields.set(name, name === 'login' ? login : name === 'password' ? 'any' : value)
    }
    url = new URL(form![1].replaceAll('&amp;', '&'), url)
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() }
  }
  throw new Error(`no callback after ${seen.join(' -> ')}`)
}

describe('sign-in with SSO', () => {
  it('signs in an enabled local user through the full code flow with PKCE; role and scope come from the local user', async () => {
    const user = await createUser(t.rt.identity, { email: 'nora@example.com', name: 'Nora', role: 'planner', regions: ['North'], locations: [], password: 'unused local passphrase' }, { kind: 'system', id: 'test', name: 'test' })
    expect(typeof user).toBe('object')
    const { res, seen } = await signIn('nora')
    expect(seen[0]).toBe('GET app/api/auth/oidc/start')
    expect(seen.some((s) => s.startsWith('POST idp/interaction/'))).toBe(true)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/alerts')
    const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    expect(session).toBeDefined()
    const signedIn = (await sessionFromCookieHeader(sessionDeps(t.rt), session!.split(';')[0]))?.user
    expect(signedIn).toMatchObject({ email: 'nora@example.com', role: 'planner', regions: ['North'] })
    // The transaction cookie is cleared.
    expect(res.headers.getSetCookie().some((c) => c.startsWith('sp_oidc=;') && /Max-Age=0/.test(c))).toBe(true)
  })

  it('refuses a wrong state', async () => {
    const { res } = await signIn('nora', { tamper: (u) => u.searchParams.set('state', 'not-the-state') })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/login\?error=/)
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false)
  })

  it('refuses a person who is not a local user, or is disabled', async () => {
    const stranger = await signIn('stranger')
    expect(stranger.res.status).toBe(303)
    expect(decodeURIComponent(stranger.res.headers.get('location')!)).toContain('stranger@example.com may not sign in here')
    expect(stranger.res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false)

    const nora = (await t.rt.identity.userRows()).find((u) => u.email === 'nora@example.com')!
    await updateUser(t.rt.identity, nora.id, { disabled: true }, { kind: 'system', id: 'test', name: 'test' })
    const disabled = await signIn('nora')
    expect(decodeURIComponent(disabled.res.headers.get('location')!)).toContain('nora@example.com may not sign in here')
    expect(disabled.res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false)
  })

  it('refuses a callback without the transaction cookie', async () => {
    const res = await fetch(`${appUrl}/api/auth/oidc/callback?code=abc&state=def`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/login\?error=/)
  })
})
