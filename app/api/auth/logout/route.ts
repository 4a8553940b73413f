import { getRuntime } from '@/server/runtime'
import { handleLogout } from '@/server/api/auth'

export const dynamic = 'force-dynamic'

export async function POST(req: Request) {
  return handleLogout(getRuntime(), req)
}
