import { getRuntime } from '@/server/runtime'
import { createSession, sessionDeps, sessionSetCookie } from '@/lib/auth/session'
import { servedOverHttps } from '@/lib/http/origin'
import { handleOidcCallback } from '@/server/api/oidc'

export const dynamic = 'force-dynamic'
/** The provider's redirect back: a new server-side session (lib/auth/session.ts) for the local user it names. */
export const GET = (req: Request) => {
  const rt = getRuntime()
  return handleOidcCallback(rt, req, async (user) => {
    const deps = sessionDeps(rt)
    const { sealed } = await createSession(deps, user.id)
    const secure = rt.config.COOKIE_SECURE || servedOverHttps(Object.fromEntries(req.headers), rt.config)
    return sessionSetCookie(sealed, { secure, maxMs: deps.maxMs })
  })
}
