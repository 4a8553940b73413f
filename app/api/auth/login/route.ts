import { NextResponse } from 'next/server'
import { z } from 'zod'
import { getRuntime } from '@/server/runtime'
import { getSession } from '@/server/session'
import { authenticate } from '@/lib/auth/users'

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

export async function POST(req: Request) {
  const isForm = (req.headers.get('content-type') ?? '').includes('form')
  const raw = isForm ? Object.fromEntries(await req.formData()) : await req.json().catch(() => ({}))
  const p = form.safeParse(raw)
  const back = (error: string) =>
    isForm
      ? seeOther(`/login?error=${encodeURIComponent(error)}&next=${encodeURIComponent(safeNext(raw?.next))}`)
      : NextResponse.json({ error }, { status: p.success ? 401 : 400 })
  if (!p.success) return back(p.error.issues[0].message)
  const user = await authenticate(p.data.email, p.data.password, getRuntime().config.DEMO_MODE)
  if (!user) return back('wrong email or password')
  const session = await getSession()
  session.userId = user.id
  await session.save()
  return isForm ? seeOther(safeNext(p.data.next)) : NextResponse.json({ user: { email: user.email, role: user.role } })
}
