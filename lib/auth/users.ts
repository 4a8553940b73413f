/**
 * People who sign in: local users that admins manage (user-store.ts, migration 023), and in demo
 * mode (DEMO_MODE=on, the default) the demo users below, one per role; the README lists them.
 *
 * Passwords are checked against argon2id hashes (@node-rs/argon2, with its defaults: 19 MiB, 2
 * passes, 1 lane, OWASP's minimum for argon2id), computed on libuv's thread pool, off the event
 * loop. An unknown email is verified against a dummy hash, so the answer takes about as long
 * whether the email exists or not.
 */
import { hash, verify } from '@node-rs/argon2'
import { randomBytes } from 'node:crypto'
import type { UserRow } from '../clickhouse/queries/identity'
import type { Role, User } from './roles'
import { currentIdentity, type Identity } from './identity'

export const DEMO_PASSWORD = 'stockpulse'

export const DEMO_USERS: User[] = [
  { id: 'u-admin', email: 'admin@stockpulse.demo', name: 'Ada Admin', role: 'admin', regions: [], locations: [] },
  { id: 'u-ops', email: 'ops@stockpulse.demo', name: 'Omar Ops', role: 'ops_manager', regions: [], locations: [] },
  { id: 'u-planner', email: 'planner@stockpulse.demo', name: 'Priya Planner', role: 'planner', regions: [], locations: [] },
  { id: 'u-exec', email: 'exec@stockpulse.demo', name: 'Elena Executive', role: 'executive', regions: [], locations: [] },
  // Scoped to one region of the simulated retailer (lib/sim/world.ts names them north, south, ...).
  { id: 'u-planner-north', email: 'planner-north@stockpulse.demo', name: 'Nina North', role: 'planner', regions: ['north'], locations: [] },
  { id: 'u-ops-north', email: 'ops-north@stockpulse.demo', name: 'Noah North', role: 'ops_manager', regions: ['north'], locations: [] },
]

/** Hash a password with argon2id (off the event loop). */
export const hashPassword = (password: string) => hash(password)

let demoHash: Promise<string> | undefined
let dummyHash: Promise<string> | undefined

async function verifySafely(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export const userOf = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role as Role, regions: r.regions, locations: r.locations })

/**
 * The user with these credentials, or undefined: an enabled local user whose password matches,
 * else in demo mode a demo user with the demo password. `identity` defaults to the process's
 * directory (identity.ts); without one only demo users exist.
 */
export async function authenticate(email: string, password: string, demoMode: boolean, identity: Identity | undefined = currentIdentity()): Promise<User | undefined> {
  const e = normaliseEmail(email)
  const local = identity ? (await identity.userRows()).find((u) => u.email === e) : undefined
  if (local) {
    // Verify even when disabled, so the time does not tell a disabled account apart.
    const ok = await verifySafely(local.password_hash, password)
    return ok && !local.disabled ? userOf(local) : undefined
  }
  const demo = demoMode ? DEMO_USERS.find((u) => u.email === e) : undefined
  if (demo) {
    demoHash ??= hash(DEMO_PASSWORD)
    return (await verifySafely(await demoHash, password)) ? demo : undefined
  }
  dummyHash ??= hash(randomBytes(16).toString('hex'))
  await verifySafely(await dummyHash, password)
  return undefined
}

/**
 * The signed-in person behind a session's user id: an enabled local user, or in demo mode a demo
 * user. A disabled user is nobody: their sessions stop working at once.
 */
export async function findUser(id: string, identity: Identity | undefined = currentIdentity()): Promise<User | undefined> {
  if (!identity) return DEMO_USERS.find((u) => u.id === id)
  const local = (await identity.userRows()).find((u) => u.id === id)
  if (local) return local.disabled ? undefined : userOf(local)
  return identity.demoMode ? DEMO_USERS.find((u) => u.id === id) : undefined
}
