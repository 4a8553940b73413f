import { getRuntime } from '@/server/runtime'
import { getSession } from '@/server/session'
import { handleOidcCallback } from '@/server/api/oidc'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) =>
  handleOidcCallback(getRuntime(), req, async (user) => {
    const session = await getSession()
    session.userId = user.id
    await session.save()
  })
