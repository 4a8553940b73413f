/** Small helpers for API route handlers: JSON answers, errors that name the field, auth. */
import type { z } from 'zod'
import type { Runtime } from '@/lib/runtime-types'
import { bearerToken, findApiKey } from '@/lib/auth/api-keys'
import { findStoredKey } from '@/lib/auth/api-key-store'
import { sessionDeps, sessionFromCookieHeader } from '@/lib/auth/session'
import { may, type Permission, type Scope, type User } from '@/lib/auth/roles'
import { canSeeLocation, outOfScope, type AccessScope } from '@/lib/auth/access'
import { scopeOf } from '@/server/access'
import type { FieldError } from '@/lib/events/batch'
import type { ErrorsBody, MessageBody } from '@/lib/api/schemas'
import { clientAddress } from '@/lib/api/client-address'
import { anonymousActor, personActor, refusedEntry } from '@/lib/audit/entries'
import { recordAuditOrPark } from '@/lib/audit/store'
import type { AuditActor, AuditEntryInput } from '@/lib/audit/types'
import { floodNotice, floodSummary, refusalVerdict, unrecordedRefusals } from '@/lib/audit/refusal-budget'
import { refusalCountKey } from '@/lib/redis-keys'
import { logger } from '@/lib/log'

const log = logger('api')

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

/** A key may be restricted to locations (empty or absent: the estate); a person carries regions and locations. */
export type Caller = { kind: 'key'; name: string; scopes: Scope[]; locations?: string[] } | { kind: 'user'; user: User }

/** The locations this caller may see (lib/auth/access.ts; regions expanded by server/access.ts). */
export const callerScope = (rt: Runtime, caller: Caller): Promise<AccessScope> =>
  scopeOf(rt, caller.kind === 'user' ? caller.user : { locations: caller.locations ?? [] })

/** 403 naming the location when `location` (asked for by name) is outside the scope; undefined when it may be read. */
export function refuseLocation(scope: AccessScope, location: string | undefined): Response | undefined {
  if (location === undefined || location === '' || canSeeLocation(scope, location)) return undefined
  return json({ error: outOfScope(scope, location) } satisfies MessageBody, 403)
}

/** 403 for what covers the whole estate and has no per-location form, to a scoped caller. */
export function refuseScoped(scope: AccessScope, what: string): Response | undefined {
  if (scope.all) return undefined
  return json({ error: `${what} covers the whole estate; your access is ${scope.label}` } satisfies MessageBody, 403)
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; response: Response }

/**
 * A refusal by scope (refuseLocation, refuseScoped), audited like every other refused request,
 * with its own message as the reason.
 */
export async function refuseOutside(rt: Runtime, req: Request, caller: Caller, response: Response): Promise<Response> {
  const body = (await response.clone().json().catch(() => ({}))) as { error?: string }
  return refuse(rt, req, callerActor(caller), response, body.error ?? "outside the caller's access")
}

/** Who the audit trail names as the caller. */
export function callerActor(caller: Caller): AuditActor {
  return caller.kind === 'user' ? personActor(caller.user) : { kind: 'key', id: caller.name, name: `API key ${caller.name}` }
}

/**
 * Record a refused request in the audit trail (route, method, status, why), then give its answer.
 * A failed audit write is parked or logged in full (lib/audit/store.ts) and never turns the
 * refusal into a 500: the caller still gets the 401 or 403.
 */
export async function refuse(rt: Runtime, req: Request, actor: AuditActor | null, response: Response, reason: string): Promise<Response> {
  const address = clientAddress(req)
  const who = actor ?? anonymousActor(address)
  const entries = await refusalEntries(rt, actor ? `${actor.kind}:${actor.id}` : `addr:${address}`, (why) => refusedEntry(who, req, response.status as 401 | 403, why, address), reason)
  if (entries.length) await recordAuditOrPark({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }, entries, log).catch(() => undefined)
  return response
}

/** The entries a refusal adds under the caller's per-minute budget (lib/audit/refusal-budget.ts). */
async function refusalEntries(rt: Runtime, caller: string, entry: (reason: string) => AuditEntryInput, reason: string): Promise<AuditEntryInput[]> {
  const limit = rt.config.AUDIT_REFUSALS_PER_MINUTE
  const minute = Math.floor(Date.now() / 60_000)
  const key = refusalCountKey(rt.redisPrefix, caller, minute)
  let n: number
  try {
    const [[, count]] = (await rt.redis.multi().incr(key).expire(key, 180).exec()) as [[Error | null, number]]
    n = count
  } catch {
    return [entry(reason)] // Redis unanswering: record it; the budget protects throughput, never the trail.
  }
  const out: AuditEntryInput[] = []
  if (n === 1) {
    const before = Number((await rt.redis.get(refusalCountKey(rt.redisPrefix, caller, minute - 1)).catch(() => null)) ?? 0)
    const unrecorded = unrecordedRefusals(before, limit)
    if (unrecorded > 0) {
      const summary = entry(floodSummary(unrecorded, new Date((minute - 1) * 60_000).toISOString()))
      out.push({ ...summary, inputs: { ...(summary.inputs as Record<string, unknown>), unrecorded } })
    }
  }
  const verdict = refusalVerdict(n, limit)
  if (verdict === 'record') out.push(entry(reason))
  else if (verdict === 'record-with-notice') out.push(entry(floodNotice(reason, limit)))
  return out

}

