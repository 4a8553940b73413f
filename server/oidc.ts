/**
 * Sign-in through an OpenID Connect provider (openid-client v6): the authorization code flow with
 * PKCE (S256), state and nonce. Configured by OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and
 * OIDC_REDIRECT_URI (lib/config.ts).
 *
 * /api/auth/oidc/start makes a random code verifier, state and nonce, keeps them in a short-lived
 * sealed cookie (httpOnly, SameSite=Lax so the provider's redirect back carries it, 10 minutes,
 * path /api/auth/oidc) and redirects to the provider. /api/auth/oidc/callback checks the answer
 * against that cookie (a wrong or missing state is refused), redeems the code with the verifier,
 * checks the ID token (issuer, audience, nonce, signature) and reads the email, from the ID token
 * or else from userinfo. The person gets in only as an enabled local user with that email: role
 * and scope come from the local user, never from the provider.
 */
import * as client from 'openid-client'
import { sealData, unsealData } from 'iron-session'
import type { Config } from '@/lib/config'
import type { User } from '@/lib/auth/roles'
import type { Identity } from '@/lib/auth/identity'
import { userOf, normaliseEmail } from '@/lib/auth/users'
import { readCookie } from '@/lib/auth/session'
import { logger } from '@/lib/log'

const log = logger('oidc')

export const OIDC_COOKIE = 'sp_oidc'
const TRANSACTION_TTL_S = 600

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string
  redirectUri: string
}

/** The OIDC settings, or undefined when OIDC_ISSUER is not set; throws on a half configuration. */
export function oidcSettings(config: Pick<Config, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_REDIRECT_URI'>): OidcSettings | undefined {
  if (!config.OIDC_ISSUER) return undefined
  if (!config.OIDC_CLIENT_ID || !config.OIDC_REDIRECT_URI) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_REDIRECT_URI are needed too')
  return { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET, redirectUri: config.OIDC_REDIRECT_URI }
}

const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)

/** Discovery, once per issuer and client (retried after a failure). */
const discovered = new Map<string, Promise<client.Configuration>>()
function configuration(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer}|${s.clientId}`
  let c = discovered.get(key)
  if (!c) {
    const issuer = new URL(s.issuer)
    // Plain HTTP only to a provider on this machine (development, tests); anything else must be HTTPS.
    const options = issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined
    c = client.discovery(issuer, s.clientId, s.clientSecret || undefined, undefined, options)
    c.catch(() => discovered.delete(key))
    discovered.set(key, c)
  }
  return c
}

interface Transaction {
  verifier: string
  state: string
  nonce: string
  next: string
}

/** Only same-site paths may follow a sign-in. */
export const safeNext = (next?: string | null) => (next && /^\/(?![/\\])/.test(next) && !/[\\\s]/.test(next) ? next : '/board')

function cookie(name: string, value: string, maxAge: number, secure: boolean): string {
  return `${name}=${encodeURIComponent(value)}; Path=/api/auth/oidc; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}

/** GET /api/auth/oidc/start?next=/path: a redirect to the provider, with the transaction cookie. */
export async function startOidc(s: OidcSettings, req: Request, opts: { sessionPassword: string; secure: boolean }): Promise<Response> {
  const config = await configuration(s)
  const t: Transaction = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), next: safeNext(new URL(req.url).searchParams.get('next')) }
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(t.verifier),
    code_challenge_method: 'S256',
    state: t.state,
    nonce: t.nonce,
  })
  const sealed = await sealData(t, { password: opts.sessionPassword, ttl: TRANSACTION_TTL_S })
  return new Response(null, { status: 302, headers: { location: url.href, 'set-cookie': cookie(OIDC_COOKIE, sealed, TRANSACTION_TTL_S, opts.secure), 'cache-control': 'no-store' } })
}

export type CallbackResult = { ok: true; user: User; next: string } | { ok: false; reason: string; email?: string }

/**
 * GET /api/auth/oidc/callback: the local user the provider vouched for, or why not. The caller
 * starts the session and clears the transaction cookie (clearOidcCookie) either way.
 */
export async function finishOidc(s: OidcSettings, identity: Identity, req: Request, sessionPassword: string): Promise<CallbackResult> {
  const sealed = readCookie(req.headers.get('cookie') ?? undefined, OIDC_COOKIE)
  if (!sealed) return { ok: false, reason: 'the sign-in took too long or was started elsewhere; try again' }
  let t: Transaction
  try {
    t = await unsealData<Transaction>(sealed, { password: sessionPassword, ttl: TRANSACTION_TTL_S })
    if (!t.state || !t.verifier || !t.nonce) throw new Error('empty transaction')
  } catch {
    return { ok: false, reason: 'the sign-in took too long or was started elsewhere; try again' }
  }
  const config = await configuration(s)
  // The answer's parameters on the registered redirect URI (the request may have come through a proxy).
  const current = new URL(s.redirectUri)
  current.search = new URL(req.url).search
  let email: string | undefined
  try {
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: t.verifier, expectedState: t.state, expectedNonce: t.nonce, idTokenExpected: true })
    const claims = tokens.claims()!
    let info: { email?: unknown; email_verified?: unknown } = claims as { email?: unknown; email_verified?: unknown }
    if (typeof claims.email !== 'string') info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    if (typeof info.email === 'string' && info.email_verified !== false) email = normaliseEmail(info.email)
  } catch (err) {
    log.warn('OIDC callback refused', { error: err instanceof Error ? err.message : String(err) })
    return { ok: false, reason: 'the identity provider did not confirm the sign-in' }
  }
  if (!email) return { ok: false, reason: 'the identity provider gave no verified email' }
  const local = (await identity.userRows()).find((u) => u.email === email)
  if (!local || local.disabled) return { ok: false, reason: `${email} may not sign in here; ask an admin`, email }
  return { ok: true, user: userOf(local), next: t.next }
}

export const clearOidcCookie = (secure: boolean) => cookie(OIDC_COOKIE, '', 0, secure)
