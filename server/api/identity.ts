/**
 * Local users and API keys, for signed-in admins only (API keys are refused, whatever their
 * scopes): the /governance page's sections call these.
 *
 * - GET /api/v1/api-keys: every stored key (never a secret or a hash).
 * - POST /api/v1/api-keys `{name, scopes, locations?}`: 201 `{key, secret}`; the secret is
 *   answered this once. 400 naming the field (a name in use is one).
 * - POST /api/v1/api-keys/{id}/revoke: 200 the key, revoked; refused on every node within moments.
 * - GET /api/v1/users, POST /api/v1/users `{email, name, role, regions?, locations?, password}`:
 *   201 the user; 409 when the email is taken.
 * - POST /api/v1/users/{id} `{name?, role?, regions?, locations?, disabled?, password?}`: 200 the user.
 * Passwords: at least 12 characters, stored as argon2id hashes, never answered.
 */
import type { Runtime } from '@/lib/runtime-types'
import type { MessageBody } from '@/lib/api/schemas'
import { apiKeyCreate, identityIdParam, userCreate, userUpdate } from '@/lib/auth/api-schemas'
import { createApiKey, listApiKeys, personActor, revokeApiKey } from '@/lib/auth/api-key-store'
import { createUser, listUsers, updateUser } from '@/lib/auth/user-store'
import { authorizePerson, badRequest, invalid, json, parseJsonBody } from './http'

const BUSY = () => json({ error: 'someone else is changing this right now; try again' } satisfies MessageBody, 503, { 'retry-after': '1' })

export async function handleListApiKeys(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_api_keys')
  if (!auth.ok) return auth.response
  return json({ keys: await listApiKeys(rt.identity) })
}

export async function handleCreateApiKey(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_api_keys')
  if (!auth.ok) return auth.response
  const body = await parseJsonBody(req, apiKeyCreate)
  if (!body.ok) return body.response
  const created = await createApiKey(rt.identity, body.data, auth.user, rt.apiKeys.map((k) => k.name))
  if (created === 'busy') return BUSY()
  if (created === 'taken') return badRequest([{ index: -1, path: 'name', message: `a key named "${body.data.name}" exists; revoke it or choose another name` }])
  return json(created, 201)
}

export async function handleRevokeApiKey(rt: Runtime, req: Request, params: { id: string }): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_api_keys')
  if (!auth.ok) return auth.response
  const id = identityIdParam.safeParse(params.id)
  if (!id.success) return invalid(id.error, 'id')
  const key = await revokeApiKey(rt.identity, id.data, auth.user)
  if (key === 'busy') return BUSY()
  if (!key) return json({ error: `no API key ${id.data}` } satisfies MessageBody, 404)
  return json(key)
}

export async function handleListUsers(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_users')
  if (!auth.ok) return auth.response
  return json({ users: await listUsers(rt.identity) })
}

export async function handleCreateUser(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_users')
  if (!auth.ok) return auth.response
  const body = await parseJsonBody(req, userCreate)
  if (!body.ok) return body.response
  const user = await createUser(rt.identity, body.data, personActor(auth.user))
  if (user === 'busy') return BUSY()
  if (user === 'taken') return json({ error: `a user with the email ${body.data.email} exists` } satisfies MessageBody, 409)
  return json(user, 201)
}

export async function handleUpdateUser(rt: Runtime, req: Request, params: { id: string }): Promise<Response> {
  const auth = await authorizePerson(rt, req, 'manage_users')
  if (!auth.ok) return auth.response
  const id = identityIdParam.safeParse(params.id)
  if (!id.success) return invalid(id.error, 'id')
  const body = await parseJsonBody(req, userUpdate)
  if (!body.ok) return body.response
  // An admin cannot lock themselves out (another admin can).
  if (id.data === auth.user.id && body.data.disabled) return badRequest([{ index: -1, path: 'disabled', message: 'you cannot disable yourself' }])
  if (id.data === auth.user.id && body.data.role && body.data.role !== 'admin') return badRequest([{ index: -1, path: 'role', message: 'you cannot take the admin role from yourself' }])
  const user = await updateUser(rt.identity, id.data, body.data, personActor(auth.user))
  if (user === 'busy') return BUSY()
  if (!user) return json({ error: `no user ${id.data}` } satisfies MessageBody, 404)
  return json(user)
}
