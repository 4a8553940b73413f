import { NextResponse } from 'next/server'
import { getSession } from '@/server/session'

export const dynamic = 'force-dynamic'

export async function POST() {
  const session = await getSession()
  session.destroy()
  return new NextResponse(null, { status: 303, headers: { location: '/login' } })
}