/** The key behind a Bearer token: one from API_KEYS, or a stored, unrevoked one (with its location restriction). */
async function keyCaller(rt: Runtime, token: string): Promise<Extract<Caller, { kind: 'key' }> | undefined> {
  const configured = findApiKey(rt.apiKeys, token)
  if (configured) return { kind: 'key', name: configured.name, scopes: configured.scopes, ...(configured.locations?.length ? { locations: configured.locations } : {}) }
  const stored = await findStoredKey(rt.identity, token)
  return stored ? { kind: 'key', name: stored.name, scopes: stored.scopes, ...(stored.locations.length ? { locations: stored.locations } : {}) } : undefined
}

/**
 * Who is calling: an API key (`Authorization: Bearer`) with `scope`, or, when `allowSession`, a
 * signed-in person (a live server-side session: lib/auth/session.ts). A state-changing request
 * with the cookie has already passed the CSRF check (server/security.ts). 401 without a valid
 * identity, 403 when a key lacks the scope. Every refusal is audited (kind auth.refused).
 */
export async function authorize(rt: Runtime, req: Request, scope: Scope, allowSession: boolean): Promise<AuthResult> {
  const header = req.headers.get('authorization')
  if (header) {
    const token = bearerToken(header)
    const key = token ? await keyCaller(rt, token) : undefined
    if (!key) return { ok: false, response: await refuse(rt, req, null, unauthorized('invalid API key'), 'invalid API key') }
    if (!key.scopes.includes(scope)) {
      const message = `API key "${key.name}" lacks the "${scope}" scope`
      return { ok: false, response: await refuse(rt, req, { kind: 'key', id: key.name, name: `API key ${key.name}` }, json({ error: message } satisfies MessageBody, 403), message) }
    }
    return { ok: true, caller: key }
  }
  if (allowSession) {
    const session = await sessionFromCookieHeader(sessionDeps(rt), req.headers.get('cookie') ?? undefined)
    if (session) return { ok: true, caller: { kind: 'user', user: session.user } }
  }
  const why = allowSession ? 'no valid session or API key' : 'no API key'
  return { ok: false, response: await refuse(rt, req, null, unauthorized(allowSession ? 'sign in or send Authorization: Bearer <API key>' : 'send Authorization: Bearer <API key>'), why) }
}

/**
 * A signed-in person whose role has `permission` (admin work: users, API keys). API keys are
 * refused here whatever their scopes (403; 401 when the key is not valid).
 */
export async function authorizePerson(rt: Runtime, req: Request, permission: Permission): Promise<{ ok: true; user: User } | { ok: false; response: Response }> {
  const header = req.headers.get('authorization')
  if (header) {
    const token = bearerToken(header)
    const key = token ? await keyCaller(rt, token) : undefined
    if (!key) return { ok: false, response: await refuse(rt, req, null, unauthorized('invalid API key'), 'invalid API key') }
    const message = 'API keys may not do this: sign in as an admin'
    return { ok: false, response: await refuse(rt, req, callerActor(key), json({ error: message } satisfies MessageBody, 403), message) }
  }
  const user = (await sessionFromCookieHeader(sessionDeps(rt), req.headers.get('cookie') ?? undefined))?.user
  if (!user) return { ok: false, response: await refuse(rt, req, null, unauthorized('sign in as an admin'), 'no valid session') }
  if (!may(user, permission)) {
    const message = `the ${user.role} role may not do this`
    return { ok: false, response: await refuse(rt, req, callerActor({ kind: 'user', user }), json({ error: message } satisfies MessageBody, 403), message) }
  }
  return { ok: true, user }
}

function unauthorized(message: string): Response {
  return json({ error: message } satisfies MessageBody, 401, { 'www-authenticate': 'Bearer realm="stockpulse"' })
}

/** Read a body of at most `limit` bytes; undefined when it is larger. */
/**
 * A JSON request body validated by `schema`, or the answer naming what is wrong: 415 when it is
 * not application/json, 413 past `limit` bytes, 400 when it is not JSON or zod refuses a field.
 */
export async function parseJsonBody<T extends z.ZodType>(req: Request, schema: T, limit = 16_384): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  const fail = (response: Response) => ({ ok: false as const, response })
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? '')) return fail(json({ errors: [{ index: -1, path: 'content-type', message: 'must be application/json' }] } satisfies ErrorsBody, 415))
  const raw = await readBodyLimited(req, limit)
  if (!raw) return fail(json({ errors: [{ index: -1, path: 'body', message: `must be at most ${Math.round(limit / 1024)} KiB` }] } satisfies ErrorsBody, 413))
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    return fail(badRequest([{ index: -1, path: 'body', message: 'must be a JSON object' }]))
  }
  const p = schema.safeParse(parsed)
  return p.success ? { ok: true, data: p.data } : fail(invalid(p.error))
}

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
