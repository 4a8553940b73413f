/**
 * API keys that admins create and revoke on /governance, stored in ClickHouse (migration 023),
 * next to the ones configured in API_KEYS (api-keys.ts), which keep working.
 *
 * A secret is `sp_` + 32 random bytes (base64url): answered once by the create and never stored;
 * the table holds its SHA-256 (why that suffices: the migration's comment) and a short prefix to
 * tell keys apart. Look-ups go through the directory's in-memory copy (identity.ts), so a revoke
 * is refused on every node as soon as its invalidation message arrives.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { ApiKeyRow } from '@/lib/clickhouse/queries/identity'
import { appendApiKey } from '@/lib/clickhouse/queries/identity'
import { recordAudit } from '@/lib/audit/store'
import type { AuditActor } from '@/lib/audit/types'
import { apiKeyLastUsedKey } from '@/lib/redis-keys'
import type { Scope, User } from './roles'
import type { ApiKeyBody, ApiKeyCreate, ApiKeyCreated } from './api-schemas'
import { nextVersion, type Identity } from './identity'

export const SECRET_PREFIX = 'sp_'
/** Characters of the secret kept and shown: `sp_` and 6 of the random part (36 bits: recognisable, useless to guess from). */
const SHOWN = SECRET_PREFIX.length + 6

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex')

/** A stored key as the caller it authenticates. */
export interface StoredKey {
  id: string
  name: string
  scopes: Scope[]
  /** Empty: every location. */
  locations: string[]
}

export const personActor = (u: User): AuditActor => ({ kind: 'person', id: u.id, name: u.name })

function bodyOf(r: ApiKeyRow, lastUsed: string | null): ApiKeyBody {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as Scope[],
    locations: r.locations,
    created_by: r.created_by,
    created_at: r.created_at,
    last_used_at: lastUsed,
    revoked_at: r.revoked_at,
    revoked_by: r.revoked_at ? r.revoked_by : null,
  }
}

/** The key view the audit trail keeps (no hash). */
const auditView = (r: ApiKeyRow) => ({ name: r.name, prefix: r.prefix, scopes: r.scopes, locations: r.locations, revoked_at: r.revoked_at })

/** Every stored key, newest first, revoked ones too. */
export async function listApiKeys(identity: Identity): Promise<ApiKeyBody[]> {
  const rows = await identity.apiKeyRows()
  const lastUsed = rows.length ? await identity.deps.redis.hgetall(apiKeyLastUsedKey(identity.deps.prefix)) : {}
  return rows.map((r) => bodyOf(r, lastUsed[r.id] ?? null)).sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id))
}

/**
 * Create a key. `reservedNames` are the names of the API_KEYS keys: a stored key may not take one
 * (the name says which key acted, in the audit trail). 'taken' when the name is in use.
 */
export async function createApiKey(identity: Identity, input: ApiKeyCreate, by: User, reservedNames: string[]): Promise<ApiKeyCreated | 'taken' | 'busy'> {
  const result = await identity.withLock(`key-name:${input.name}`, async () => {
    identity.invalidate()
    const rows = await identity.apiKeyRows()
    if (reservedNames.includes(input.name) || rows.some((r) => r.name === input.name && !r.revoked_at)) return 'taken' as const
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url')
    const row: ApiKeyRow = {
      id: `key_${randomUUID().replaceAll('-', '')}`,
      name: input.name,
      hash: sha256Hex(secret),
      prefix: secret.slice(0, SHOWN),
      scopes: [...input.scopes],
      locations: [...new Set(input.locations)],
      created_by: by.email,
      created_at: new Date().toISOString(),
      revoked_at: null,
      revoked_by: '',
      version: nextVersion(),
    }
    await appendApiKey(identity.deps.clickhouse, row)
    await identity.changed()
    await recordAudit(identity.deps, [{ kind: 'api_key.create', actor: personActor(by), subject_type: 'api_key', subject_id: row.id, before: null, after: auditView(row) }])
    return { key: bodyOf(row, null), secret }
  })
  return result
}

/** Revoke a key: refused from then on, on every node. undefined when there is no such key; a revoked key stays as it is. */
export async function revokeApiKey(identity: Identity, id: string, by: User): Promise<ApiKeyBody | undefined | 'busy'> {
  return identity.withLock(`key:${id}`, async () => {
    // Read fresh: the copy may be a few seconds old.
    identity.invalidate()
    const latest = (await identity.apiKeyRows()).find((r) => r.id === id)
    if (!latest) return undefined
    if (latest.revoked_at) return bodyOf(latest, null)
    const row: ApiKeyRow = { ...latest, revoked_at: new Date().toISOString(), revoked_by: by.email, version: nextVersion(latest) }
    await appendApiKey(identity.deps.clickhouse, row)
    await identity.changed()
    await recordAudit(identity.deps, [{ kind: 'api_key.revoke', actor: personActor(by), subject_type: 'api_key', subject_id: id, before: auditView(latest), after: auditView(row) }])
    return bodyOf(row, null)
  })
}

/** Last-used writes this process made, per key id (ms): at most one a minute per key. */
const lastTouched = new Map<string, number>()

/**
 * The stored, unrevoked key whose secret is `presented`, or undefined. The look-up is by the
 * SHA-256 of what was presented: the hashes of 256-bit random secrets leak nothing useful through
 * timing, so a map look-up needs no constant-time compare.
 */
export async function findStoredKey(identity: Identity, presented: string): Promise<StoredKey | undefined> {
  if (!presented.startsWith(SECRET_PREFIX)) return undefined
  const h = sha256Hex(presented)
  const row = (await identity.apiKeyRows()).find((r) => r.hash === h && !r.revoked_at)
  if (!row) return undefined
  const now = Date.now()
  if ((lastTouched.get(row.id) ?? 0) < now - 60_000) {
    lastTouched.set(row.id, now)
    // Best effort: a Redis hiccup must not refuse the call.
    identity.deps.redis.hset(apiKeyLastUsedKey(identity.deps.prefix), row.id, new Date(now).toISOString()).catch(() => lastTouched.delete(row.id))
  }
  return { id: row.id, name: row.name, scopes: row.scopes as Scope[], locations: row.locations }
}
