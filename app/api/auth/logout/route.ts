import { NextResponse } from 'next/server'
import { getRuntime } from '@/server/runtime'
import { getSession } from '@/server/session'
import { findUser } from '@/lib/auth/users'
import { clientAddress } from '@/lib/api/client-address'
import { signOutEntry } from '@/lib/audit/entries'
import { recordAuditOrPark } from '@/lib/audit/store'
import { logger } from '@/lib/log'

export const dynamic = 'force-dynamic'

const log = logger('auth')

/** Ends the session; a signed-in person's sign-out is audited (a failed write is parked or logged, never blocks it). */
export async function POST(req: Request) {
  const session = await getSession()
  const user = session.userId ? await findUser(session.userId) : undefined
  session.destroy()
  if (user) {
    const rt = getRuntime()
    await recordAuditOrPark({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }, [signOutEntry(user, clientAddress(req))], log).catch(() => undefined)
  }
  return new NextResponse(null, { status: 303, headers: { location: '/login' } })
}
