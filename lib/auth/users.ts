/**
 * People who sign in. In demo mode (DEMO_MODE=on, the default) the demo users below exist, one
 * per role; the README lists them. Passwords are checked against scrypt hashes (node:crypto),
 * never kept in clear.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto'
import type { User } from './roles'

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

const SALT = 'stockpulse-demo'
const hash = (password: string) => scryptSync(password, SALT, 32)
let demoHash: Buffer | undefined

/** The user with these credentials, or undefined. */
export function authenticate(email: string, password: string, demoMode: boolean): User | undefined {
  if (!demoMode) return undefined
  const user = DEMO_USERS.find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
  demoHash ??= hash(DEMO_PASSWORD)
  // Hash even for unknown users so timing does not tell which emails exist.
  const ok = timingSafeEqual(hash(password), demoHash)
  return user && ok ? user : undefined
}

export function findUser(id: string): User | undefined {
  return DEMO_USERS.find((u) => u.id === id)
}
