/** Sessions inside Next.js pages and route handlers (next/headers cookies). */
import { cookies } from 'next/headers'
import { getIronSession } from 'iron-session'
import { sessionOptions, type SessionData } from '@/lib/auth/session'
import { findUser } from '@/lib/auth/users'
import type { User } from '@/lib/auth/roles'
import { getRuntime } from './runtime'

export async function getSession() {
  const rt = getRuntime()
  return getIronSession<SessionData>(await cookies(), sessionOptions(rt.sessionPassword, rt.config.COOKIE_SECURE))
}

export async function currentUser(): Promise<User | undefined> {
  const s = await getSession()
  return s.userId ? await findUser(s.userId) : undefined
}
