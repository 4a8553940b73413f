/**
 * Local users and stored API keys on real Redis and chDB: only a signed-in admin manages them;
 * a created key works with its scopes only and carries its location restriction; its secret is
 * answered once and stored nowhere in clear; a revoke is refused at once, on this node and on
 * another one (pub/sub); users sign in with argon2id-hashed passwords until disabled.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Identity } from '@/lib/auth/identity'
import { findStoredKey } from '@/lib/auth/api-key-store'
import { authenticate, findUser } from '@/lib/auth/users'
import { identityLockKey } from '@/lib/redis-keys'
import { authorize } from '@/server/api/http'
import { sessionCookie } from '../helpers/socket'
import { createTestRuntime, READ_SECRET, INGEST_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleCreateApiKey, handleCreateUser, handleKpis, handleListApiKeys, handleListUsers, handleRevokeApiKey, handleUpdateUser } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('identity.test.ts')

let t: TestRuntime
let other: Identity | undefined

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
}, 60_000)

afterAll(async () => {
  await other?.close()
  await t?.cleanup()
})

async function as(userId: string): Promise<Record<string, string>> {
  // A real server-side session (lib/auth/session.ts), as signing in makes.
  return { cookie: await sessionCookie(t.rt, userId) }
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const jsonPost = (url: string, headers: Record<string, string>, body: unknown) =>
  new Request(`http://t${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://t${url}`, { headers })

async function rows(table: 'api_keys' | 'users'): Promise<Record<string, unknown>[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: `SELECT * FROM ${table}`, format: 'JSONEachRow' })
  return rs.json()
}

describe('API keys', () => {
  it('are managed by signed-in admins only', async () => {
    const body = { name: 'nope', scopes: ['read'] }
    expect((await handleListApiKeys(t.rt, get('/api/v1/api-keys'))).status).toBe(401)
    expect((await handleListApiKeys(t.rt, get('/api/v1/api-keys', await as('u-planner')))).status).toBe(403)
    expect((await handleListApiKeys(t.rt, get('/api/v1/api-keys', bearer(READ_SECRET)))).status).toBe(403)
    expect((await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', {}, body))).status).toBe(401)
    expect((await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', await as('u-ops'), body))).status).toBe(403)
    expect((await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', bearer(INGEST_SECRET), body))).status).toBe(403)
    expect((await handleRevokeApiKey(t.rt, jsonPost('/api/v1/api-keys/x/revoke', {}, {}), { id: 'x' })).status).toBe(401)
    expect((await handleRevokeApiKey(t.rt, jsonPost('/api/v1/api-keys/x/revoke', await as('u-exec'), {}), { id: 'x' })).status).toBe(403)
    expect(await rows('api_keys')).toEqual([])
  })

  it('refuses bad input naming the field, and writes nothing', async () => {
    const admin = await as('u-admin')
    const bad = async (body: unknown) => {
      const res = await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, body))
      expect(res.status).toBe(400)
      return ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)
    }
    expect(await bad({ scopes: ['read'] })).toEqual(['name'])
    expect(await bad({ name: 'has space', scopes: ['read'] })).toEqual(['name'])
    expect(await bad({ name: 'k', scopes: ['admin'] })).toEqual(['scopes.0'])
    expect(await bad({ name: 'k', scopes: [] })).toEqual(['scopes'])
    expect(await bad({ name: 'k', scopes: ['read'], locations: ['S 01'] })).toEqual(['locations.0'])
    // A name from API_KEYS is taken.
    expect(await bad({ name: 'dash', scopes: ['read'] })).toEqual(['name'])
    // Not JSON, or too big: 415 and 413 as on every other JSON route, naming the part.
    const raw = (url: string, contentType: string, body: string) => new Request(`http://t${url}`, { method: 'POST', headers: { ...admin, 'content-type': contentType }, body })
    const routes = [
      (ct: string, body: string) => handleCreateApiKey(t.rt, raw('/api/v1/api-keys', ct, body)),
      (ct: string, body: string) => handleCreateUser(t.rt, raw('/api/v1/users', ct, body)),
      (ct: string, body: string) => handleUpdateUser(t.rt, raw('/api/v1/users/usr_x', ct, body), { id: 'usr_x' }),
    ]
    for (const post of routes) {
      const notJson = await post('text/plain', '{"name":"k"}')
      expect(notJson.status).toBe(415)
      expect(((await notJson.json()) as { errors: { path: string }[] }).errors[0].path).toBe('content-type')
      const huge = await post('application/json', JSON.stringify({ name: 'k', pad: 'x'.repeat(20_000) }))
      expect(huge.status).toBe(413)
      expect(((await huge.json()) as { errors: { path: string }[] }).errors[0].path).toBe('body')
      expect((await post('application/json', '{"name":')).status).toBe(400)
    }
    expect(await rows('users')).toEqual([])
    expect((await handleRevokeApiKey(t.rt, jsonPost('/api/v1/api-keys/a b/revoke', admin, {}), { id: 'a b' })).status).toBe(400)
    expect((await handleRevokeApiKey(t.rt, jsonPost('/api/v1/api-keys/key_none/revoke', admin, {}), { id: 'key_none' })).status).toBe(404)
    expect(await rows('api_keys')).toEqual([])
  })

  it('work with their scopes only, carry their locations, show their secret once and are refused right after a revoke', async () => {
    const admin = await as('u-admin')
    const res = await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, { name: 'north-dash', scopes: ['read'], locations: ['S01', 'S02'] }))
    expect(res.status).toBe(201)
    const created = (await res.json()) as { key: { id: string; prefix: string; scopes: string[]; locations: string[] }; secret: string }
    const { secret, key } = created
    expect(secret).toMatch(/^sp_[A-Za-z0-9_-]{43}$/)
    expect(secret.startsWith(key.prefix)).toBe(true)
    expect(key).toMatchObject({ scopes: ['read'], locations: ['S01', 'S02'] })

    // Its scope: read yes, ingest no.
    expect((await handleKpis(t.rt, get('/api/v1/kpis', bearer(secret)))).status).toBe(200)
    const ingest = await authorize(t.rt, new Request('http://t/api/v1/events', { method: 'POST', headers: bearer(secret) }), 'ingest', false)
    expect(ingest.ok).toBe(false)
    if (!ingest.ok) expect(ingest.response.status).toBe(403)
    const feeder = (await (await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, { name: 'feeder', scopes: ['ingest'] }))).json()) as { secret: string }
    expect((await handleKpis(t.rt, get('/api/v1/kpis', bearer(feeder.secret)))).status).toBe(403)
    // Its location restriction, in the Caller.
    const read = await authorize(t.rt, get('/api/v1/kpis', bearer(secret)), 'read', false)
    expect(read.ok && read.caller).toEqual({ kind: 'key', name: 'north-dash', scopes: ['read'], locations: ['S01', 'S02'] })
    // Keys from API_KEYS keep working, with no restriction.
    const env = await authorize(t.rt, get('/api/v1/kpis', bearer(READ_SECRET)), 'read', false)
    expect(env.ok && env.caller).toEqual({ kind: 'key', name: 'dash', scopes: ['read'] })

    // Never answered again, never stored in clear.
    const list = await handleListApiKeys(t.rt, get('/api/v1/api-keys', admin))
    expect(list.status).toBe(200)
    const listed = await list.text()
    expect(listed).not.toContain(secret)
    expect(listed).not.toContain(secret.slice(10))
    const [listedKey] = (JSON.parse(listed) as { keys: Record<string, unknown>[] }).keys
    expect(Object.keys(listedKey)).not.toContain('hash')
    expect(listedKey.last_used_at).toEqual(expect.any(String))
    const stored = (await rows('api_keys')).filter((r) => r.name === 'north-dash')
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(secret.slice(3, 20))
    expect(stored[0].hash).toBe(createHash('sha256').update(secret).digest('hex'))

    // Another node, its copy warm.
    other = new Identity({ ...t.rt.identity.deps })
    await other.start()
    expect(await findStoredKey(other, secret)).toMatchObject({ name: 'north-dash' })

    const revoked = await handleRevokeApiKey(t.rt, jsonPost(`/api/v1/api-keys/${key.id}/revoke`, admin, {}), { id: key.id })
    expect(revoked.status).toBe(200)
    expect(await revoked.json()).toMatchObject({ id: key.id, revoked_by: 'admin@stockpulse.demo', revoked_at: expect.any(String) })
    // Right after: 401 here, and refused on the other node as soon as the message arrives.
    const after = await handleKpis(t.rt, get('/api/v1/kpis', bearer(secret)))
    expect(after.status).toBe(401)
    const started = Date.now()
    await waitFor(async () => (await findStoredKey(other!, secret)) === undefined, 2_000)
    expect(Date.now() - started).toBeLessThan(2_000)
    // The list still shows it, revoked; revoking again changes nothing.
    const again = await handleRevokeApiKey(t.rt, jsonPost(`/api/v1/api-keys/${key.id}/revoke`, admin, {}), { id: key.id })
    expect(again.status).toBe(200)
    expect((await rows('api_keys')).filter((r) => r.name === 'north-dash')).toHaveLength(2)
    // Its name is free again.
    expect((await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, { name: 'north-dash', scopes: ['ingest', 'read'] }))).status).toBe(201)
  })

  it('are refused after the cache time to live by a node that missed the message', async () => {
    const admin = await as('u-admin')
    const { secret, key } = (await (await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, { name: 'deaf', scopes: ['read'] }))).json()) as { secret: string; key: { id: string } }
    // A node that never subscribed: it hears nothing.
    const deaf = new Identity({ ...t.rt.identity.deps }, 400)
    expect(await findStoredKey(deaf, secret)).toMatchObject({ name: 'deaf' })
    expect((await handleRevokeApiKey(t.rt, jsonPost(`/api/v1/api-keys/${key.id}/revoke`, admin, {}), { id: key.id })).status).toBe(200)
    expect(await findStoredKey(deaf, secret)).toMatchObject({ name: 'deaf' })
    await new Promise((r) => setTimeout(r, 450))
    expect(await findStoredKey(deaf, secret)).toBeUndefined()
  })

  it('answers 503 while another admin holds the same key', async () => {
    const admin = await as('u-admin')
    const { redis } = t.rt
    await redis.set(identityLockKey(t.rt.redisPrefix, 'key-name:held'), 'someone', 'PX', 5_000)
    await redis.set(identityLockKey(t.rt.redisPrefix, 'key:key_held'), 'someone', 'PX', 5_000)
    expect((await handleCreateApiKey(t.rt, jsonPost('/api/v1/api-keys', admin, { name: 'held', scopes: ['read'] }))).status).toBe(503)
    expect((await handleRevokeApiKey(t.rt, jsonPost('/api/v1/api-keys/key_held/revoke', admin, {}), { id: 'key_held' })).status).toBe(503)
    expect((await rows('api_keys')).some((r) => r.name === 'held')).toBe(false)
  })
})

describe('local users', () => {
  const password = 'a long enough passphrase'

  it('are managed by signed-in admins only', async () => {
    const body = { email: 'x@example.com', name: 'X', role: 'planner', password }
    expect((await handleListUsers(t.rt, get('/api/v1/users'))).status).toBe(401)
    expect((await handleListUsers(t.rt, get('/api/v1/users', await as('u-planner')))).status).toBe(403)
    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', await as('u-ops'), body))).status).toBe(403)
    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', bearer(READ_SECRET), body))).status).toBe(403)
    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', {}, body))).status).toBe(401)
    expect((await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_x', await as('u-exec'), { disabled: true }), { id: 'usr_x' })).status).toBe(403)
    expect((await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_x', {}, { disabled: true }), { id: 'usr_x' })).status).toBe(401)
    expect(await rows('users')).toEqual([])
  })

  it('refuses bad input naming the field', async () => {
    const admin = await as('u-admin')
    const bad = async (body: unknown) => {
      const res = await handleCreateUser(t.rt, jsonPost('/api/v1/users', admin, body))
      expect(res.status).toBe(400)
      return ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)
    }
    const ok = { email: 'p@example.com', name: 'P', role: 'planner', password }
    expect(await bad({ ...ok, password: 'short' })).toEqual(['password'])
    expect(await bad({ ...ok, email: 'not an email' })).toEqual(['email'])
    expect(await bad({ ...ok, role: 'root' })).toEqual(['role'])
    expect(await bad({ ...ok, regions: 'North' })).toEqual(['regions'])
    const upd = await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_x', admin, { password: 'short' }), { id: 'usr_x' })
    expect(upd.status).toBe(400)
    expect(((await upd.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['password'])
    expect((await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_x', admin, { password_hash: 'x' }), { id: 'usr_x' })).status).toBe(400)
    expect((await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_none', admin, { disabled: true }), { id: 'usr_none' })).status).toBe(404)
    expect(await rows('users')).toEqual([])
  })

  it('sign in with their password until disabled; the hash is argon2id and never answered', async () => {
    const admin = await as('u-admin')
    const res = await handleCreateUser(t.rt, jsonPost('/api/v1/users', admin, { email: ' Nora@Example.com ', name: 'Nora North', role: 'planner', regions: ['North'], locations: ['S09'], password }))
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; email: string }
    expect(created).toMatchObject({ email: 'nora@example.com', role: 'planner', regions: ['North'], locations: ['S09'], disabled: false, updated_by: 'Ada Admin' })
    expect(Object.keys(created)).not.toContain('password_hash')
    const [row] = await rows('users')
    expect(row.password_hash).toMatch(/^\$argon2id\$/)
    expect(JSON.stringify(row)).not.toContain(password)

    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', admin, { email: 'nora@example.com', name: 'Again', role: 'admin', password }))).status).toBe(409)
    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', admin, { email: 'admin@stockpulse.demo', name: 'Demo', role: 'admin', password }))).status).toBe(409)

    // Sign in: right password yes (in demo mode and without it), wrong password no.
    expect(await authenticate('NORA@example.com', password, false, t.rt.identity)).toEqual({ id: created.id, email: 'nora@example.com', name: 'Nora North', role: 'planner', regions: ['North'], locations: ['S09'] })
    expect(await authenticate('nora@example.com', `${password}!`, true, t.rt.identity)).toBeUndefined()
    // Her session reads (the read routes take a session).
    const nora = await as(created.id)
    expect((await handleKpis(t.rt, get('/api/v1/kpis', nora))).status).toBe(200)
    expect((await handleListUsers(t.rt, get('/api/v1/users', nora))).status).toBe(403)

    const list = await handleListUsers(t.rt, get('/api/v1/users', admin))
    expect(list.status).toBe(200)
    expect(await list.text()).not.toContain('argon2')

    // Disabled: no sign-in, and her session stops working.
    const dis = await handleUpdateUser(t.rt, jsonPost(`/api/v1/users/${created.id}`, admin, { disabled: true }), { id: created.id })
    expect(dis.status).toBe(200)
    expect(await dis.json()).toMatchObject({ disabled: true, regions: ['North'] })
    expect(await authenticate('nora@example.com', password, true, t.rt.identity)).toBeUndefined()
    expect(await findUser(created.id, t.rt.identity)).toBeUndefined()
    expect((await handleKpis(t.rt, get('/api/v1/kpis', nora))).status).toBe(401)

    // Enabled again as an admin with a new password: the old one no longer works.
    const newPassword = 'another long passphrase'
    const upd = await handleUpdateUser(t.rt, jsonPost(`/api/v1/users/${created.id}`, admin, { disabled: false, role: 'admin', regions: [], password: newPassword }), { id: created.id })
    expect(upd.status).toBe(200)
    expect(await authenticate('nora@example.com', password, true, t.rt.identity)).toBeUndefined()
    expect((await authenticate('nora@example.com', newPassword, true, t.rt.identity))?.role).toBe('admin')
    const all = await rows('users')
    expect(all).toHaveLength(3)
    expect(new Set(all.map((r) => r.password_hash)).size).toBe(2)
    // An admin cannot lock themselves out.
    const self = await handleUpdateUser(t.rt, jsonPost(`/api/v1/users/${created.id}`, nora, { disabled: true }), { id: created.id })
    expect(self.status).toBe(400)
    expect(((await self.json()) as { errors: { path: string }[] }).errors[0].path).toBe('disabled')
    expect((await findUser(created.id, t.rt.identity))?.role).toBe('admin')
  })

  it('answers 503 while another admin changes the same user', async () => {
    const admin = await as('u-admin')
    await t.rt.redis.set(identityLockKey(t.rt.redisPrefix, 'email:held@example.com'), 'someone', 'PX', 5_000)
    await t.rt.redis.set(identityLockKey(t.rt.redisPrefix, 'user:usr_held'), 'someone', 'PX', 5_000)
    expect((await handleCreateUser(t.rt, jsonPost('/api/v1/users', admin, { email: 'held@example.com', name: 'H', role: 'planner', password }))).status).toBe(503)
    expect((await handleUpdateUser(t.rt, jsonPost('/api/v1/users/usr_held', admin, { disabled: true }), { id: 'usr_held' })).status).toBe(503)
  })

  it('demo users sign in only in demo mode, and not with a local user’s email', async () => {
    expect((await authenticate('planner@stockpulse.demo', 'stockpulse', true, t.rt.identity))?.id).toBe('u-planner')
    expect(await authenticate('planner@stockpulse.demo', 'stockpulse', false, t.rt.identity)).toBeUndefined()
    expect(await authenticate('nobody@example.com', 'stockpulse', true, t.rt.identity)).toBeUndefined()
  })
})
