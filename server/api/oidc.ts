/**
 * The OIDC sign-in routes (server/oidc.ts): GET /api/auth/oidc/start and GET /api/auth/oidc/callback.
 * `startSession` signs the user in (the app's session cookie) and may return a Set-Cookie of its own;
 * the routes pass the one of server/session.ts, tests one that seals the cookie themselves.
 */
import type { Runtime } from '@/lib/runtime-types'
import type { User } from '@/lib/auth/roles'
import { recordAudit } from '@/lib/audit/store'
import { clearOidcCookie, finishOidc, oidcSettings, startOidc, type CallbackResult } from '../oidc'
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
  const r: CallbackResult = await finishOidc(s, rt.identity, req, rt.sessionPassword).catch(() => ({ ok: false, reason: 'the identity provider cannot be reached; try again' }))
  const audit = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }
  if (!r.ok) {
    await recordAudit(audit, [{ kind: 'auth.sign_in_failed', actor: { kind: 'anonymous', id: req.headers.get('x-forwarded-for') ?? '', name: 'oidc' }, subject_type: 'user', subject_id: r.email ?? '', reason: `sso: ${r.reason}` }])
    return seeOther(`/login?error=${encodeURIComponent(r.reason)}`, [clear])
  }
  await recordAudit(audit, [{ kind: 'auth.sign_in', actor: { kind: 'person', id: r.user.id, name: r.user.name }, subject_type: 'user', subject_id: r.user.email, reason: 'sso' }])
  const session = await startSession(r.user)
  return seeOther(r.next, session ? [clear, session] : [clear])
}
