/**
 * The OIDC sign-in routes (server/oidc.ts): GET /api/auth/oidc/start and GET /api/auth/oidc/callback.
 * `startSession` signs the user in (the app's session cookie) and may return a Set-Cookie of its own;
 * the routes pass the one of server/session.ts, tests one that seals the cookie themselves.
 */
import type { Runtime } from '@/lib/runtime-types'
import type { User } from '@/lib/auth/roles'
import { clearOidcCookie, finishOidc, oidcSettings, startOidc } from '../oidc'
import { json } from './http'

const seeOther = (location: string, cookies: string[]) => {
  const headers = new Headers({ location, 'cache-control': 'no-store' })
  for (const c of cookies) headers.append('set-cookie', c)
  return new Response(null, { status: 303, headers })
}

export async function handleOidcStart(rt: Runtime, req: Request): Promise<Response> {
  const s = oidcSettings(rt.config)
  if (!s) return json({ error: 'sign-in with SSO is not configured (OIDC_ISSUER)' }, 404)
  try {
    return await startOidc(s, req, { sessionPassword: rt.sessionPassword, secure: rt.config.COOKIE_SECURE })
  } catch {
    return seeOther(`/login?error=${encodeURIComponent('the identity provider cannot be reached; try again')}`, [])
  }
}

export async function handleOidcCallback(rt: Runtime, req: Request, startSession: (user: User) => Promise<string | void>): Promise<Response> {
  const s = oidcSettings(rt.config)
  if (!s) return json({ error: 'sign-in with SSO is not configured (OIDC_ISSUER)' }, 404)
  const clear = clearOidcCookie(rt.config.COOKIE_SECURE)
  const r = await finishOidc(s, rt.identity, req, rt.sessionPassword).catch(() => ({ ok: false as const, reason: 'the identity provider cannot be reached; try again' }))
  if (!r.ok) return seeOther(`/login?error=${encodeURIComponent(r.reason)}`, [clear])
  const session = await startSession(r.user)
  return seeOther(r.next, session ? [clear, session] : [clear])
}
