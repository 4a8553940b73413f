import { NextResponse } from 'next/server'
import { z } from 'zod'
import { getRuntime } from '@/server/runtime'
import { getSession } from '@/server/session'
import { authenticate } from '@/lib/auth/users'
import { clientAddress } from '@/lib/api/client-address'
import { signInEntry, signInFailedEntry } from '@/lib/audit/entries'
import { recordAuditOrPark } from '@/lib/audit/store'
import type { AuditEntryInput } from '@/lib/audit/types'
import { logger } from '@/lib/log'

const log = logger('auth')

export const dynamic = 'force-dynamic'

const form = z.object({
  email: z.string().min(1, 'email is required').max(256),
  password: z.string().min(1, 'password is required').max(256),
  next: z.string().max(512).optional(),
})

/** Only same-site paths may follow a sign-in. */
const safeNext = (next?: string) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/board')

/**
 * A relative redirect: the browser stays on the host it used (127.0.0.1 vs localhost), so the
 * cookie just set is sent with the next request.
 */
const seeOther = (path: string) => new NextResponse(null, { status: 303, headers: { location: path } })

/**
 * Every sign-in, failed ones too, goes into the audit trail before the answer: a failed one names
 * the client's address and the email tried, never the password. A write that fails is parked for
 * the next audit writer; if it cannot even be parked, the sign-in fails (500) rather than go
 * unrecorded (lib/audit/store.ts recordAuditOrPark).
 */
async function audit(entry: AuditEntryInput): Promise<void> {
  const rt = getRuntime()
  await recordAuditOrPark({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }, [entry], log)
}

export async function POST(req: Request) {
  const address = clientAddress(req)
  const isForm = (req.headers.get('content-type') ?? '').includes('form')
  const raw = isForm ? Object.fromEntries(await req.formData()) : await req.json().catch(() => ({}))
  const p = form.safeParse(raw)
  const back = (error: string) =>
    isForm
      ? seeOther(`/login?error=${encodeURIComponent(error)}&next=${encodeURIComponent(safeNext(raw?.next))}`)
      : NextResponse.json({ error }, { status: p.success ? 401 : 400 })
  if (!p.success) {
    const email: unknown = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).email : undefined
    await audit(signInFailedEntry(typeof email === 'string' ? email : '', address, p.error.issues[0].message))
    return back(p.error.issues[0].message)
  }
  const user = await authenticate(p.data.email, p.data.password, getRuntime().config.DEMO_MODE)
  if (!user) {
    await audit(signInFailedEntry(p.data.email, address, 'wrong email or password'))
    return back('wrong email or password')
  }
  await audit(signInEntry(user, address))
  const session = await getSession()
  session.userId = user.id
  await session.save()
  return isForm ? seeOther(safeNext(p.data.next)) : NextResponse.json({ user: { email: user.email, role: user.role } })
}
