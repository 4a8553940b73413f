/**
 * People who sign in. In demo mode (DEMO_MODE=on, the default) the demo users below exist, one
 * per role; the README lists them. Passwords are checked against scrypt hashes (node:crypto),
 * never kept in clear.
 */
import { scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { User } from './roles'

export const DEMO_PASSWORD = 'stockpulse'

export const DEMO_USERS: User[] = [
  { id: 'u-admin', email: 'admin@stockpulse.demo', name: 'Ada Admin', role: 'admin', regions: [] },
  { id: 'u-ops', email: 'ops@stockpulse.demo', name: 'Omar Ops', role: 'ops_manager', regions: [] },
  { id: 'u-planner', email: 'planner@stockpulse.demo', name: 'Priya Planner', role: 'planner', regions: [] },
  { id: 'u-exec', email: 'exec@stockpulse.demo', name: 'Elena Executive', role: 'executive', regions: [] },
]

const SALT = 'stockpulse-demo'
// Async scrypt: hashed on libuv's thread pool, not on the event loop (scryptSync held every request).
const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>
const hash = (password: string) => scryptAsync(password, SALT, 32)
let demoHash: Promise<Buffer> | undefined

/** The user with these credentials, or undefined. */
export async function authenticate(email: string, password: string, demoMode: boolean): Promise<User | undefined> {
  if (!demoMode) return undefined
  const user = DEMO_USERS.find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
  demoHash ??= hash(DEMO_PASSWORD)
  // Hash even for unknown users so timing does not tell which emails exist.
  const ok = timingSafeEqual(await hash(password), await demoHash)
  return user && ok ? user : undefined
}

export function findUser(id: string): User | undefined {
  return DEMO_USERS.find((u) => u.id === id)
}
