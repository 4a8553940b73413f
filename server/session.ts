/** Sessions inside Next.js pages: the same reader as the API and the socket (lib/auth/session.ts). */
import { headers } from 'next/headers'
import { sessionDeps, sessionFromCookieHeader } from '@/lib/auth/session'
import type { User } from '@/lib/auth/roles'
import { getRuntime } from './runtime'

/** The signed-in user of this request, or undefined (signed out, revoked, timed out). */
export async function currentUser(): Promise<User | undefined> {
  const cookie = (await headers()).get('cookie') ?? undefined
  return (await sessionFromCookieHeader(sessionDeps(getRuntime()), cookie))?.user
}
