/**
 * Local users that admins manage (POST /api/v1/users, /governance, `npm run user:create`), stored
 * as append-only rows in ClickHouse (migration 023): create, change role and scope, disable,
 * set a new password. Every change is audited ('user.change', without hashes) and invalidates
 * every node's copy of the directory (identity.ts).
 */
import { randomUUID } from 'node:crypto'
import { appendUser, type UserRow } from '@/lib/clickhouse/queries/identity'
import { recordAudit } from '@/lib/audit/store'
import type { AuditActor } from '@/lib/audit/types'
import type { UserBody, UserCreate, UserUpdate } from './api-schemas'
import { DEMO_USERS, hashPassword, normaliseEmail } from './users'
import { nextVersion, type Identity } from './identity'

export const userBody = (r: UserRow): UserBody => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as UserBody['role'],
  regions: r.regions,
  locations: r.locations,
  disabled: r.disabled,
  updated_by: r.updated_by,
  updated_at: r.updated_at,
})

/** What the audit trail keeps of a user: no hash, only whether the password changed. */
const auditView = (r: UserRow) => ({ email: r.email, name: r.name, role: r.role, regions: r.regions, locations: r.locations, disabled: r.disabled })

export async function listUsers(identity: Identity): Promise<UserBody[]> {
  return (await identity.userRows()).map(userBody).sort((a, b) => a.email.localeCompare(b.email))
}

/** Create a local user. 'taken' when a user (or a demo user) has that email. */
export async function createUser(identity: Identity, input: UserCreate, by: AuditActor): Promise<UserBody | 'taken' | 'busy'> {
  const email = normaliseEmail(input.email)
  return identity.withLock(`email:${email}`, async () => {
    identity.invalidate()
    if (DEMO_USERS.some((u) => u.email === email) || (await identity.userRows()).some((u) => u.email === email)) return 'taken' as const
    const row: UserRow = {
      id: `usr_${randomUUID().replaceAll('-', '')}`,
      email,
      name: input.name,
      role: input.role,
      regions: [...new Set(input.regions)],
      locations: [...new Set(input.locations)],
      password_hash: await hashPassword(input.password),
      disabled: false,
      updated_by: by.name,
      updated_at: new Date().toISOString(),
      version: nextVersion(),
    }
    await appendUser(identity.deps.clickhouse, row)
    await identity.changed()
    await recordAudit(identity.deps, [{ kind: 'user.change', actor: by, subject_type: 'user', subject_id: email, before: null, after: { ...auditView(row), password_changed: true }, reason: 'created' }])
    return userBody(row)
  })
}

/** Change a local user; absent fields stay. undefined when there is no such user. */
export async function updateUser(identity: Identity, id: string, patch: UserUpdate, by: AuditActor): Promise<UserBody | undefined | 'busy'> {
  return identity.withLock(`user:${id}`, async () => {
    identity.invalidate()
    const latest = (await identity.userRows()).find((u) => u.id === id)
    if (!latest) return undefined
    const row: UserRow = {
      ...latest,
      name: patch.name ?? latest.name,
      role: patch.role ?? latest.role,
      regions: patch.regions ? [...new Set(patch.regions)] : latest.regions,
      locations: patch.locations ? [...new Set(patch.locations)] : latest.locations,
      disabled: patch.disabled ?? latest.disabled,
      password_hash: patch.password ? await hashPassword(patch.password) : latest.password_hash,
      updated_by: by.name,
      updated_at: new Date().toISOString(),
      version: nextVersion(latest),
    }
    await appendUser(identity.deps.clickhouse, row)
    await identity.changed()
    await recordAudit(identity.deps, [{ kind: 'user.change', actor: by, subject_type: 'user', subject_id: row.email, before: auditView(latest), after: { ...auditView(row), password_changed: Boolean(patch.password) } }])
    return userBody(row)
  })
}
