import { getRuntime } from '@/server/runtime'
import { handleRecompute } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const POST = (req: Request) => handleRecompute(getRuntime(), req)
