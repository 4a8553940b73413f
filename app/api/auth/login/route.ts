import { getRuntime } from '@/server/runtime'
import { handleLogin } from '@/server/api/auth'

export const dynamic = 'force-dynamic'

export async function POST(req: Request) {
  return handleLogin(getRuntime(), req)
}
