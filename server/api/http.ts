/** Small helpers for API route handlers: JSON answers, errors that name the field, auth. */
import type { z } from 'zod'
import type { Runtime } from '@/lib/runtime-types'
import { bearerToken, findApiKey } from '@/lib/auth/api-keys'
import { sessionDeps, sessionFromCookieHeader } from '@/lib/auth/session'
import type { Scope, User } from '@/lib/auth/roles'
import type { FieldError } from '@/lib/events/batch'
import type { ErrorsBody, MessageBody } from '@/lib/api/schemas'

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })
}

export const badRequest = (errors: FieldError[]) => json({ errors } satisfies ErrorsBody, 400)

/** A 400 naming each field zod refused (`field` names them all, e.g. a path parameter's name). */
export const invalid = (error: z.ZodError, field?: string) =>
  badRequest(error.issues.map((i) => ({ index: -1, path: field ?? i.path.map(String).join('.'), message: i.message })))

/** The query string validated by `schema`, or the 400 that names what is wrong. */
export function parseQuery<T extends z.ZodType>(req: Request, schema: T): { ok: true; data: z.infer<T> } | { ok: false; response: Response } {
  const p = schema.safeParse(Object.fromEntries(new URL(req.url).searchParams))
  return p.success ? { ok: true, data: p.data } : { ok: false, response: invalid(p.error) }
}

export type Caller = { kind: 'key'; name: string; scopes: Scope[] } | { kind: 'user'; user: User }

export type AuthResult = { ok: true; caller: Caller } | { ok: false; response: Response }

/**
 * Who is calling: an API key (`Authorization: Bearer`) with `scope`, or, when `allowSession`, a
 * signed-in person (a live server-side session: lib/auth/session.ts). A state-changing request
 * with the cookie has already passed the CSRF check (server/security.ts). 401 without a valid identity, 403 when a key lacks the scope.
 */
export async function authorize(rt: Runtime, req: Request, scope: Scope, allowSession: boolean): Promise<AuthResult> {
  const header = req.headers.get('authorization')
  if (header) {
    const token = bearerToken(header)
    const key = token ? findApiKey(rt.apiKeys, token) : undefined
    if (!key) return { ok: false, response: unauthorized('invalid API key') }
    if (!key.scopes.includes(scope)) {
      return { ok: false, response: json({ error: `API key "${key.name}" lacks the "${scope}" scope` } satisfies MessageBody, 403) }
    }
    return { ok: true, caller: { kind: 'key', name: key.name, scopes: key.scopes } }
  }
  if (allowSession) {
    const session = await sessionFromCookieHeader(sessionDeps(rt), req.headers.get('cookie') ?? undefined)
    if (session) return { ok: true, caller: { kind: 'user', user: session.user } }
  }
  return { ok: false, response: unauthorized(allowSession ? 'sign in or send Authorization: Bearer <API key>' : 'send Authorization: Bearer <API key>') }
}

function unauthorized(message: string): Response {
  return json({ error: message } satisfies MessageBody, 401, { 'www-authenticate': 'Bearer realm="stockpulse"' })
}

/** Read a body of at most `limit` bytes; undefined when it is larger. */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > limit) return undefined
  if (!req.body) return new Uint8Array()
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}
